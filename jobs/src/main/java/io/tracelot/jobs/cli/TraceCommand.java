package io.tracelot.jobs.cli;

import io.tracelot.trace.TraceQuery;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tracelot trace lot|serial|back}: one recall question against a snapshot's index. */
@Command(name = "trace", description = "Traces a lot or serial forward, or anything backward, through a snapshot.",
    subcommands = {TraceCommand.Lot.class, TraceCommand.Serial.class, TraceCommand.Back.class})
final class TraceCommand {
  static int depth(Integer depth) {
    return depth == null ? TraceQuery.UNLIMITED : depth;
  }

  @Command(name = "lot", description = "Forward from a lot: the lots made from it, who got them, returns, stock on hand.")
  static final class Lot implements Callable<Integer> {
    @Parameters(paramLabel = "LOT") String lot;
    @Option(names = "--sku", description = "only this sku's lot (default: every sku using the lot code)") String sku;
    @Option(names = "--depth", description = "genealogy levels to follow (default: all)") Integer depth;
    @Mixin TraceOutput output;

    @Override
    public Integer call() throws Exception {
      return output.run(new TraceQuery.ForwardLot(lot, sku, depth(depth)));
    }
  }

  @Command(name = "serial", description = "Forward from a serial: the customers it went to, returns, where it is now.")
  static final class Serial implements Callable<Integer> {
    @Parameters(paramLabel = "SERIAL") String serial;
    @Option(names = "--sku", description = "only this sku's serial") String sku;
    @Mixin TraceOutput output;

    @Override
    public Integer call() throws Exception {
      return output.run(new TraceQuery.ForwardSerial(serial, sku));
    }
  }

  @Command(name = "back", description = "Backward from a lot, serial, order or customer to the source lots and receipts.")
  static final class Back implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KIND", description = "lot, serial, order or customer") String kind;
    @Parameters(index = "1", paramLabel = "ID") String id;
    @Option(names = "--sku", description = "only this sku's lot or serial") String sku;
    @Option(names = "--depth", description = "genealogy levels to follow (default: all)") Integer depth;
    @Mixin TraceOutput output;

    @Override
    public Integer call() throws Exception {
      return output.run(new TraceQuery.Backward(TraceQuery.From.parse(kind), id, sku, depth(depth)));
    }
  }
}
