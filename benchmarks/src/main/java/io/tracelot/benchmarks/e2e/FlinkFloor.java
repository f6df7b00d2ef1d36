package io.tracelot.benchmarks.e2e;

import io.tracelot.jobs.allocation.AllocationRun;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * The least a Flink job of the allocation job's shape costs on this machine, with none of
 * Tracelot's work in it: the same input files read as text lines by Flink's file source
 * ({@code read}), and then also shuffled by a key and sorted for a keyed operator, as a BATCH run
 * does before the allocation ({@code read-sort}). Neither parses a row, and the keyed operator
 * only counts. Embedded, in {@link AllocationRun#batchEnvironment}, the allocation's own settings
 * (managed memory, blocking shuffle without compression, object reuse), so its time is a floor under the
 * allocation job's: the part of the end-to-end figure no change inside Tracelot can remove.
 *
 * <pre>FlinkFloor (read|read-sort) INPUT_DIR [PARALLELISM [RESULT_FILE]]</pre>
 *
 * <p>{@link EndToEndBenchmark} runs it with {@code --floor}, in a fresh JVM like each configuration.
 */
public final class FlinkFloor {
  private static final String ROWS = "rows";

  private FlinkFloor() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || !(args[0].equals("read") || args[0].equals("read-sort"))) {
      System.err.println("usage: FlinkFloor (read|read-sort) INPUT_DIR [PARALLELISM [RESULT_FILE]]");
      System.exit(2);
    }
    String mode = args[0];
    Path input = Path.of(args[1]);
    if (!Files.isDirectory(input)) {
      System.err.println("no input directory " + input.toAbsolutePath());
      System.exit(2);
    }
    int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Measured m = run(mode, input, parallelism);
    System.out.printf(Locale.ROOT, "%-10s parallelism %d: %,d rows in %.1f s (job %.1f s): %,.0f rows/s%n", mode, parallelism, m.rows(), m.elapsedMs() / 1000.0,
        m.jobMs() / 1000.0, m.rows() * 1000.0 / Math.max(1, m.elapsedMs()));
    if (args.length > 3) {
      Properties out = new Properties();
      out.setProperty("mode", mode);
      out.setProperty("rows", Long.toString(m.rows()));
      out.setProperty("elapsedMs", Long.toString(m.elapsedMs()));
      out.setProperty("jobMs", Long.toString(m.jobMs()));
      try (OutputStream o = Files.newOutputStream(Path.of(args[3]))) {
        out.store(o, "tracelot flink floor");
      }
    }
    System.exit(0); // Flink's non-daemon threads must not keep the JVM alive
  }

  /** Rows counted, wall time (cluster start-up included, as in the allocation's figure) and Flink's own job time. */
  record Measured(long rows, long elapsedMs, long jobMs) {}

  static Measured run(String mode, Path input, int parallelism) throws Exception {
    long t0 = System.nanoTime();
    // the allocation's own embedded BATCH environment (the snapshot path is not used without the job)
    StreamExecutionEnvironment env = AllocationRun.batchEnvironment(AllocationRun.Options.of(input, input).withParallelism(parallelism));

    FileSource<String> files = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new org.apache.flink.core.fs.Path(input.toUri())).build();
    DataStream<String> lines = env.fromSource(files, WatermarkStrategy.noWatermarks(), "read lines");
    DataStream<String> counted = mode.equals("read")
        ? lines.flatMap(new CountLines(), Types.STRING).name("count lines")
        : lines.keyBy(String::hashCode, Types.INT).flatMap(new CountLines(), Types.STRING).name("count lines per key");
    counted.sinkTo(new DiscardingSink<>());
    JobExecutionResult result = env.execute("flink floor: " + mode);
    long rows = result.<Long>getAccumulatorResult(ROWS);
    return new Measured(rows, (System.nanoTime() - t0) / 1_000_000, result.getNetRuntime());
  }

  /**
   * Counts and drops every line. After {@code keyBy} it is a keyed operator, whose input BATCH mode
   * sorts by key first, like the allocation's.
   */
  private static final class CountLines extends RichFlatMapFunction<String, String> {
    private final LongCounter rows = new LongCounter();

    @Override
    public void open(OpenContext context) {
      getRuntimeContext().addAccumulator(ROWS, rows);
    }

    @Override
    public void flatMap(String line, Collector<String> out) {
      rows.add(1);
    }
  }
}
