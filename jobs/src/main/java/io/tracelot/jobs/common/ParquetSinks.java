package io.tracelot.jobs.common;

import io.tracelot.jobs.allocation.AllocationJob;
import io.tracelot.snapshot.SnapshotTable;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * Snapshot tables as Parquet through Flink's FileSink, which Flink's fault tolerance covers: files
 * are written in progress and committed at the end (BATCH) or on checkpoints (STREAMING).
 */
public final class ParquetSinks {
  private ParquetSinks() {}

  /** Every table of a snapshot, under {@code dir/<table>/}. */
  public static AllocationJob.Sinks into(Path dir, String runId) {
    return new AllocationJob.Sinks(
        table(dir, SnapshotTable.ALLOCATIONS, runId),
        table(dir, SnapshotTable.BACKORDERS, runId),
        table(dir, SnapshotTable.STOCK, runId),
        table(dir, SnapshotTable.GENEALOGY, runId),
        table(dir, SnapshotTable.MOVEMENTS, runId),
        table(dir, SnapshotTable.REJECTS, runId));
  }

  public static <T> Sink<T> table(Path dir, SnapshotTable<T> table, String runId) {
    String name = table.name(); // the writer factory is shipped to the task managers: capture a name, not the table
    ParquetWriterFactory<T> writers = new ParquetWriterFactory<>(out -> SnapshotTables.<T>named(name).writer(out));
    return FileSink.forBulkFormat(new org.apache.flink.core.fs.Path(dir.resolve(name).toUri()), writers)
        .withBucketAssigner(new BasePathBucketAssigner<>())
        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part-" + runId).withPartSuffix(".parquet").build())
        .build();
  }

  /** Looks tables up by name on the task managers. */
  static final class SnapshotTables {
    private SnapshotTables() {}

    @SuppressWarnings("unchecked")
    static <T> SnapshotTable<T> named(String name) {
      for (SnapshotTable<?> t : SnapshotTable.ALL) {
        if (t.name().equals(name)) {
          return (SnapshotTable<T>) t;
        }
      }
      throw new IllegalArgumentException("no snapshot table named '" + name + "'");
    }
  }
}
