package io.tracelot.trace;

import io.tracelot.allocator.model.Ids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A question of trace.md. Records validate in their constructors: a malformed query (a missing
 * or malformed id, a negative depth, no lots) is an {@link IllegalArgumentException} whose message
 * starts with "malformed query".
 */
public sealed interface TraceQuery {
  /** The query as the JSON answer echoes it (snake_case; absent = null). */
  Map<String, Object> describe();

  /** No depth limit. */
  int UNLIMITED = Integer.MAX_VALUE;

  /** Forward from a lot: of one sku, or of every sku that uses the lot code when sku is null. */
  record ForwardLot(String lot, String sku, int depth) implements TraceQuery {
    public ForwardLot {
      requireId("lot", lot);
      optionalId("sku", sku);
      checkDepth(depth);
    }

    public ForwardLot(String lot) {
      this(lot, null, UNLIMITED);
    }

    @Override
    public Map<String, Object> describe() {
      return map("trace", "lot", "direction", "forward", "lot", lot, "sku", sku, "depth", depthOrNull(depth));
    }
  }

  /** Forward from a serial: of one sku, or of any sku when sku is null. */
  record ForwardSerial(String serial, String sku) implements TraceQuery {
    public ForwardSerial {
      requireId("serial", serial);
      optionalId("sku", sku);
    }

    @Override
    public Map<String, Object> describe() {
      return map("trace", "serial", "direction", "forward", "serial", serial, "sku", sku);
    }
  }

  /** What a backward trace starts from. */
  enum From {
    LOT, SERIAL, ORDER, CUSTOMER;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses lot | serial | order | customer. */
    public static From parse(String text) {
      for (From f : values()) {
        if (f.label().equals(text)) {
          return f;
        }
      }
      throw new IllegalArgumentException("malformed query: trace back needs lot, serial, order or customer, got '"
          + Ids.abbreviate(String.valueOf(text)) + "'");
    }
  }

  /** Backward from a lot, serial, order or customer to the lots it came from and their receipts. */
  record Backward(From from, String id, String sku, int depth) implements TraceQuery {
    public Backward {
      if (from == null) {
        throw new IllegalArgumentException("malformed query: trace back needs lot, serial, order or customer");
      }
      requireId(from.label(), id);
      optionalId("sku", sku);
      if (sku != null && (from == From.ORDER || from == From.CUSTOMER)) {
        throw new IllegalArgumentException("malformed query: --sku applies to lot and serial traces, not to "
            + from.label());
      }
      checkDepth(depth);
    }

    @Override
    public Map<String, Object> describe() {
      return map("trace", from.label(), "direction", "backward", "id", id, "sku", sku, "depth", depthOrNull(depth));
    }
  }

  /** The recall list for a set of lots, forward through genealogy. */
  record Recall(List<LotRef> lots, int depth) implements TraceQuery {
    public Recall {
      if (lots == null || lots.isEmpty()) {
        throw new IllegalArgumentException("malformed query: recall needs at least one lot");
      }
      lots = List.copyOf(lots);
      checkDepth(depth);
    }

    @Override
    public Map<String, Object> describe() {
      List<Map<String, Object>> refs = new ArrayList<>();
      for (LotRef r : lots) {
        refs.add(map("sku", r.sku(), "lot", r.lot()));
      }
      return map("trace", "recall", "direction", "forward", "lots", refs, "depth", depthOrNull(depth));
    }
  }

  /** A lot code, of one sku or (sku null) of every sku that uses it. */
  record LotRef(String sku, String lot) {
    public LotRef {
      optionalId("sku", sku);
      requireId("lot", lot);
    }

    /** {@code LOT} or {@code SKU,LOT} (a line of a --lots file). */
    public static LotRef parse(String text) {
      String t = text.strip();
      int comma = t.indexOf(',');
      return comma < 0 ? new LotRef(null, t) : new LotRef(t.substring(0, comma).strip(), t.substring(comma + 1).strip());
    }

    /**
     * A list of lots, one {@code LOT} or {@code SKU,LOT} per line; blank lines and {@code #}
     * comments are skipped. A bad line fails with "line N: ..." in its message.
     */
    public static java.util.List<LotRef> parseLines(java.util.List<String> lines) {
      java.util.List<LotRef> refs = new java.util.ArrayList<>();
      int n = 0;
      for (String line : lines) {
        n++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        try {
          refs.add(parse(t));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("line " + n + ": " + e.getMessage(), e);
        }
      }
      return refs;
    }
  }

  private static void requireId(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException("malformed query: " + field + " is required");
    }
    if (!Ids.isValid(value)) {
      throw new IllegalArgumentException("malformed query: " + field + " must be 1 to " + Ids.MAX_LENGTH
          + " characters without surrounding spaces, got '" + Ids.abbreviate(value) + "'");
    }
  }

  private static void optionalId(String field, String value) {
    if (value != null) {
      requireId(field, value);
    }
  }

  private static void checkDepth(int depth) {
    if (depth < 0) {
      throw new IllegalArgumentException("malformed query: depth must be >= 0, got " + depth);
    }
  }

  private static Integer depthOrNull(int depth) {
    return depth == UNLIMITED ? null : depth;
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
