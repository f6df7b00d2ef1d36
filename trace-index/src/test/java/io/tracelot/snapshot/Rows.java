package io.tracelot.snapshot;

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
import io.tracelot.allocator.model.Times;
import io.tracelot.allocator.model.Tracking;
import java.util.List;

/**
 * Rows of every table with the values that break formats: nulls, the lot "" (read back as
 * null), unicode, the first and last representable dates and instants with microseconds.
 */
final class Rows {
  static final int FIRST_DAY = Times.parseDate("0001-01-01");
  static final int LAST_DAY = Times.parseDate("9999-12-31");
  static final long FIRST_TS = Times.parseInstant("0001-01-01T00:00:00.000001Z");
  static final long LAST_TS = Times.parseInstant("9999-12-31T23:59:59.999999Z");
  static final long TS = Times.parseInstant("2026-11-20T08:15:00.123456Z");
  static final int DAY = Times.parseDate("2027-03-31");
  static final String UNICODE = "Bäckerei Øresund 東京 🍞";

  private Rows() {}

  static List<Allocation> allocations() {
    return List.of(
        new Allocation("O-1", 1, "C-1", "SKU-A", "W1", "L-1", null, 5, DAY, TS, Fill.INITIAL),
        new Allocation("O-1", 2, UNICODE, "SKU-Ä", "W1", "", null, 1, Times.NO_DATE, FIRST_TS, Fill.BACKORDER),
        new Allocation("O-2", Long.MAX_VALUE, "C-2", "SKU-S", "W2", null, "SN-0001", 1, FIRST_DAY, LAST_TS, Fill.INITIAL),
        new Allocation("O-3", 0, "C-2", "SKU-S", "W2", "L-9", "序列-2", Long.MAX_VALUE, LAST_DAY, 0, Fill.BACKORDER));
  }

  static List<Backorder> backorders() {
    return List.of(
        new Backorder("O-9", 1, "C-1", "SKU-A", "W1", 10, 3, TS, 100),
        new Backorder(UNICODE, 7, UNICODE, "SKU-Ä", "W2", Long.MAX_VALUE, 1, FIRST_TS, Integer.MIN_VALUE),
        new Backorder("O-10", 2, "C-3", "SKU-B", "W1", 1, 1, LAST_TS, Integer.MAX_VALUE));
  }

  static List<StockPosition> stock() {
    return List.of(
        new StockPosition("SKU-A", "W1", "L-1", null, 40, DAY, TS, false),
        new StockPosition("SKU-N", "W1", "", null, 7, Times.NO_DATE, Times.NO_TS, true),
        new StockPosition("SKU-S", "W2", "L-2", "SN-0002", 1, FIRST_DAY, FIRST_TS, false),
        new StockPosition("SKU-Ä", UNICODE, null, "序列-3", 1, LAST_DAY, LAST_TS, true));
  }

  static List<GenealogyEdge> genealogy() {
    return List.of(
        new GenealogyEdge("FLOUR", "F-1", "BREAD", "B-1", "WO-1"),
        new GenealogyEdge("SALT", "", "BREAD", "B-1", "WO-1"),
        new GenealogyEdge("BREAD", "B-1", "BOX", null, UNICODE));
  }

  static List<Movement> movements() {
    return List.of(
        new Movement("E-1", TS, MovementType.RECEIPT, "SKU-A", "L-1", null, 40, "W1", null, DAY, "SUP-1", "PO-1"),
        new Movement("E-2", FIRST_TS, MovementType.TRANSFER, "SKU-S", "L-2", "SN-0002", 1, "W1", "W2", FIRST_DAY, null, null),
        new Movement("E-3", LAST_TS, MovementType.HOLD, "SKU-A", "L-1", null, 0, null, null, Times.NO_DATE, null, null),
        new Movement("E-4", TS, MovementType.ADJUST, "SKU-N", null, null, -3, "W1", null, LAST_DAY, UNICODE, "ADJ-1"),
        new Movement("E-5", TS, MovementType.RETURN, "SKU-Ä", "L-7", "序列-3", 1, UNICODE, null, Times.NO_DATE, "C-1", "RMA-1"));
  }

  static List<Reject> rejects() {
    return List.of(
        new Reject(InputSource.MOVEMENTS, "movements.csv", 12, "E-99", RejectReason.INSUFFICIENT_STOCK,
            "not enough stock", "E-99,2026-11-20T08:15:00Z,CONSUME,SKU-A,..."),
        new Reject(InputSource.ORDERS, "orders.csv", 3, "O-1:2", RejectReason.UNKNOWN_SKU, UNICODE, null),
        new Reject(InputSource.SKUS, "skus.csv", 0, null, RejectReason.PARSE_ERROR, "unterminated quote", ""));
  }

  static List<Sku> skus() {
    return List.of(
        new Sku("SKU-A", Tracking.LOT, Policy.FEFO, "Flour 25 kg", "bag"),
        Sku.of("SKU-N", Tracking.NONE, Policy.FIFO),
        new Sku("SKU-Ä", Tracking.SERIAL, Policy.LIFO, UNICODE, "each"));
  }

  /** The rows of a table as written. */
  @SuppressWarnings("unchecked")
  static <T> List<T> of(SnapshotTable<T> table) {
    return (List<T>) switch (table.name()) {
      case "allocations" -> allocations();
      case "backorders" -> backorders();
      case "stock" -> stock();
      case "genealogy" -> genealogy();
      case "movements" -> movements();
      case "rejects" -> rejects();
      case "skus" -> skus();
      default -> throw new IllegalArgumentException(table.name());
    };
  }

  /** The rows of a table as read back: the lot "" is null. */
  @SuppressWarnings("unchecked")
  static <T> List<T> expected(SnapshotTable<T> table) {
    return of(table).stream().map(r -> (T) withoutEmptyLots(r)).toList();
  }

  private static Object withoutEmptyLots(Object row) {
    if (row instanceof Allocation a && "".equals(a.lot())) {
      return new Allocation(a.orderId(), a.line(), a.customer(), a.sku(), a.warehouse(), null, a.serial(), a.qty(),
          a.expiry(), a.allocTs(), a.fill());
    }
    if (row instanceof StockPosition s && "".equals(s.lot())) {
      return new StockPosition(s.sku(), s.warehouse(), null, s.serial(), s.qty(), s.expiry(), s.ageTs(), s.held());
    }
    if (row instanceof GenealogyEdge g && ("".equals(g.parentLot()) || "".equals(g.childLot()))) {
      return new GenealogyEdge(g.parentSku(), emptyToNull(g.parentLot()), g.childSku(), emptyToNull(g.childLot()),
          g.ref());
    }
    return row;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
