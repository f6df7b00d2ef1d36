package io.tracelot.jobs.cli;

import io.tracelot.allocator.input.InputException;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.datasets.DatasetGenerator;
import io.tracelot.datasets.DatasetSummary;
import io.tracelot.datasets.GeneratorConfig;
import io.tracelot.datasets.OutputFormat;
import io.tracelot.datasets.ProgressListener;
import io.tracelot.datasets.SampleDataset;
import io.tracelot.jobs.allocation.AllocationRun;
import io.tracelot.allocator.model.GenealogyEdge;
import io.tracelot.allocator.model.RowOrder;
import io.tracelot.query.TraceIndex;
import io.tracelot.snapshot.Manifest;
import io.tracelot.snapshot.SnapshotFormatException;
import io.tracelot.snapshot.SnapshotReader;
import io.tracelot.snapshot.SnapshotTable;
import io.tracelot.trace.AnswerWriter;
import io.tracelot.trace.TraceFormat;
import io.tracelot.trace.TraceQuery;
import java.util.List;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code tracelot} command line. */
@Command(name = "tracelot", mixinStandardHelpOptions = true, version = "tracelot 0.1.0",
    description = "Lot and serial allocation and recall tracing for distributors.",
    subcommands = {Tracelot.Generate.class, Tracelot.Allocate.class, Tracelot.Demo.class, IndexCommand.class,
        TraceCommand.class, RecallCommand.class, ServeCommand.class, LoadTestCommand.class})
public final class Tracelot {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command; returns the exit status (tests call this instead of main). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Tracelot());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("tracelot: " + message(e));
      return 2;
    });
    return cli.execute(args);
  }

  /** A failure as a user should read it: what and where, without a stack trace for known causes. */
  static String message(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InputException || t instanceof SnapshotFormatException || t instanceof IllegalArgumentException) {
        return t.getMessage();
      }
    }
    // an unexpected failure: name every cause, innermost last, so the report is actionable
    StringBuilder b = new StringBuilder(e.toString());
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      b.append("\n  caused by ").append(t);
    }
    if (Boolean.getBoolean("tracelot.debug") || System.getenv("TRACELOT_DEBUG") != null) {
      e.printStackTrace();
    } else {
      b.append("\n  (set TRACELOT_DEBUG=1 for the stack trace)");
    }
    return b.toString();
  }

  @Command(name = "generate", description = "Writes a deterministic, realistic distributor input directory.")
  static final class Generate implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "directory to write skus, movements and orders into")
    Path out;

    @Option(names = "--units", defaultValue = "100000", description = "units received into stock over the dataset (default ${DEFAULT-VALUE})")
    long units;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--format", defaultValue = "CSV", description = "CSV or JSONL (default ${DEFAULT-VALUE})")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
      GeneratorConfig config = GeneratorConfig.builder().units(units).seed(seed).format(format).build();
      DatasetSummary summary = DatasetGenerator.generate(config, out, ProgressListener.console());
      System.out.printf(Locale.ROOT, "generated %,d rows (%,d bytes) for %,d units into %s in %.1fs%n",
          summary.totalRows(), summary.totalBytes(), summary.unitsReceived(), out, summary.elapsed().toMillis() / 1000.0);
      return 0;
    }
  }

  @Command(name = "allocate", description = "Allocates an input directory and publishes a snapshot.")
  static final class Allocate implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "input directory (skus, movements, orders)")
    Path input;

    @Option(names = "--snapshot", required = true, description = "snapshot path to publish (replaced atomically)")
    Path snapshot;

    @Option(names = "--from", description = "start from this earlier snapshot's stock, item master and history (chained nightly runs)")
    Path from;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--mode", defaultValue = "BATCH", description = "BATCH or STREAMING (default ${DEFAULT-VALUE})")
    RuntimeExecutionMode mode;

    @Option(names = "--cluster", description = "submit to the Flink cluster of the environment (flink run) instead of an embedded one")
    boolean cluster;

    @Option(names = "--restarts", defaultValue = "" + AllocationRun.Recovery.DEFAULT_RESTARTS,
        description = "restarts of failed tasks before the run fails; 0: the first task failure fails the run (default ${DEFAULT-VALUE})")
    int restarts;

    @Override
    public Integer call() throws Exception {
      AllocationRun.Options o = AllocationRun.Options.of(input, snapshot).withParallelism(parallelism).withMode(mode).withRestarts(restarts);
      o = from == null ? o : o.from(from);
      AllocationRun.Summary s = AllocationRun.run(cluster ? o.onCluster() : o, System.err);
      printSummary(System.out, s);
      return 0;
    }
  }

  @Command(name = "demo", description = "Generates the sample input, allocates it, prints the summary and a recall trace.")
  static final class Demo implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = "target/demo", description = "working directory (default ${DEFAULT-VALUE})")
    Path dir;

    @Override
    public Integer call() throws Exception {
      Path input = dir.resolve("input");
      System.out.println("1/3 generating the sample input into " + input);
      DatasetGenerator.generate(SampleDataset.config(), input, ProgressListener.console());
      Path snapshot = dir.resolve("snapshot");
      System.out.println("2/3 allocating on an embedded Flink cluster into " + snapshot);
      AllocationRun.Summary s = AllocationRun.run(AllocationRun.Options.of(input, snapshot), System.err);
      printSummary(System.out, s);
      GenealogyEdge source = firstSourceLot(snapshot);
      if (source != null) {
        System.out.println("\n3/3 a recall: lot " + source.parentLot() + " of sku " + source.parentSku()
            + ", through every product made from it (tracelot trace lot " + source.parentLot() + " --sku " + source.parentSku() + " --snapshot " + snapshot + ")\n");
        try (TraceIndex index = TraceIndex.open(snapshot)) {
          AnswerWriter.write(index.trace(new TraceQuery.ForwardLot(source.parentLot(), source.parentSku(), TraceQuery.UNLIMITED)), TraceFormat.TABLE, System.out);
        }
      }
      System.out.println("\nquery it with DuckDB too, e.g.: SELECT customer, sum(qty) FROM '" + snapshot + "/allocations/*.parquet' GROUP BY 1 ORDER BY 2 DESC LIMIT 5;");
      return 0;
    }

    /** A raw lot that went into production: its recall reaches finished goods and customers. */
    private static GenealogyEdge firstSourceLot(Path snapshot) throws java.io.IOException {
      List<GenealogyEdge> edges = SnapshotReader.open(snapshot).readAll(SnapshotTable.GENEALOGY);
      return edges.stream().filter(e -> e.parentLot() != null).min(RowOrder.GENEALOGY).orElse(null);
    }
  }

  static void printSummary(PrintStream out, AllocationRun.Summary s) {
    out.printf(Locale.ROOT, "%nsnapshot %s (run %s) published in %.1fs, %,d input rows%n", s.snapshot(), s.runId(), s.elapsed().toMillis() / 1000.0,
        s.inputRowsRead());
    out.println("  input          read     applied    rejected");
    for (Map.Entry<String, Manifest.InputRows> e : s.inputRows().entrySet()) {
      Manifest.InputRows r = e.getValue();
      out.printf(Locale.ROOT, "  %-10s %,10d  %,10d  %,10d%n", e.getKey(), r.read(), r.applied(), r.rejected());
    }
    out.println("  (every row read was applied or rejected: checked)");
    out.println("  table          rows");
    for (Map.Entry<String, Long> e : s.rowsPerTable().entrySet()) {
      out.printf(Locale.ROOT, "  %-12s %,10d%n", e.getKey(), e.getValue());
    }
    out.println("  rejects by reason:" + (s.rejectsByReason().isEmpty() ? " none" : ""));
    for (Map.Entry<RejectReason, Long> e : s.rejectsByReason().entrySet()) {
      out.printf(Locale.ROOT, "    %-22s %,8d%n", e.getKey(), e.getValue());
    }
    out.printf(Locale.ROOT, "  open backorders: %,d%n", s.backorders());
  }
}
