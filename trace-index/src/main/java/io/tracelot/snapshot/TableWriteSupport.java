package io.tracelot.snapshot;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

/** Writes the records of one table straight to Parquet's record consumer, column by column. */
final class TableWriteSupport<T> extends WriteSupport<T> {
  private final SnapshotTable<T> table;
  private final List<Column<T>> columns;
  private RecordConsumer out;

  TableWriteSupport(SnapshotTable<T> table, List<Column<T>> columns) {
    this.table = table;
    this.columns = columns;
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(
        table.schema(),
        Map.of(
            SnapshotTable.TABLE_KEY, table.name(),
            SnapshotTable.VERSION_KEY, Integer.toString(Manifest.FORMAT_VERSION)));
  }

  /** Still abstract in Parquet 1.15; writers are built with a {@link ParquetConfiguration}. */
  @Override
  @SuppressWarnings("deprecation")
  public WriteContext init(Configuration configuration) {
    return init((ParquetConfiguration) null);
  }

  @Override
  public String getName() {
    return "tracelot";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(T record) {
    out.startMessage();
    for (int i = 0; i < columns.size(); i++) {
      columns.get(i).write(record, out, i, table.name());
    }
    out.endMessage();
  }
}
