package io.tracelot.query;

import static io.tracelot.arrow.RowSchema.Kind.BOOL;
import static io.tracelot.arrow.RowSchema.Kind.DATE;
import static io.tracelot.arrow.RowSchema.Kind.INT32;
import static io.tracelot.arrow.RowSchema.Kind.INT64;
import static io.tracelot.arrow.RowSchema.Kind.STRING;
import static io.tracelot.arrow.RowSchema.Kind.TIMESTAMP;
import static io.tracelot.arrow.RowSchema.col;

import io.tracelot.arrow.RowSchema;
import java.util.List;

/**
 * The files of a trace index, version {@link #VERSION}: each an Arrow IPC file of one schema,
 * sorted by its key columns (a total order: equal keys are equal rows). Lot columns hold ""
 * for the lot "" of lot-less items (snapshot null). See docs/trace-index.md.
 */
public final class IndexLayout {
  private IndexLayout() {}

  public static final String FORMAT = "tracelot-trace-index";
  /**
   * The index format this build writes and the only one it reads. 2: allocations are stored once
   * (by lot); the serial, order and customer files hold row numbers into it. 3: allocations name
   * their customer by number in the customer directory, numbered in the order of the names.
   */
  public static final int VERSION = 3;
  public static final String DIR = "index";
  public static final String HEADER = "_index.json";
  /** Schema metadata keys of every index file. */
  public static final String META_FORMAT = "tracelot.index.format";
  public static final String META_VERSION = "tracelot.index.version";
  public static final String META_FILE = "tracelot.index.file";

  public static final RowSchema ALLOC = new RowSchema(List.of(
      col("order_id", STRING), col("line", INT64), col("customer_no", INT32), col("sku", STRING),
      col("warehouse", STRING), col("lot", STRING), col("serial", STRING), col("qty", INT64),
      col("expiry", DATE), col("alloc_ts", TIMESTAMP)));
  /** Every customer allocated to, once, in code point order: a customer's number is its row. */
  public static final RowSchema CUSTOMERS = new RowSchema(List.of(col("customer", STRING)));
  /** A reference into {@link #ALLOC_BY_LOT}: its {@code row} (0-based) under another key. */
  public static final RowSchema SERIAL_REF = new RowSchema(List.of(
      col("serial", STRING), col("sku", STRING), col("row", INT64)));
  public static final RowSchema ORDER_REF = new RowSchema(List.of(
      col("order_id", STRING), col("line", INT64), col("row", INT64)));
  public static final RowSchema CUSTOMER_REF = new RowSchema(List.of(
      col("customer", STRING), col("row", INT64)));
  public static final RowSchema MOV = new RowSchema(List.of(
      col("event_id", STRING), col("ts", TIMESTAMP), col("type", STRING), col("sku", STRING), col("lot", STRING),
      col("serial", STRING), col("qty", INT64), col("warehouse", STRING), col("party", STRING),
      col("ref", STRING), col("expiry", DATE)));
  public static final RowSchema STOCK = new RowSchema(List.of(
      col("sku", STRING), col("warehouse", STRING), col("lot", STRING), col("serial", STRING), col("qty", INT64),
      col("expiry", DATE), col("held", BOOL)));
  public static final RowSchema GEN = new RowSchema(List.of(
      col("parent_sku", STRING), col("parent_lot", STRING), col("child_sku", STRING), col("child_lot", STRING),
      col("ref", STRING)));
  public static final RowSchema SKUS = new RowSchema(List.of(
      col("sku", STRING), col("description", STRING), col("unit", STRING)));
  public static final RowSchema LOTS = new RowSchema(List.of(
      col("lot", STRING), col("sku", STRING), col("expiry", DATE), col("held", BOOL)));

  /** One index file: its name, schema and sort key (column names, most significant first). */
  public record FileSpec(String name, RowSchema schema, List<String> key) {
    public int[] keyColumns() {
      return key.stream().mapToInt(schema::index).toArray();
    }

    public String fileName() {
      return name + ".arrow";
    }

    /** The first key of each record batch of this file, one row per batch: read on open. */
    public String keysName() {
      return name + ".keys";
    }

    public String keysFileName() {
      return keysName() + ".arrow";
    }

    /** The key columns alone. */
    public RowSchema keySchema() {
      return new RowSchema(key.stream().map(k -> schema.cols().get(schema.index(k))).toList());
    }
  }

  public static final FileSpec LOT_DIR = new FileSpec("lots", LOTS, List.of("lot", "sku"));
  /** Customer numbers to names (and back, by binary search). */
  public static final FileSpec CUSTOMER_DIR = new FileSpec("customers", CUSTOMERS, List.of("customer"));
  /** Every allocation, by lot: the only full copy. Customer numbers sort as their names do. */
  public static final FileSpec ALLOC_BY_LOT = new FileSpec("alloc_by_lot", ALLOC,
      List.of("lot", "sku", "alloc_ts", "order_id", "line", "serial", "customer_no", "warehouse", "qty"));
  /** Allocations with a serial: row numbers into alloc_by_lot, by serial. */
  public static final FileSpec ALLOC_BY_SERIAL = new FileSpec("alloc_by_serial", SERIAL_REF, List.of("serial", "sku", "row"));
  /** Every allocation: row numbers into alloc_by_lot, by order line. */
  public static final FileSpec ALLOC_BY_ORDER = new FileSpec("alloc_by_order", ORDER_REF, List.of("order_id", "line", "row"));
  /** Every allocation: row numbers into alloc_by_lot, by customer. */
  public static final FileSpec ALLOC_BY_CUSTOMER = new FileSpec("alloc_by_customer", CUSTOMER_REF, List.of("customer", "row"));
  /** RECEIPT and RETURN movements (sources and returns). */
  public static final FileSpec MOV_BY_LOT = new FileSpec("movements_by_lot", MOV,
      List.of("lot", "sku", "type", "ts", "event_id"));
  /** Every movement of a serial. */
  public static final FileSpec MOV_BY_SERIAL = new FileSpec("movements_by_serial", MOV,
      List.of("serial", "sku", "ts", "event_id"));
  public static final FileSpec STOCK_BY_LOT = new FileSpec("stock_by_lot", STOCK,
      List.of("lot", "sku", "warehouse", "serial", "qty"));
  public static final FileSpec STOCK_BY_SERIAL = new FileSpec("stock_by_serial", STOCK,
      List.of("serial", "sku", "warehouse", "lot", "qty"));
  /** Genealogy edges by parent: the forward adjacency lists. */
  public static final FileSpec GEN_DOWN = new FileSpec("genealogy_down", GEN,
      List.of("parent_lot", "parent_sku", "child_lot", "child_sku", "ref"));
  /** Genealogy edges by child: the backward adjacency lists. */
  public static final FileSpec GEN_UP = new FileSpec("genealogy_up", GEN,
      List.of("child_lot", "child_sku", "parent_lot", "parent_sku", "ref"));
  public static final FileSpec SKU_DIR = new FileSpec("skus", SKUS, List.of("sku", "description", "unit"));

  public static final List<FileSpec> FILES = List.of(LOT_DIR, CUSTOMER_DIR, ALLOC_BY_LOT, ALLOC_BY_SERIAL, ALLOC_BY_ORDER,
      ALLOC_BY_CUSTOMER, MOV_BY_LOT, MOV_BY_SERIAL, STOCK_BY_LOT, STOCK_BY_SERIAL, GEN_DOWN, GEN_UP, SKU_DIR);
}
