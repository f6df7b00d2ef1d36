package io.tracelot.allocator.input;

import static io.tracelot.allocator.model.RejectReason.BAD_VALUE;
import static io.tracelot.allocator.model.RejectReason.MISSING_FIELD;
import static io.tracelot.allocator.model.RejectReason.TRACKING_MISMATCH;
import static io.tracelot.allocator.model.RejectReason.UNKNOWN_SKU;

import io.tracelot.allocator.model.Ids;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.InputSource;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.allocator.model.Policy;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.Times;
import io.tracelot.allocator.model.Tracking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The row rules of inputs.md and allocation.md ("Which fields a row needs"): turns a parsed row
 * into a validated event, or into a reject with the first reason in the spec's precedence:
 * MISSING_FIELD, BAD_VALUE, UNKNOWN_SKU, TRACKING_MISMATCH. Duplicates and stock rules are checked
 * later, by whoever sees all rows of an id or a sku.
 */
public final class RowValidator {
  /** Largest quantity accepted: 2^53 - 1, so that JSON readers (doubles) agree on every value. */
  public static final long MAX_QTY = (1L << 53) - 1;
  /** Longest free text accepted in a description. */
  public static final int MAX_TEXT = 1024;
  private static final int MAX_SHELF_DAYS = 3_660_000;

  private final Function<String, Sku> skus;

  /** @param skus looks up the item master; null for an unknown sku */
  public RowValidator(Function<String, Sku> skus) {
    this.skus = skus;
  }

  /** Either a validated event or a reject. */
  public record Result(InputEvent event, Reject reject) {
    public boolean ok() {
      return reject == null;
    }
  }

  /** Validates an item master row; the result's event is null, {@link #sku} has the item. */
  public static SkuResult sku(String file, long lineNo, String raw, Map<String, String> f) {
    Problems p = new Problems();
    String sku = p.id(f, "sku", true);
    Tracking tracking = p.enumValue(f, "tracking", Tracking.class, true);
    Policy policy = p.enumValue(f, "policy", Policy.class, false);
    String description = f.get("description");
    if (description != null && description.length() > MAX_TEXT) {
      p.bad("description longer than " + MAX_TEXT + " characters");
    }
    String unit = p.id(f, "unit", false);
    String recordId = sku != null ? sku : f.get("sku");
    if (p.any()) {
      return new SkuResult(null, p.reject(InputSource.SKUS, file, lineNo, recordId, raw));
    }
    return new SkuResult(new Sku(sku, tracking, policy == null ? Policy.FEFO : policy, description, unit), null);
  }

  /** An item master row: the item or a reject. */
  public record SkuResult(Sku sku, Reject reject) {}

  public Result movement(String file, long lineNo, String raw, Map<String, String> f) {
    Problems p = new Problems();
    String eventId = p.id(f, "event_id", true);
    long ts = p.instant(f, "ts", true);
    MovementType type = p.enumValue(f, "type", MovementType.class, true);
    String skuId = p.id(f, "sku", true);
    String lot = p.id(f, "lot", false);
    String serial = p.id(f, "serial", false);
    String party = p.id(f, "party", false);
    String ref = p.id(f, "ref", false);
    int expiry = p.date(f, "expiry");
    Sku sku = skuId == null ? null : skus.apply(skuId);
    boolean holdOrRelease = type != null && type.isHoldOrRelease();
    boolean serialItem = sku != null && sku.tracking() == Tracking.SERIAL;

    String warehouse = null;
    String toWarehouse = null;
    long qty = 0;
    if (type != null && !holdOrRelease) {
      warehouse = p.id(f, "warehouse", true);
      // a serial row may leave qty empty: it moves one unit
      Long q = p.integer(f, "qty", !serialItem, -MAX_QTY, MAX_QTY);
      qty = q != null ? q : (serialItem ? 1 : 0);
      if (q != null && (type == MovementType.ADJUST ? qty == 0 : qty <= 0)) {
        p.bad("qty must be " + (type == MovementType.ADJUST ? "non-zero" : "positive") + " for " + type + ", got " + qty);
      }
      if (type == MovementType.TRANSFER) {
        toWarehouse = p.id(f, "to_warehouse", true);
        if (toWarehouse != null && toWarehouse.equals(warehouse)) {
          p.bad("to_warehouse equals warehouse " + warehouse);
        }
      }
      if (type == MovementType.RECEIPT || type == MovementType.RETURN) {
        p.require(f, "party");
      }
      if (type == MovementType.PRODUCE || type == MovementType.CONSUME) {
        p.require(f, "ref");
      }
    }
    if (sku != null && type != null) {
      // presence, not validity: a bad lot is BAD_VALUE already, not also missing
      checkTracking(p, sku.tracking(), holdOrRelease, f.get("lot"), f.get("serial"), qty);
    }
    String recordId = eventId != null ? eventId : f.get("event_id");
    if (p.any() || sku == null) {
      if (!p.any()) {
        p.unknownSku(skuId);
      }
      return new Result(null, p.reject(InputSource.MOVEMENTS, file, lineNo, recordId, raw));
    }
    boolean addsStock = type == MovementType.RECEIPT || type == MovementType.PRODUCE || (type == MovementType.ADJUST && qty > 0);
    Movement m = new Movement(eventId, ts, type, skuId, lot, serial, qty, warehouse, toWarehouse, addsStock ? expiry : Times.NO_DATE, party, ref);
    return new Result(new InputEvent(m, file, lineNo, raw), null);
  }

  private static void checkTracking(Problems p, Tracking tracking, boolean holdOrRelease, String lot, String serial, long qty) {
    switch (tracking) {
      case NONE -> {
        if (lot != null || serial != null) {
          p.mismatch("a NONE item carries no " + (lot != null ? "lot" : "serial"));
        }
      }
      case LOT -> {
        if (lot == null) {
          p.missing("lot");
        } else if (serial != null) {
          p.mismatch("a LOT item carries no serial");
        }
      }
      case SERIAL -> {
        if (holdOrRelease) {
          if (serial != null) {
            p.mismatch("HOLD and RELEASE name a lot, not a serial");
          }
        } else if (serial == null) {
          p.missing("serial");
        } else if (Math.abs(qty) != 1) {
          p.mismatch("a serial row moves one unit, qty " + qty);
        }
      }
    }
  }

  public Result orderLine(String file, long lineNo, String raw, Map<String, String> f) {
    Problems p = new Problems();
    String orderId = p.id(f, "order_id", true);
    Long line = p.integer(f, "line", true, Long.MIN_VALUE, Long.MAX_VALUE);
    long ts = p.instant(f, "ts", true);
    String customer = p.id(f, "customer", true);
    String skuId = p.id(f, "sku", true);
    Long qty = p.integer(f, "qty", true, 1, MAX_QTY);
    String warehouse = p.id(f, "warehouse", true);
    int shipDate = p.date(f, "ship_date");
    Long minShelf = p.integer(f, "min_shelf_days", false, 0, MAX_SHELF_DAYS);
    Long priority = p.integer(f, "priority", false, Integer.MIN_VALUE, Integer.MAX_VALUE);
    Sku sku = skuId == null ? null : skus.apply(skuId);
    String recordId = orderId != null && line != null ? orderId + ":" + line : f.get("order_id") + ":" + f.get("line");
    if (p.any() || sku == null) {
      if (!p.any()) {
        p.unknownSku(skuId);
      }
      return new Result(null, p.reject(InputSource.ORDERS, file, lineNo, recordId, raw));
    }
    OrderLine l = new OrderLine(orderId, line, ts, customer, skuId, qty, warehouse,
        shipDate == Times.NO_DATE ? Times.dateOf(ts) : shipDate,
        minShelf == null ? 0 : minShelf.intValue(),
        priority == null ? OrderLine.DEFAULT_PRIORITY : priority.intValue());
    return new Result(new InputEvent(l, file, lineNo, raw), null);
  }

  /** Collects what is wrong with a row and reports the reason that comes first. */
  private static final class Problems {
    private final List<String> missing = new ArrayList<>(2);
    private final List<String> bad = new ArrayList<>(2);
    private String unknownSku;
    private String mismatch;

    boolean any() {
      return !missing.isEmpty() || !bad.isEmpty() || unknownSku != null || mismatch != null;
    }

    void missing(String field) {
      missing.add(field);
    }

    void bad(String message) {
      bad.add(message);
    }

    void unknownSku(String sku) {
      unknownSku = sku;
    }

    void mismatch(String message) {
      if (mismatch == null) {
        mismatch = message;
      }
    }

    void require(Map<String, String> f, String field) {
      if (f.get(field) == null) {
        missing(field);
      }
    }

    String id(Map<String, String> f, String field, boolean required) {
      String v = f.get(field);
      if (v == null) {
        if (required) {
          missing(field);
        }
        return null;
      }
      if (!Ids.isValid(v)) {
        bad(field + " must be 1 to " + Ids.MAX_LENGTH + " characters, got " + v.codePointCount(0, v.length()) + ": '" + Ids.abbreviate(v) + "'");
        return null;
      }
      return v;
    }

    long instant(Map<String, String> f, String field, boolean required) {
      String v = f.get(field);
      if (v == null) {
        if (required) {
          missing(field);
        }
        return Times.NO_TS;
      }
      try {
        return Times.parseInstant(v);
      } catch (IllegalArgumentException e) {
        bad(field + ": " + e.getMessage());
        return Times.NO_TS;
      }
    }

    int date(Map<String, String> f, String field) {
      String v = f.get(field);
      if (v == null) {
        return Times.NO_DATE;
      }
      try {
        return Times.parseDate(v);
      } catch (IllegalArgumentException e) {
        bad(field + ": " + e.getMessage());
        return Times.NO_DATE;
      }
    }

    Long integer(Map<String, String> f, String field, boolean required, long min, long max) {
      String v = f.get(field);
      if (v == null) {
        if (required) {
          missing(field);
        }
        return null;
      }
      if (!isInteger(v)) {
        bad(field + " is not an integer: '" + Ids.abbreviate(v) + "'");
        return null;
      }
      long n;
      try {
        n = Long.parseLong(v);
      } catch (NumberFormatException e) { // digits only, so too many of them
        bad(field + " out of range " + min + ".." + max + ": " + Ids.abbreviate(v));
        return null;
      }
      if (n < min || n > max) {
        bad(field + " out of range " + min + ".." + max + ": " + n);
        return null;
      }
      return n;
    }

    /**
     * An optional '-' and then ASCII digits only: no '+', exponent, decimal point, separators, hex
     * or non-ASCII digits (Long.parseLong takes '+5' and Arabic-Indic digits).
     */
    private static boolean isInteger(String v) {
      int i = v.startsWith("-") ? 1 : 0;
      if (i == v.length()) {
        return false;
      }
      for (; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c < '0' || c > '9') {
          return false;
        }
      }
      return true;
    }

    <E extends Enum<E>> E enumValue(Map<String, String> f, String field, Class<E> type, boolean required) {
      String v = f.get(field);
      if (v == null) {
        if (required) {
          missing(field);
        }
        return null;
      }
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(v)) {
          return e;
        }
      }
      bad(field + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()) + ", got '" + Ids.abbreviate(v) + "'");
      return null;
    }

    Reject reject(InputSource source, String file, long lineNo, String recordId, String raw) {
      RejectReason reason;
      String message;
      if (!missing.isEmpty()) {
        reason = MISSING_FIELD;
        message = "missing " + String.join(", ", missing);
      } else if (!bad.isEmpty()) {
        reason = BAD_VALUE;
        message = String.join("; ", bad);
      } else if (unknownSku != null) {
        reason = UNKNOWN_SKU;
        message = "sku " + unknownSku + " is not in the item master";
      } else {
        reason = TRACKING_MISMATCH;
        message = mismatch;
      }
      return new Reject(source, file, lineNo, recordId, reason, message, raw);
    }
  }
}
