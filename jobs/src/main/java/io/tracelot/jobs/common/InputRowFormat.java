package io.tracelot.jobs.common;

import io.tracelot.allocator.input.CsvRowReader;
import io.tracelot.allocator.input.InputFile;
import io.tracelot.allocator.input.InputRow;
import io.tracelot.allocator.input.JsonLinesRowReader;
import io.tracelot.allocator.input.RowReader;
import io.tracelot.allocator.model.InputSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;

/**
 * Reads input files of the inputs.md format through Flink's file source: one split per file (a CSV
 * record may span lines, so files are not cut), rows in batches, each row with its table, file name
 * and line number. A restored reader skips the rows already emitted.
 */
public final class InputRowFormat implements BulkFormat<InputRow, FileSourceSplit> {
  private static final int BATCH = 1024;

  /** path -> {table, name relative to the input directory} */
  private final Map<String, String[]> files = new HashMap<>();

  public InputRowFormat(List<InputFile> inputFiles) {
    for (InputFile f : inputFiles) {
      files.put(pathKey(new Path(f.path().toUri())), new String[] {f.table().name(), f.name()});
    }
  }

  /** The Flink path of an input file, as the file source will see it. */
  public static Path flinkPath(InputFile f) {
    return new Path(f.path().toUri());
  }

  private static String pathKey(Path p) {
    return p.toUri().getPath();
  }

  @Override
  public Reader<InputRow> createReader(Configuration config, FileSourceSplit split) throws IOException {
    return open(split, 0);
  }

  @Override
  public Reader<InputRow> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
    long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
    return open(split, skip);
  }

  private Reader<InputRow> open(FileSourceSplit split, long skip) throws IOException {
    String[] entry = files.get(pathKey(split.path()));
    if (entry == null) {
      throw new IOException("not an input file of this run: " + split.path());
    }
    InputSource table = InputSource.valueOf(entry[0]);
    String name = entry[1];
    InputStream in = split.path().getFileSystem().open(split.path());
    RowReader rows = name.endsWith(".jsonl") ? new JsonLinesRowReader(in, table, name) : new CsvRowReader(in, table, name);
    for (long i = 0; i < skip && rows.hasNext(); i++) {
      rows.next();
    }
    return new RowBatches(rows, skip);
  }

  @Override
  public boolean isSplittable() {
    return false;
  }

  @Override
  public TypeInformation<InputRow> getProducedType() {
    return InputRowSerializer.TYPE;
  }

  private static final class RowBatches implements Reader<InputRow> {
    private final RowReader rows;
    private long emitted;

    RowBatches(RowReader rows, long emitted) {
      this.rows = rows;
      this.emitted = emitted;
    }

    @Override
    public RecordIterator<InputRow> readBatch() {
      if (!rows.hasNext()) {
        return null;
      }
      InputRow[] batch = new InputRow[BATCH];
      int n = 0;
      long bytes = 0;
      while (n < BATCH && rows.hasNext()) {
        InputRow row = rows.next();
        bytes += row.raw().length() + 1;
        batch[n++] = row;
      }
      RunProgress.ROWS_READ.addAndGet(n);
      RunProgress.BYTES_READ.addAndGet(bytes);
      ArrayResultIterator<InputRow> it = new ArrayResultIterator<>();
      it.set(batch, n, CheckpointedPosition.NO_OFFSET, emitted);
      emitted += n;
      return it;
    }

    @Override
    public void close() throws IOException {
      rows.close();
    }
  }
}
