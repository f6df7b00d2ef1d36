package io.tracelot.snapshot;

import static io.tracelot.snapshot.Column.bool;
import static io.tracelot.snapshot.Column.date;
import static io.tracelot.snapshot.Column.enumeration;
import static io.tracelot.snapshot.Column.int32;
import static io.tracelot.snapshot.Column.int64;
import static io.tracelot.snapshot.Column.lot;
import static io.tracelot.snapshot.Column.string;
import static io.tracelot.snapshot.Column.timestamp;

import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Backorder;
import io.tracelot.allocator.model.Fill;
import io.tracelot.allocator.model.GenealogyEdge;
import io.tracelot.allocator.model.InputSource;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.Policy;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.StockPosition;
import io.tracelot.allocator.model.Tracking;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * One table of a snapshot (snapshot.md): its directory name, its Parquet schema, a writer and a
 * reader. Columns and their order are those of snapshot.md; {@link #SKUS} is the item master,
 * added so that trace reports have product descriptions and units and chained runs have the skus.
 *
 * <pre>{@code
 * try (ParquetWriter<Allocation> w = SnapshotTable.ALLOCATIONS.writer(outputFile)) { w.write(a); }
 * try (CloseableIterator<Allocation> it = SnapshotTable.ALLOCATIONS.read(file)) { ... }
 * }</pre>
 */
public final class SnapshotTable<T> {
  /** Footer key naming the table a file holds; readers refuse a file of another table. */
  static final String TABLE_KEY = "tracelot.table";
  /** Footer key with the snapshot format version the file was written for. */
  static final String VERSION_KEY = "tracelot.format_version";

  public static final SnapshotTable<Allocation> ALLOCATIONS = new SnapshotTable<>(
      "allocations",
      List.of(
          string("order_id", true, Allocation::orderId),
          int64("line", Allocation::line),
          string("customer", true, Allocation::customer),
          string("sku", true, Allocation::sku),
          string("warehouse", true, Allocation::warehouse),
          lot("lot", Allocation::lot),
          string("serial", false, Allocation::serial),
          int64("qty", Allocation::qty),
          date("expiry", false, Allocation::expiry),
          timestamp("alloc_ts", true, Allocation::allocTs),
          enumeration("fill", Fill.class, Allocation::fill)),
      r -> new Allocation(
          r.str(0), r.i64(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6), r.i64(7), r.i32(8), r.i64(9),
          r.enumValue(10)),
      List.of("serial"));

  public static final SnapshotTable<Backorder> BACKORDERS = new SnapshotTable<>(
      "backorders",
      List.of(
          string("order_id", true, Backorder::orderId),
          int64("line", Backorder::line),
          string("customer", true, Backorder::customer),
          string("sku", true, Backorder::sku),
          string("warehouse", true, Backorder::warehouse),
          int64("qty_ordered", Backorder::qtyOrdered),
          int64("qty_open", Backorder::qtyOpen),
          timestamp("ts", true, Backorder::ts),
          int32("priority", Backorder::priority)),
      r -> new Backorder(
          r.str(0), r.i64(1), r.str(2), r.str(3), r.str(4), r.i64(5), r.i64(6), r.i64(7), r.i32(8)),
      List.of());

  public static final SnapshotTable<StockPosition> STOCK = new SnapshotTable<>(
      "stock",
      List.of(
          string("sku", true, StockPosition::sku),
          string("warehouse", true, StockPosition::warehouse),
          lot("lot", StockPosition::lot),
          string("serial", false, StockPosition::serial),
          int64("qty", StockPosition::qty),
          date("expiry", false, StockPosition::expiry),
          // absent for a lot that was held before any of it arrived
          timestamp("age_ts", false, StockPosition::ageTs),
          bool("held", StockPosition::held)),
      r -> new StockPosition(
          r.str(0), r.str(1), r.str(2), r.str(3), r.i64(4), r.i32(5), r.i64(6), r.bool(7)),
      List.of("serial"));

  public static final SnapshotTable<GenealogyEdge> GENEALOGY = new SnapshotTable<>(
      "genealogy",
      List.of(
          string("parent_sku", true, GenealogyEdge::parentSku),
          lot("parent_lot", GenealogyEdge::parentLot),
          string("child_sku", true, GenealogyEdge::childSku),
          lot("child_lot", GenealogyEdge::childLot),
          string("ref", true, GenealogyEdge::ref)),
      r -> new GenealogyEdge(r.str(0), r.str(1), r.str(2), r.str(3), r.str(4)),
      List.of());

  public static final SnapshotTable<Movement> MOVEMENTS = new SnapshotTable<>(
      "movements",
      List.of(
          string("event_id", true, Movement::eventId),
          timestamp("ts", true, Movement::ts),
          enumeration("type", MovementType.class, Movement::type),
          string("sku", true, Movement::sku),
          lot("lot", Movement::lot),
          string("serial", false, Movement::serial),
          int64("qty", Movement::qty),
          // HOLD and RELEASE may name no warehouse
          string("warehouse", false, Movement::warehouse),
          string("to_warehouse", false, Movement::toWarehouse),
          date("expiry", false, Movement::expiry),
          string("party", false, Movement::party),
          string("ref", false, Movement::ref)),
      r -> new Movement(
          r.str(0), r.i64(1), r.enumValue(2), r.str(3), r.str(4), r.str(5), r.i64(6), r.str(7), r.str(8), r.i32(9),
          r.str(10), r.str(11)),
      List.of());

  public static final SnapshotTable<Reject> REJECTS = new SnapshotTable<>(
      "rejects",
      List.of(
          // the input table's name (skus | movements | orders), as snapshot.md spells it
          string("source", true, (Reject r) -> r.source().tableName()),
          string("file", true, Reject::file),
          int64("line_no", Reject::lineNo),
          string("record_id", false, Reject::recordId),
          enumeration("reason", RejectReason.class, Reject::reason),
          string("message", true, Reject::message),
          string("raw", false, Reject::raw)),
      r -> new Reject(
          InputSource.ofTableName(r.str(0)), r.str(1), r.i64(2), r.str(3), r.enumValue(4), r.str(5), r.str(6)),
      List.of());

  public static final SnapshotTable<Sku> SKUS = new SnapshotTable<>(
      "skus",
      List.of(
          string("sku", true, Sku::sku),
          enumeration("tracking", Tracking.class, Sku::tracking),
          enumeration("policy", Policy.class, Sku::policy),
          string("description", false, Sku::description),
          string("unit", true, Sku::unit)),
      r -> new Sku(r.str(0), r.enumValue(1), r.enumValue(2), r.str(3), r.str(4)),
      List.of());

  /** Every table of format version 1, in the order of snapshot.md (skus last). */
  public static final List<SnapshotTable<?>> ALL =
      List.of(ALLOCATIONS, BACKORDERS, STOCK, GENEALOGY, MOVEMENTS, REJECTS, SKUS);

  /**
   * Columns whose values hardly repeat within a file (ids, serials, instants, raw rows): a dictionary
   * saves nothing there and hashing every value into one was 40% of the Parquet writing in the
   * allocating thread; plain encoding (then ZSTD) writes them 20-30% faster and no bigger.
   */
  private static final List<String> NEARLY_UNIQUE =
      List.of("order_id", "serial", "alloc_ts", "event_id", "ts", "record_id", "message", "raw");

  private final String name;
  private final List<Column<T>> columns;
  private final Function<Row, T> factory;
  private final List<String> bloomFilterColumns;
  private final MessageType schema;

  private SnapshotTable(
      String name, List<Column<T>> columns, Function<Row, T> factory, List<String> bloomFilterColumns) {
    this.name = name;
    this.columns = columns;
    this.factory = factory;
    this.bloomFilterColumns = bloomFilterColumns;
    List<Type> fields = new ArrayList<>();
    for (Column<T> c : columns) {
      fields.add(c.type);
    }
    this.schema = new MessageType(name, fields);
  }

  /** The table's directory name inside a snapshot, e.g. {@code allocations}. */
  public String name() {
    return name;
  }

  public MessageType schema() {
    return schema;
  }

  /**
   * A ZSTD-compressed writer for this table. Only a function of the output file, so that a Flink
   * {@code ParquetBuilder} can wrap it. Files carry the table name and format version in their
   * footer; serial columns get a bloom filter sized from the values actually written.
   */
  public ParquetWriter<T> writer(OutputFile out) throws IOException {
    return writer(out, ParquetWriter.DEFAULT_BLOCK_SIZE);
  }

  /**
   * {@link #writer(OutputFile)} with row groups of about {@code rowGroupBytes} (Parquet's own
   * measure: the buffered, mostly compressed, size). Smaller row groups let readers that skip by
   * row-group statistics, such as DuckDB on a table sorted by lot, read less per lookup.
   */
  public ParquetWriter<T> writer(OutputFile out, long rowGroupBytes) throws IOException {
    if (rowGroupBytes < 1) {
      throw new IllegalArgumentException("rowGroupBytes must be >= 1, got " + rowGroupBytes);
    }
    WriterBuilder<T> builder = new WriterBuilder<>(out, new TableWriteSupport<>(this, columns))
        .withConf(new PlainParquetConfiguration())
        .withCompressionCodec(CompressionCodecName.ZSTD)
        .withRowGroupSize(rowGroupBytes);
    for (String column : NEARLY_UNIQUE) {
      if (schema.containsField(column)) {
        builder.withDictionaryEncoding(column, false);
      }
    }
    if (!bloomFilterColumns.isEmpty()) {
      // adaptive: the filter is sized from the distinct values written, from 1 MiB per row group
      // down to 2 KiB (10 halving candidates; the default 5 stop at 64 KiB, a lot for a small file)
      builder.withAdaptiveBloomFilterEnabled(true);
      for (String column : bloomFilterColumns) {
        builder.withBloomFilterEnabled(column, true).withBloomFilterCandidateNumber(column, 10);
      }
    }
    return builder.build();
  }

  /** A writer creating {@code file}; fails if it exists. */
  public ParquetWriter<T> writer(Path file) throws IOException {
    return writer(new LocalOutputFile(file));
  }

  /** Writes {@code rows} to a new file and returns how many were written. */
  public long write(Path file, Iterable<? extends T> rows) throws IOException {
    long n = 0;
    try (ParquetWriter<T> w = writer(file)) {
      for (T row : rows) {
        w.write(row);
        n++;
      }
    }
    return n;
  }

  /**
   * The rows of one file of this table, in file order.
   *
   * @throws SnapshotFormatException when the file is not Parquet, holds another table, or was
   *     written for another format version
   */
  public CloseableIterator<T> read(Path file) throws IOException {
    return TableFileReader.open(this, columns, factory, file);
  }

  @Override
  public String toString() {
    return name;
  }

  private static final class WriterBuilder<T> extends ParquetWriter.Builder<T, WriterBuilder<T>> {
    private final WriteSupport<T> writeSupport;

    WriterBuilder(OutputFile out, WriteSupport<T> writeSupport) {
      super(out);
      this.writeSupport = writeSupport;
    }

    @Override
    protected WriterBuilder<T> self() {
      return this;
    }

    @Override
    protected WriteSupport<T> getWriteSupport(ParquetConfiguration conf) {
      return writeSupport;
    }

    /** Still abstract in Parquet 1.15; only the {@link ParquetConfiguration} variant is used. */
    @Override
    @SuppressWarnings("deprecation")
    protected WriteSupport<T> getWriteSupport(Configuration conf) {
      return writeSupport;
    }
  }
}
