package io.tracelot.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads the rows of one table file. The tables are flat, so the column readers simply advance in
 * lockstep, one value each per row, with values going through the columns' converters into one
 * reused {@link Row}. Reading the footer here (rather than in a ReadSupport) lets its checks
 * throw {@link SnapshotFormatException} directly, naming the file.
 */
final class TableFileReader<T> implements CloseableIterator<T> {
  private final ParquetFileReader file;
  private final Path path;
  private final MessageType schema;
  private final Function<Row, T> factory;
  private final Row row;
  private final GroupConverter root;
  private final ColumnDescriptor[] descriptors;
  private final ColumnReader[] readers;
  private final int[] maxDefinition;
  private final String createdBy;
  private long remainingInGroup;
  private long rowNumber;
  private T next;

  private TableFileReader(ParquetFileReader file, Path path, MessageType schema, List<Column<T>> columns,
      Function<Row, T> factory) {
    this.file = file;
    this.path = path;
    this.schema = schema;
    this.factory = factory;
    this.createdBy = file.getFileMetaData().getCreatedBy();
    long[] absent = new long[columns.size()];
    Converter[] converters = new Converter[columns.size()];
    this.row = new Row(absent);
    for (int i = 0; i < absent.length; i++) {
      absent[i] = columns.get(i).absentNumber();
      converters[i] = columns.get(i).converter(row, i);
    }
    this.root = new GroupConverter() {
      @Override
      public Converter getConverter(int fieldIndex) {
        return converters[fieldIndex];
      }

      @Override
      public void start() {}

      @Override
      public void end() {}
    };
    this.descriptors = schema.getColumns().toArray(new ColumnDescriptor[0]);
    this.readers = new ColumnReader[descriptors.length];
    this.maxDefinition = new int[descriptors.length];
    for (int i = 0; i < descriptors.length; i++) {
      maxDefinition[i] = descriptors[i].getMaxDefinitionLevel();
    }
  }

  /**
   * Opens {@code path}, checks that its footer names {@code table} and this format version and
   * that its columns have the table's types, and reads the first row.
   */
  static <T> TableFileReader<T> open(SnapshotTable<T> table, List<Column<T>> columns, Function<Row, T> factory,
      Path path) throws IOException {
    ParquetFileReader file;
    try {
      file = ParquetFileReader.open(new LocalInputFile(path),
          ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
    } catch (RuntimeException e) {
      throw new SnapshotFormatException(path, "corrupt: " + e.getMessage(), e);
    }
    try {
      check(table, columns, path, file);
      file.setRequestedSchema(table.schema());
      TableFileReader<T> reader = new TableFileReader<>(file, path, table.schema(), columns, factory);
      reader.next = reader.advance();
      return reader;
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  private static <T> void check(SnapshotTable<T> table, List<Column<T>> columns, Path path, ParquetFileReader file)
      throws SnapshotFormatException {
    Map<String, String> meta = file.getFileMetaData().getKeyValueMetaData();
    String found = meta.get(SnapshotTable.TABLE_KEY);
    if (found == null) {
      throw new SnapshotFormatException(path,
          "not a Tracelot snapshot table file (no " + SnapshotTable.TABLE_KEY + " in the footer)");
    }
    if (!found.equals(table.name())) {
      throw new SnapshotFormatException(path, "holds table " + found + ", expected " + table.name());
    }
    String version = meta.get(SnapshotTable.VERSION_KEY);
    int v;
    try {
      v = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      throw new SnapshotFormatException(path, "corrupt: " + SnapshotTable.VERSION_KEY + " is '" + version + "'");
    }
    if (v != Manifest.FORMAT_VERSION) {
      throw new SnapshotFormatException(path, (v > Manifest.FORMAT_VERSION ? "too new" : "too old")
          + " (format_version " + v + ", this build reads " + Manifest.FORMAT_VERSION + ")");
    }
    MessageType fileSchema = file.getFileMetaData().getSchema();
    for (Column<T> c : columns) {
      Type actual = fileSchema.containsField(c.name) ? fileSchema.getType(c.name) : null;
      if (actual == null || !actual.isPrimitive()
          || actual.asPrimitiveType().getPrimitiveTypeName() != c.type.getPrimitiveTypeName()
          || actual.getRepetition() != c.type.getRepetition()
          || !Objects.equals(actual.getLogicalTypeAnnotation(), c.type.getLogicalTypeAnnotation())) {
        throw new SnapshotFormatException(path, "corrupt: column " + c.name + " is " + actual + ", expected " + c.type);
      }
    }
  }

  private T advance() throws IOException {
    while (remainingInGroup == 0) {
      PageReadStore pages = file.readNextRowGroup();
      if (pages == null) {
        return null;
      }
      ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, root, schema, createdBy);
      for (int i = 0; i < descriptors.length; i++) {
        readers[i] = store.getColumnReader(descriptors[i]);
      }
      remainingInGroup = pages.getRowCount();
    }
    remainingInGroup--;
    rowNumber++;
    row.reset();
    try {
      for (int i = 0; i < readers.length; i++) {
        ColumnReader r = readers[i];
        if (r.getCurrentDefinitionLevel() == maxDefinition[i]) {
          r.writeCurrentValueToConverter();
        }
        r.consume();
      }
      return factory.apply(row);
    } catch (RuntimeException e) {
      throw new SnapshotFormatException(path, "corrupt row " + rowNumber + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public T next() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    T current = next;
    try {
      next = advance();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return current;
  }

  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing " + path, e);
    }
  }
}
