package io.tracelot.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.input.InputDirectory;
import io.tracelot.allocator.input.InputFile;
import io.tracelot.allocator.input.InputRow;
import io.tracelot.allocator.model.InputSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file source's reader of input rows, as Flink's FileSource uses it: the position it reports
 * with each row is what a checkpoint keeps, and a reader restored from it continues with the next
 * row, none twice (a row read twice would be rejected as a duplicate of itself) and none skipped.
 */
class InputRowFormatTest {
  @TempDir Path dir;

  @Test
  void restoredReader_continuesRightAfterTheCheckpointedRow_acrossBatchesAndMultiLineRecords() throws Exception {
    Files.writeString(dir.resolve("skus.csv"), "sku,tracking,policy\n");
    Files.writeString(dir.resolve("orders.csv"), "order_id,line,ts,customer,sku,qty,warehouse,ship_date,min_shelf_days,priority\n");
    StringBuilder movements = new StringBuilder("event_id,ts,type,sku,lot,serial,qty,warehouse,to_warehouse,expiry,party,ref\n");
    for (int i = 0; i < 2500; i++) {
      // every 100th row has a quoted field spanning two lines, every 333rd cannot be parsed
      String party = i % 100 == 0 ? "\"SUP\n" + i + "\"" : "SUP-" + i;
      String row = i % 333 == 0 ? "M" + i + ",\"unterminated" : "M" + i + ",2026-11-01T06:00:00Z,RECEIPT,S1,L1,,1,W1,,," + party + ",";
      movements.append(row).append('\n');
    }
    Files.writeString(dir.resolve("movements.csv"), movements);
    InputFile file = InputDirectory.open(dir).files(InputSource.MOVEMENTS).get(0);
    InputRowFormat format = new InputRowFormat(List.of(file));
    FileSourceSplit split = new FileSourceSplit("0", InputRowFormat.flinkPath(file), 0, file.sizeBytes(), 0, file.sizeBytes());

    List<String> rows = new ArrayList<>();
    List<CheckpointedPosition> positions = new ArrayList<>();
    read(format.createReader(new Configuration(), split), rows, positions);
    assertThat(rows).hasSizeGreaterThan(2000).doesNotHaveDuplicates();

    for (int k : new int[] {0, 1, 99, 100, 1022, 1023, 1024, 1500, rows.size() - 2, rows.size() - 1}) {
      List<String> after = new ArrayList<>();
      read(format.restoreReader(new Configuration(), split.updateWithCheckpointedPosition(positions.get(k))), after, new ArrayList<>());
      assertThat(after).as("restored after row %d", k).isEqualTo(rows.subList(k + 1, rows.size()));
    }
  }

  /** Reads a reader to its end: each row as line number and raw text, and the position Flink keeps after it. */
  private static void read(BulkFormat.Reader<InputRow> reader, List<String> rows, List<CheckpointedPosition> positions) throws Exception {
    try (reader) {
      BulkFormat.RecordIterator<InputRow> batch;
      while ((batch = reader.readBatch()) != null) {
        RecordAndPosition<InputRow> r;
        while ((r = batch.next()) != null) {
          rows.add(r.getRecord().lineNo() + ":" + r.getRecord().raw());
          positions.add(new CheckpointedPosition(r.getOffset(), r.getRecordSkipCount()));
        }
        batch.releaseBatch();
      }
    }
  }
}
