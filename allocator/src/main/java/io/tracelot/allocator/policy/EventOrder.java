package io.tracelot.allocator.policy;

import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.allocator.model.SkuEvent;
import java.util.Comparator;

/**
 * The total order of one sku's events (allocation.md, "Order of events"): ts; at equal ts
 * movements first; movements by event_id; order lines by priority, order_id, line.
 */
public final class EventOrder {
  public static final Comparator<SkuEvent> ORDER = EventOrder::compare;

  /** The backorder queue: priority, then ts, then order_id, then line. */
  public static final Comparator<OrderLine> QUEUE =
      (a, b) -> {
        int c = Integer.compare(a.priority(), b.priority());
        if (c != 0) {
          return c;
        }
        c = Long.compare(a.ts(), b.ts());
        return c != 0 ? c : orderThenLine(a, b);
      };

  private EventOrder() {}

  public static int compare(SkuEvent a, SkuEvent b) {
    int c = Long.compare(a.ts(), b.ts());
    if (c != 0) {
      return c;
    }
    if (a instanceof Movement ma) {
      return b instanceof Movement mb ? CodePoints.compare(ma.eventId(), mb.eventId()) : -1;
    }
    if (b instanceof Movement) {
      return 1;
    }
    OrderLine la = (OrderLine) a;
    OrderLine lb = (OrderLine) b;
    c = Integer.compare(la.priority(), lb.priority());
    return c != 0 ? c : orderThenLine(la, lb);
  }

  private static int orderThenLine(OrderLine a, OrderLine b) {
    int c = CodePoints.compare(a.orderId(), b.orderId());
    return c != 0 ? c : Long.compare(a.line(), b.line());
  }
}
