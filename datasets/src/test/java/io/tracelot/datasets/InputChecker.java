package io.tracelot.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A small checker of inputs.md and allocation.md written for the tests, independent of the
 * generator: it parses the files itself (RFC 4180 CSV or flat JSON Lines) and classifies every row
 * that breaks a rule it can see without allocating (formats, required fields, unknown skus,
 * tracking, duplicates, serial identity, expiry consistency, holds, plant stock). Everything it
 * finds is reported per table and reason; the tests expect exactly the generator's intended bad rows.
 */
final class InputChecker {
  static final List<String> SKU_COLUMNS = List.of("sku", "tracking", "policy", "description", "unit");
  static final List<String> MOVEMENT_COLUMNS = List.of(
      "event_id", "ts", "type", "sku", "lot", "serial", "qty", "warehouse", "to_warehouse", "expiry", "party", "ref");
  static final List<String> ORDER_COLUMNS = List.of(
      "order_id", "line", "ts", "customer", "sku", "qty", "warehouse", "ship_date", "min_shelf_days", "priority");
  private static final Set<String> TYPES = Set.of("RECEIPT", "PRODUCE", "CONSUME", "TRANSFER", "ADJUST", "RETURN", "HOLD", "RELEASE");

  final Map<String, Map<String, Long>> rejects = new TreeMap<>();
  final Map<String, String> tracking = new HashMap<>();
  final Map<String, Long> movementTypes = new TreeMap<>();
  final List<String> problems = new ArrayList<>();
  long serialRows;
  long holdsBeforeArrival;
  long movementRows;
  long orderRows;
  long unitsIn;
  int genealogyDepth;

  private final Set<String> eventIds = new HashSet<>();
  private final Set<String> orderLines = new HashSet<>();
  private final Set<String> serials = new HashSet<>();
  private final Map<String, String> expiries = new HashMap<>();
  private final Set<String> held = new HashSet<>();
  private final Set<String> arrived = new HashSet<>();
  private final Map<String, Long> stock = new HashMap<>();
  private final Map<String, List<String>> consumedByRef = new HashMap<>();
  private final Map<String, List<String>> producedByRef = new HashMap<>();

  static InputChecker check(Path dir, String extension) throws IOException {
    InputChecker checker = new InputChecker();
    for (Map<String, String> row : read(dir, "skus", extension, SKU_COLUMNS)) {
      checker.sku(row);
    }
    String last = "";
    for (Map<String, String> row : read(dir, "movements", extension, MOVEMENT_COLUMNS)) {
      String reason = checker.movement(row);
      last = checker.count("movements", reason, row, last);
    }
    last = "";
    for (Map<String, String> row : read(dir, "orders", extension, ORDER_COLUMNS)) {
      String reason = checker.order(row);
      last = checker.count("orders", reason, row, last);
    }
    checker.genealogyDepth = checker.depth();
    return checker;
  }

  private String count(String table, String reason, Map<String, String> row, String lastTs) {
    if (reason != null) {
      rejects.computeIfAbsent(table, t -> new TreeMap<>()).merge(reason, 1L, Long::sum);
      return lastTs;
    }
    String ts = row.get("ts");
    if (ts.compareTo(lastTs) < 0) {
      problems.add(table + " not sorted by ts at " + row);
    }
    return ts;
  }

  private void sku(Map<String, String> row) {
    String sku = row.get("sku");
    String t = row.get("tracking");
    if (sku == null || !Set.of("NONE", "LOT", "SERIAL").contains(t) || tracking.put(sku, t) != null) {
      problems.add("bad sku row " + row);
    }
    String policy = row.get("policy");
    if (policy != null && !Set.of("FEFO", "FIFO", "LIFO").contains(policy)) {
      problems.add("bad policy " + row);
    }
    idLength(row);
  }

  private String movement(Map<String, String> row) {
    movementRows++;
    idLength(row);
    String type = row.get("type");
    String ts = row.get("ts");
    String qtyText = row.get("qty");
    if ((ts != null && !isInstant(ts)) || (qtyText != null && !isLong(qtyText)) || (row.get("expiry") != null && !isDate(row.get("expiry")))) {
      return "PARSE_ERROR";
    }
    boolean holdOrRelease = "HOLD".equals(type) || "RELEASE".equals(type);
    String sku = row.get("sku");
    String t = tracking.get(sku);
    if (row.get("event_id") == null || ts == null || type == null || sku == null
        || (!holdOrRelease && (qtyText == null && !"SERIAL".equals(t) || row.get("warehouse") == null))
        || ("TRANSFER".equals(type) && row.get("to_warehouse") == null)
        || (("RECEIPT".equals(type) || "RETURN".equals(type)) && row.get("party") == null)
        || (("PRODUCE".equals(type) || "CONSUME".equals(type)) && row.get("ref") == null)
        || ("LOT".equals(t) && row.get("lot") == null)
        || ("SERIAL".equals(t) && !holdOrRelease && row.get("serial") == null)) {
      return "MISSING_FIELD";
    }
    long qty = qtyText == null ? 1 : Long.parseLong(qtyText);
    if (!TYPES.contains(type) || (!holdOrRelease && ("ADJUST".equals(type) ? qty == 0 : qty <= 0))) {
      return "BAD_VALUE";
    }
    if (t == null) {
      return "UNKNOWN_SKU";
    }
    if (("NONE".equals(t) && (row.get("lot") != null || row.get("serial") != null)) || ("LOT".equals(t) && row.get("serial") != null)
        || ("SERIAL".equals(t) && qty != 1)) {
      return "TRACKING_MISMATCH";
    }
    if (!eventIds.add(row.get("event_id"))) {
      return "DUPLICATE_EVENT";
    }
    String lot = sku + "|" + (row.get("lot") == null ? "" : row.get("lot"));
    String serial = sku + "|" + row.get("serial");
    String here = lot + "|" + row.get("warehouse");
    boolean adds = "RECEIPT".equals(type) || "PRODUCE".equals(type) || ("ADJUST".equals(type) && qty > 0);
    if ("SERIAL".equals(t) && adds && serials.contains(serial)) {
      return "DUPLICATE_SERIAL";
    }
    if ("SERIAL".equals(t) && "RETURN".equals(type) && !serials.contains(serial)) {
      return "UNKNOWN_SERIAL";
    }
    // the plant is the only place no order draws from, so its stock is known exactly here
    if ("CONSUME".equals(type) && stock.getOrDefault(here, 0L) < qty) {
      return "INSUFFICIENT_STOCK";
    }
    String expiry = row.get("expiry");
    if (expiry != null && expiries.containsKey(lot) && !expiries.get(lot).equals(expiry)) {
      return "EXPIRY_MISMATCH";
    }
    if ("CONSUME".equals(type) && held.contains(lot)) {
      return "LOT_HELD";
    }
    apply(row, type, t, lot, serial, here, qty, adds);
    return null;
  }

  private void apply(Map<String, String> row, String type, String t, String lot, String serial, String here, long qty, boolean adds) {
    movementTypes.merge(type, 1L, Long::sum);
    if ("SERIAL".equals(t)) {
      serialRows++;
      serials.add(serial);
    }
    if (row.get("expiry") != null) {
      expiries.putIfAbsent(lot, row.get("expiry"));
    }
    switch (type) {
      case "HOLD" -> {
        if (!arrived.contains(lot)) {
          holdsBeforeArrival++;
        }
        held.add(lot);
      }
      case "RELEASE" -> held.remove(lot);
      case "CONSUME" -> {
        stock.merge(here, -qty, Long::sum);
        consumedByRef.computeIfAbsent(row.get("ref"), r -> new ArrayList<>()).add(lot);
      }
      case "TRANSFER" -> {
        stock.merge(here, -qty, Long::sum);
        stock.merge(lot + "|" + row.get("to_warehouse"), qty, Long::sum);
      }
      default -> {
        stock.merge(here, qty, Long::sum);
        arrived.add(lot);
        if ("PRODUCE".equals(type)) {
          producedByRef.computeIfAbsent(row.get("ref"), r -> new ArrayList<>()).add(lot);
        }
        if (adds && !"ADJUST".equals(type)) {
          unitsIn += qty;
        }
      }
    }
  }

  private String order(Map<String, String> row) {
    orderRows++;
    idLength(row);
    if ((row.get("ts") != null && !isInstant(row.get("ts"))) || !isLongOrAbsent(row.get("line")) || !isLongOrAbsent(row.get("qty"))
        || !isLongOrAbsent(row.get("min_shelf_days")) || !isLongOrAbsent(row.get("priority"))
        || (row.get("ship_date") != null && !isDate(row.get("ship_date")))) {
      return "PARSE_ERROR";
    }
    for (String column : List.of("order_id", "line", "ts", "customer", "sku", "qty", "warehouse")) {
      if (row.get(column) == null) {
        return "MISSING_FIELD";
      }
    }
    if (Long.parseLong(row.get("qty")) <= 0) {
      return "BAD_VALUE";
    }
    if (!tracking.containsKey(row.get("sku"))) {
      return "UNKNOWN_SKU";
    }
    if (!orderLines.add(row.get("order_id") + "|" + row.get("line"))) {
      return "DUPLICATE_ORDER_LINE";
    }
    return null;
  }

  /** Longest chain of work orders: consumed lot -> produced lot edges of the same ref. */
  private int depth() {
    Map<String, Set<String>> children = new HashMap<>();
    producedByRef.forEach((ref, produced) -> {
      for (String from : consumedByRef.getOrDefault(ref, List.of())) {
        children.computeIfAbsent(from, k -> new HashSet<>()).addAll(produced);
      }
    });
    Map<String, Integer> memo = new HashMap<>();
    int best = 0;
    for (String lot : children.keySet()) {
      best = Math.max(best, depth(lot, children, memo));
    }
    return best;
  }

  private int depth(String lot, Map<String, Set<String>> children, Map<String, Integer> memo) {
    Integer known = memo.get(lot);
    if (known != null) {
      return known;
    }
    int d = 0;
    for (String child : children.getOrDefault(lot, Set.of())) {
      d = Math.max(d, 1 + depth(child, children, memo));
    }
    memo.put(lot, d);
    return d;
  }

  private void idLength(Map<String, String> row) {
    row.forEach((column, value) -> {
      if (value != null && (value.length() > 128 && !column.equals("description") || !value.equals(value.strip()))) {
        problems.add("value of " + column + " not a trimmed 1-128 character identifier: " + row);
      }
    });
  }

  private static boolean isInstant(String text) {
    try {
      Instant.parse(text);
      return text.endsWith("Z");
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isDate(String text) {
    try {
      LocalDate.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isLong(String text) {
    return text.matches("-?\\d{1,18}");
  }

  private static boolean isLongOrAbsent(String text) {
    return text == null || isLong(text);
  }

  // ---------------------------------------------------------------- parsing

  /** The rows of a table, from name.ext or name/*.ext in file name order; empty fields are absent (null). */
  static List<Map<String, String>> read(Path dir, String table, String extension, List<String> columns) throws IOException {
    List<Path> files = new ArrayList<>();
    Path single = dir.resolve(table + "." + extension);
    if (Files.exists(single)) {
      files.add(single);
    } else {
      try (var listing = Files.list(dir.resolve(table))) {
        listing.filter(p -> p.toString().endsWith("." + extension)).sorted().forEach(files::add);
      }
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (extension.equals("csv")) {
        List<List<String>> records = parseCsv(text);
        if (!records.get(0).equals(columns)) {
          throw new AssertionError(file + " header " + records.get(0) + " is not " + columns);
        }
        for (List<String> record : records.subList(1, records.size())) {
          if (record.size() != columns.size()) {
            throw new AssertionError(file + " row with " + record.size() + " fields: " + record);
          }
          Map<String, String> row = new LinkedHashMap<>();
          for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), record.get(i).isEmpty() ? null : record.get(i));
          }
          rows.add(row);
        }
      } else {
        for (String line : text.split("\n")) {
          if (!line.isEmpty()) {
            Map<String, String> row = parseJsonObject(line);
            if (!columns.containsAll(row.keySet())) {
              throw new AssertionError(file + " unknown field in " + line);
            }
            rows.add(row);
          }
        }
      }
    }
    return rows;
  }

  /** RFC 4180: quoted fields may hold commas, doubled quotes and newlines. */
  static List<List<String>> parseCsv(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        if (field.length() > 0) {
          throw new AssertionError("quote inside an unquoted field near " + field);
        }
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (quoted || field.length() > 0 || !record.isEmpty()) {
      throw new AssertionError("file does not end with a complete record");
    }
    return records;
  }

  /** A flat JSON object of strings and integers. */
  static Map<String, String> parseJsonObject(String line) {
    Map<String, String> row = new LinkedHashMap<>();
    int[] at = {0};
    expect(line, at, '{');
    while (line.charAt(at[0]) != '}') {
      String key = jsonString(line, at);
      expect(line, at, ':');
      String value;
      if (line.charAt(at[0]) == '"') {
        value = jsonString(line, at);
      } else {
        int start = at[0];
        while (at[0] < line.length() && (Character.isDigit(line.charAt(at[0])) || line.charAt(at[0]) == '-')) {
          at[0]++;
        }
        value = line.substring(start, at[0]);
      }
      row.put(key, value);
      if (line.charAt(at[0]) == ',') {
        at[0]++;
      }
    }
    return row;
  }

  private static void expect(String line, int[] at, char c) {
    if (line.charAt(at[0]++) != c) {
      throw new AssertionError("expected " + c + " at " + (at[0] - 1) + " in " + line);
    }
  }

  private static String jsonString(String line, int[] at) {
    expect(line, at, '"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = line.charAt(at[0]++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        char e = line.charAt(at[0]++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            out.append((char) Integer.parseInt(line.substring(at[0], at[0] + 4), 16));
            at[0] += 4;
          }
          default -> out.append(e);
        }
      } else {
        out.append(c);
      }
    }
  }
}
