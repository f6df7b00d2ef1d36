package io.tracelot.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Fill;
import io.tracelot.allocator.model.Times;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SnapshotTableIT {
  @TempDir Path dir;

  static Stream<SnapshotTable<?>> tables() {
    return SnapshotTable.ALL.stream();
  }

  @ParameterizedTest
  @MethodSource("tables")
  <T> void roundTrip_everyTable_readsBackTheRowsWritten_withNullsUnicodeAndExtremeTimes(SnapshotTable<T> table)
      throws IOException {
    Path file = dir.resolve(table.name() + ".parquet");
    assertThat(table.write(file, Rows.of(table))).isEqualTo(Rows.of(table).size());

    assertThat(readAll(table, file)).containsExactlyElementsOf(Rows.expected(table));
  }

  @Test
  void lot_emptyString_isWrittenAsNull() throws IOException {
    Path file = dir.resolve("a.parquet");
    SnapshotTable.ALLOCATIONS.write(file, List.of(
        new Allocation("O-1", 1, "C", "S", "W", "", null, 1, Times.NO_DATE, 0, Fill.INITIAL)));

    assertThat(readAll(SnapshotTable.ALLOCATIONS, file).get(0).lot()).isNull();
    try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file))) {
      ColumnChunkMetaData lot = column(footer.getRowGroups().get(0), "lot");
      assertThat(lot.getStatistics().getNumNulls()).isEqualTo(1);
    }
  }

  @Test
  void schema_columnsAndOrder_areThoseOfSnapshotMd() {
    assertThat(columns(SnapshotTable.ALLOCATIONS)).containsExactly(
        "order_id", "line", "customer", "sku", "warehouse", "lot", "serial", "qty", "expiry", "alloc_ts", "fill");
    assertThat(columns(SnapshotTable.BACKORDERS)).containsExactly(
        "order_id", "line", "customer", "sku", "warehouse", "qty_ordered", "qty_open", "ts", "priority");
    assertThat(columns(SnapshotTable.STOCK)).containsExactly(
        "sku", "warehouse", "lot", "serial", "qty", "expiry", "age_ts", "held");
    assertThat(columns(SnapshotTable.GENEALOGY)).containsExactly(
        "parent_sku", "parent_lot", "child_sku", "child_lot", "ref");
    assertThat(columns(SnapshotTable.MOVEMENTS)).containsExactly(
        "event_id", "ts", "type", "sku", "lot", "serial", "qty", "warehouse", "to_warehouse", "expiry", "party", "ref");
    assertThat(columns(SnapshotTable.REJECTS)).containsExactly(
        "source", "file", "line_no", "record_id", "reason", "message", "raw");
    assertThat(columns(SnapshotTable.SKUS)).containsExactly("sku", "tracking", "policy", "description", "unit");
  }

  @Test
  void schema_allocations_typesAndNullability() {
    assertThat(SnapshotTable.ALLOCATIONS.schema().toString()).isEqualToIgnoringWhitespace("""
        message allocations {
          required binary order_id (STRING);
          required int64 line;
          required binary customer (STRING);
          required binary sku (STRING);
          required binary warehouse (STRING);
          optional binary lot (STRING);
          optional binary serial (STRING);
          required int64 qty;
          optional int32 expiry (DATE);
          required int64 alloc_ts (TIMESTAMP(MICROS,true));
          required binary fill (STRING);
        }""");
  }

  @Test
  void write_requiredValueAbsent_failsNamingTableAndColumn() throws IOException {
    try (ParquetWriter<Allocation> w = SnapshotTable.ALLOCATIONS.writer(dir.resolve("a.parquet"))) {
      Allocation noCustomer = new Allocation("O-1", 1, null, "S", "W", null, null, 1, Times.NO_DATE, 0, Fill.INITIAL);
      assertThatThrownBy(() -> w.write(noCustomer)).hasMessageContaining("allocations.customer is required");
    }
  }

  @Test
  void writer_usesZstdAndBloomFiltersOnSerial() throws IOException {
    Path file = dir.resolve("a.parquet");
    SnapshotTable.ALLOCATIONS.write(file, Rows.allocations());

    try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file))) {
      BlockMetaData group = footer.getRowGroups().get(0);
      assertThat(group.getColumns()).allSatisfy(c -> assertThat(c.getCodec()).isEqualTo(CompressionCodecName.ZSTD));
      BloomFilter serials = footer.getBloomFilterDataReader(group).readBloomFilter(column(group, "serial"));
      assertThat(serials).isNotNull();
      assertThat(serials.findHash(serials.hash(Binary.fromString("SN-0001")))).isTrue();
      assertThat(footer.getFileMetaData().getKeyValueMetaData())
          .containsEntry("tracelot.table", "allocations")
          .containsEntry("tracelot.format_version", "1");
    }
  }

  @Test
  void writer_withASmallRowGroupSize_writesSeveralRowGroups_thatReadBackInOrder() throws IOException {
    Path file = dir.resolve("a.parquet");
    List<Allocation> rows = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      rows.add(new Allocation("O-" + i, 1, "C-" + i % 97, "SKU-A", "W1", String.format("L-%06d", i), null, 1 + i % 5,
          Times.NO_DATE, i, Fill.INITIAL));
    }
    try (ParquetWriter<Allocation> w = SnapshotTable.ALLOCATIONS.writer(new LocalOutputFile(file), 16 * 1024)) {
      for (Allocation a : rows) {
        w.write(a);
      }
    }

    try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file))) {
      assertThat(footer.getRowGroups()).hasSizeGreaterThan(1);
    }
    assertThat(readAll(SnapshotTable.ALLOCATIONS, file)).containsExactlyElementsOf(rows);
    assertThatThrownBy(() -> SnapshotTable.ALLOCATIONS.writer(new LocalOutputFile(dir.resolve("b.parquet")), 0))
        .hasMessageContaining("rowGroupBytes").hasMessageContaining("0");
  }

  @Test
  void bloomFilter_ofASmallFile_isSmall() throws IOException {
    Path file = dir.resolve("a.parquet");
    SnapshotTable.ALLOCATIONS.write(file, Rows.allocations());

    assertThat(Files.size(file)).isLessThan(16 * 1024);
  }

  @Test
  void read_fileOfAnotherTable_isRefusedNamingTheFile() throws IOException {
    Path file = dir.resolve("stock.parquet");
    SnapshotTable.STOCK.write(file, Rows.stock());

    assertThatThrownBy(() -> SnapshotTable.ALLOCATIONS.read(file))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("holds table stock, expected allocations");
  }

  @Test
  void read_notParquet_isCorruptNamingTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("x.parquet"), "order_id,line\nO-1,1\n");

    assertThatThrownBy(() -> SnapshotTable.ALLOCATIONS.read(file))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageStartingWith(file + ": corrupt");
  }

  @Test
  void read_fileOfANewerFormatVersion_isTooNewNamingTheFile() throws IOException {
    Path file = handWritten(SnapshotTable.SKUS.schema(), "skus", "2", g -> g.append("sku", "A").append("tracking", "LOT")
        .append("policy", "FEFO").append("unit", "each"));

    assertThatThrownBy(() -> SnapshotTable.SKUS.read(file))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessage(file + ": too new (format_version 2, this build reads 1)");
  }

  @Test
  void read_columnOfAnotherType_isCorruptNamingTheColumn() throws IOException {
    MessageType unitAsNumber = Types.buildMessage()
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("sku")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("tracking")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("policy")
        .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("description")
        .required(PrimitiveTypeName.INT32).named("unit")
        .named("skus");
    Path file = handWritten(unitAsNumber, "skus", "1", g -> g.append("sku", "A").append("tracking", "LOT")
        .append("policy", "FEFO").append("unit", 1));

    assertThatThrownBy(() -> SnapshotTable.SKUS.read(file))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageStartingWith(file + ": corrupt: column unit is required int32 unit");
  }

  @Test
  void read_unknownEnumValue_isACorruptRowNamingFileRowAndColumn() throws IOException {
    Path file = handWritten(SnapshotTable.SKUS.schema(), "skus", "1", g -> g.append("sku", "A").append("tracking", "RFID")
        .append("policy", "FEFO").append("unit", "each"));

    assertThatThrownBy(() -> SnapshotTable.SKUS.read(file))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessage(file + ": corrupt row 1: column tracking: unknown Tracking 'RFID'");
  }

  /** A file written without our writer, with the footer a future or broken writer might leave. */
  private Path handWritten(MessageType schema, String table, String version, Consumer<Group> fill) throws IOException {
    Path file = dir.resolve("hand.parquet");
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withType(schema)
        .withExtraMetaData(Map.of("tracelot.table", table, "tracelot.format_version", version))
        .build()) {
      Group g = new SimpleGroupFactory(schema).newGroup();
      fill.accept(g);
      w.write(g);
    }
    return file;
  }

  private static <T> List<T> readAll(SnapshotTable<T> table, Path file) throws IOException {
    List<T> rows = new ArrayList<>();
    try (CloseableIterator<T> it = table.read(file)) {
      it.forEachRemaining(rows::add);
    }
    return rows;
  }

  private static List<String> columns(SnapshotTable<?> table) {
    return table.schema().getFields().stream().map(f -> f.getName()).toList();
  }

  private static ColumnChunkMetaData column(BlockMetaData group, String name) {
    return group.getColumns().stream().filter(c -> c.getPath().toDotString().equals(name)).findFirst().orElseThrow();
  }
}
