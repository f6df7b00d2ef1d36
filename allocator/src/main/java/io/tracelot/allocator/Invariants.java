package io.tracelot.allocator;

import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.StockPosition;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a run's output tables against the invariants of allocation.md, independently of how they
 * were computed: feed it every accepted movement, every allocation and every stock row (in any
 * order), then ask {@link #results()}.
 *
 * <ul>
 *   <li>{@code conservation_per_lot}: per (sku, lot), accepted additions - removals - allocated +
 *       returned = on hand (transfers move stock between warehouses and cancel out);
 *   <li>{@code serial_in_one_place}: a serial is in stock at most once, and never both in stock
 *       and out with a customer (allocations minus returns of it are 0 or 1).
 * </ul>
 */
public final class Invariants {
  public static final String OK = "ok";
  private static final int EXAMPLES = 3;

  private final Map<String, long[]> balance = new HashMap<>();
  /** (sku, serial) -> {in stock, allocated, returned} */
  private final Map<String, int[]> serials = new HashMap<>();

  public void movement(Movement m) {
    String lot = key(m.sku(), m.lot());
    switch (m.type()) {
      case RECEIPT, PRODUCE, RETURN -> add(lot, Math.abs(m.qty()));
      case ADJUST -> add(lot, m.qty());
      case CONSUME -> add(lot, -Math.abs(m.qty()));
      default -> { } // TRANSFER moves stock within the lot; HOLD and RELEASE move none
    }
    if (m.serial() != null && m.type() == MovementType.RETURN) {
      serial(m.sku(), m.serial())[2]++;
    }
  }

  public void allocation(Allocation a) {
    add(key(a.sku(), a.lot()), -a.qty());
    if (a.serial() != null) {
      serial(a.sku(), a.serial())[1]++;
    }
  }

  public void stock(StockPosition s) {
    add(key(s.sku(), s.lot()), -s.qty());
    if (s.serial() != null) {
      serial(s.sku(), s.serial())[0]++;
    }
  }

  /** Invariant name -> {@link #OK} or what is broken, with a few examples. */
  public Map<String, String> results() {
    Map<String, String> out = new LinkedHashMap<>();
    StringBuilder lots = new StringBuilder();
    long brokenLots = 0;
    for (Map.Entry<String, long[]> e : balance.entrySet()) {
      if (e.getValue()[0] != 0) {
        if (brokenLots++ < EXAMPLES) {
          lots.append(lots.length() == 0 ? "" : "; ").append(show(e.getKey())).append(" off by ").append(-e.getValue()[0]);
        }
      }
    }
    out.put("conservation_per_lot", brokenLots == 0 ? OK : brokenLots + " lots do not balance, e.g. " + lots);
    StringBuilder units = new StringBuilder();
    long brokenSerials = 0;
    for (Map.Entry<String, int[]> e : serials.entrySet()) {
      int[] c = e.getValue();
      int out1 = c[1] - c[2];
      if (c[0] > 1 || out1 < 0 || out1 > 1 || c[0] + out1 > 1) {
        if (brokenSerials++ < EXAMPLES) {
          units.append(units.length() == 0 ? "" : "; ").append(show(e.getKey()))
              .append(" in stock ").append(c[0]).append("x, allocated ").append(c[1]).append("x, returned ").append(c[2]).append('x');
        }
      }
    }
    out.put("serial_in_one_place", brokenSerials == 0 ? OK : brokenSerials + " serials are in two places, e.g. " + units);
    return out;
  }

  public boolean allHold() {
    return results().values().stream().allMatch(OK::equals);
  }

  private void add(String lot, long delta) {
    balance.computeIfAbsent(lot, k -> new long[1])[0] += delta;
  }

  private int[] serial(String sku, String serial) {
    return serials.computeIfAbsent(sku + '\u0000' + serial, k -> new int[3]);
  }

  private static String key(String sku, String lot) {
    return sku + '\u0000' + (lot == null ? "" : lot);
  }

  private static String show(String key) {
    return key.replace('\u0000', '/');
  }
}
