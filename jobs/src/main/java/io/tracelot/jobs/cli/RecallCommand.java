package io.tracelot.jobs.cli;

import io.tracelot.trace.TraceQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tracelot recall LOT... | --lots FILE}: the recall list of a set of lots. */
@Command(name = "recall", description = "The recall list of lots: affected customers with quantities, stock on hand to "
    + "quarantine; --format fsma204 gives the FSMA 204 shipping KDE spreadsheet.")
final class RecallCommand implements Callable<Integer> {
  @Parameters(paramLabel = "LOT", arity = "0..*", description = "lot codes (every sku using them), or SKU,LOT")
  List<String> lots = new ArrayList<>();

  @Option(names = "--lots", paramLabel = "FILE", description = "a file with one LOT or SKU,LOT per line (# comments)")
  Path file;

  @Option(names = "--depth", description = "genealogy levels to follow (default: all)")
  Integer depth;

  @Mixin TraceOutput output;

  @Override
  public Integer call() throws Exception {
    List<TraceQuery.LotRef> refs = new ArrayList<>();
    for (String l : lots) {
      refs.add(TraceQuery.LotRef.parse(l));
    }
    if (file != null) {
      try {
        refs.addAll(TraceQuery.LotRef.parseLines(Files.readAllLines(file)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ", " + e.getMessage(), e);
      }
    }
    return output.run(new TraceQuery.Recall(refs, TraceCommand.depth(depth)));
  }
}
