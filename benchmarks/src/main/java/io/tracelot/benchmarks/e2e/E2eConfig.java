package io.tracelot.benchmarks.e2e;

import io.tracelot.jobs.allocation.AllocationRun;
import io.tracelot.jobs.allocation.StockIndexKind;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.flink.api.common.RuntimeExecutionMode;

/**
 * The configurations the end-to-end benchmark compares: the product (the Chronicle stock index) in
 * both execution modes, and the same job with Flink's own keyed state in place of the index. In
 * BATCH mode Flink keeps keyed state in its batch state backend (on the heap, one key at a time:
 * {@code flink-batch}); a named backend in BATCH mode replaces it ({@code flink-rocksdb-batch}:
 * every key's state in RocksDB until the end of the input). The STREAMING peers checkpoint every
 * 10 s, as {@link AllocationRun} sets them.
 */
enum E2eConfig {
  CHRONICLE_BATCH(StockIndexKind.CHRONICLE, RuntimeExecutionMode.BATCH, null),
  FLINK_BATCH(StockIndexKind.FLINK_STATE, RuntimeExecutionMode.BATCH, null),
  FLINK_ROCKSDB_BATCH(StockIndexKind.FLINK_STATE, RuntimeExecutionMode.BATCH, "rocksdb"),
  CHRONICLE_STREAMING(StockIndexKind.CHRONICLE, RuntimeExecutionMode.STREAMING, null),
  FLINK_HASHMAP_STREAMING(StockIndexKind.FLINK_STATE, RuntimeExecutionMode.STREAMING, "hashmap"),
  FLINK_ROCKSDB_STREAMING(StockIndexKind.FLINK_STATE, RuntimeExecutionMode.STREAMING, "rocksdb");

  final StockIndexKind index;
  final RuntimeExecutionMode mode;
  /** Flink's state backend; null keeps Flink's default (hashmap), which holds the job's other keyed state. */
  final String stateBackend;

  E2eConfig(StockIndexKind index, RuntimeExecutionMode mode, String stateBackend) {
    this.index = index;
    this.mode = mode;
    this.stateBackend = stateBackend;
  }

  /** Short name for tables, files and the command line: chronicle-batch, flink-rocksdb-streaming. */
  String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static E2eConfig parse(String label) {
    for (E2eConfig c : values()) {
      if (c.label().equals(label) || c.name().equalsIgnoreCase(label)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown configuration '" + label + "'; known: " + java.util.Arrays.stream(values()).map(E2eConfig::label).toList());
  }

  AllocationRun.Options options(Path input, Path snapshot, int parallelism) {
    return AllocationRun.Options.of(input, snapshot).withParallelism(parallelism).withMode(mode).withStockIndex(index, stateBackend);
  }
}
