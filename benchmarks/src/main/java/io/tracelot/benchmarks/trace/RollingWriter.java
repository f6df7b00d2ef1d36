package io.tracelot.benchmarks.trace;

import io.tracelot.snapshot.SnapshotTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes one table's rows through {@link SnapshotTable#writer(org.apache.parquet.io.OutputFile, long)}
 * into {@code <table>/<prefix>-NNNNN.parquet}, starting a new file every {@code rowsPerFile} rows,
 * with row groups of about {@code rowGroupBytes}. No file is created for a table that gets no rows.
 */
final class RollingWriter<T> implements AutoCloseable {
  private final SnapshotTable<T> table;
  private final Path dir;
  private final String prefix;
  private final long rowsPerFile;
  private final long rowGroupBytes;
  private final List<String> files = new ArrayList<>();
  private ParquetWriter<T> current;
  private long inFile;
  private long rows;

  RollingWriter(SnapshotTable<T> table, Path snapshotDir, String prefix, long rowsPerFile, long rowGroupBytes) {
    this.table = table;
    this.dir = snapshotDir.resolve(table.name());
    this.prefix = prefix;
    this.rowsPerFile = rowsPerFile;
    this.rowGroupBytes = rowGroupBytes;
  }

  void write(T row) throws IOException {
    if (current == null || inFile >= rowsPerFile) {
      roll();
    }
    current.write(row);
    inFile++;
    rows++;
  }

  private void roll() throws IOException {
    if (current != null) {
      current.close();
    }
    Files.createDirectories(dir);
    String name = prefix + "-" + SynthIds.pad("", files.size(), 5) + ".parquet";
    current = table.writer(new LocalOutputFile(dir.resolve(name)), rowGroupBytes);
    files.add(table.name() + "/" + name);
    inFile = 0;
  }

  /** The files written, relative to the snapshot directory, in name order. */
  List<String> files() {
    return files;
  }

  long rows() {
    return rows;
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
