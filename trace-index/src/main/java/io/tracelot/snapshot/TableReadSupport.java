package io.tracelot.snapshot;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/**
 * Checks a file's footer (which table, which format version) and materializes its rows into
 * records through one reused {@link Row}.
 */
final class TableReadSupport<T> extends ReadSupport<T> {
  private final SnapshotTable<T> table;
  private final List<Column<T>> columns;
  private final Function<Row, T> factory;
  private final Path file;

  TableReadSupport(SnapshotTable<T> table, List<Column<T>> columns, Function<Row, T> factory, Path file) {
    this.table = table;
    this.columns = columns;
    this.factory = factory;
    this.file = file;
  }

  @Override
  public ReadContext init(InitContext context) {
    Map<String, Set<String>> meta = context.getKeyValueMetadata();
    String found = single(meta.get(SnapshotTable.TABLE_KEY));
    if (found == null) {
      throw fail("not a Tracelot snapshot table file (no " + SnapshotTable.TABLE_KEY + " in the footer)");
    }
    if (!found.equals(table.name())) {
      throw fail("holds table " + found + ", expected " + table.name());
    }
    String version = single(meta.get(SnapshotTable.VERSION_KEY));
    int v;
    try {
      v = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      throw fail("corrupt: " + SnapshotTable.VERSION_KEY + " is '" + version + "'");
    }
    if (v > Manifest.FORMAT_VERSION) {
      throw fail("too new (format_version " + v + ", this build reads " + Manifest.FORMAT_VERSION + ")");
    }
    if (v < Manifest.FORMAT_VERSION) {
      throw fail("too old (format_version " + v + ", this build reads " + Manifest.FORMAT_VERSION + ")");
    }
    return new ReadContext(table.schema());
  }

  private static String single(Set<String> values) {
    return values == null || values.size() != 1 ? null : values.iterator().next();
  }

  /** ReadSupport cannot throw checked exceptions; {@link SnapshotTable#read} unwraps this. */
  private UncheckedIOException fail(String problem) {
    return new UncheckedIOException(new SnapshotFormatException(file, problem));
  }

  /** Still abstract in Parquet 1.15; readers are built with a {@link ParquetConfiguration}. */
  @Override
  @SuppressWarnings("deprecation")
  public RecordMaterializer<T> prepareForRead(
      Configuration configuration, Map<String, String> keyValueMetaData, MessageType fileSchema, ReadContext readContext) {
    return prepareForRead((ParquetConfiguration) null, keyValueMetaData, fileSchema, readContext);
  }

  @Override
  public RecordMaterializer<T> prepareForRead(
      ParquetConfiguration configuration, Map<String, String> keyValueMetaData, MessageType fileSchema,
      ReadContext readContext) {
    long[] absent = new long[columns.size()];
    for (int i = 0; i < absent.length; i++) {
      absent[i] = columns.get(i).absentNumber();
    }
    Row row = new Row(absent);
    Converter[] converters = new Converter[columns.size()];
    for (int i = 0; i < converters.length; i++) {
      converters[i] = columns.get(i).converter(row, i);
    }
    return new Materializer<>(row, converters, factory);
  }

  private static final class Materializer<T> extends RecordMaterializer<T> {
    private final Row row;
    private final Function<Row, T> factory;
    private final GroupConverter root;
    private T current;

    Materializer(Row row, Converter[] converters, Function<Row, T> factory) {
      this.row = row;
      this.factory = factory;
      this.root = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return converters[fieldIndex];
        }

        @Override
        public void start() {
          row.reset();
        }

        @Override
        public void end() {
          current = Materializer.this.factory.apply(Materializer.this.row);
        }
      };
    }

    @Override
    public T getCurrentRecord() {
      return current;
    }

    @Override
    public GroupConverter getRootConverter() {
      return root;
    }
  }
}
