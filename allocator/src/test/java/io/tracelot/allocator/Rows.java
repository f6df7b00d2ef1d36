package io.tracelot.allocator;

import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.StockPosition;
import io.tracelot.allocator.model.Times;
import java.util.List;

/** Short, readable renderings of output rows for assertions. */
final class Rows {
  private Rows() {}

  /** {@code order:line wh lot[/serial] xQty FILL@HH:MM} in canonical order. */
  static List<String> allocations(AllocationResult r) {
    return r.allocations().stream().map(Rows::allocation).toList();
  }

  static String allocation(Allocation a) {
    return a.orderId() + ":" + a.line() + " " + a.warehouse() + " " + a.lot() + (a.serial() == null ? "" : "/" + a.serial())
        + " x" + a.qty() + " " + a.fill() + "@" + time(a.allocTs());
  }

  /** {@code order:line wh open/ordered}. */
  static List<String> backorders(AllocationResult r) {
    return r.backorders().stream().map(b -> b.orderId() + ":" + b.line() + " " + b.warehouse() + " " + b.qtyOpen() + "/" + b.qtyOrdered()).toList();
  }

  /** {@code wh lot[/serial] xQty [held]}. */
  static List<String> stock(AllocationResult r) {
    return r.stock().stream().map(Rows::stock).toList();
  }

  static String stock(StockPosition s) {
    return s.warehouse() + " " + s.lot() + (s.serial() == null ? "" : "/" + s.serial()) + " x" + s.qty() + (s.held() ? " held" : "");
  }

  /** {@code recordId REASON}. */
  static List<String> rejects(AllocationResult r) {
    return r.rejects().stream().map(x -> x.recordId() + " " + x.reason()).toList();
  }

  static String time(long micros) {
    String iso = Times.formatInstant(micros);
    return iso.startsWith(Scenario.DAY) ? iso.substring(11, 16) : iso;
  }

}
