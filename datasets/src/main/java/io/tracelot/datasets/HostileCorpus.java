package io.tracelot.datasets;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A deterministic input directory of hostile CSV and JSON Lines: good rows mixed with every kind of
 * bad row we could think of (truncated rows, wrong types, huge fields, invalid UTF-8, NUL bytes, a
 * BOM, CRLF, stray and unterminated quotes, quantities beyond 2^53, impossible dates, JSON that is
 * not a flat object, duplicates...). Each bad row is reported with its file, line and the reject
 * reason it must get, so a test can check the run row by row. {@link #write} can also write the good
 * rows alone, canonically formatted, into a second directory: the run over it must give the same
 * snapshot minus the rejects.
 *
 * <p>The good rows are built never to be rejected: receipts, positive adjustments, holds and
 * releases, serial receipts, a receipt, consume and produce chain at a plant no order ships from,
 * and order lines (always allocated or backordered). Quoted CSV values never start with a comma,
 * quote, blank or line break, so a stray quote can only break its own line.
 */
public final class HostileCorpus {
  /** A deliberately bad row: where it is, the reject reason code of inputs.md it must get, and what is wrong with it. */
  public record BadRow(String table, String file, long line, String reason, String kind) {}

  /** Rows written per input table; every row is one input row (blank lines are not rows). */
  public record Written(Map<String, Long> goodRows, Map<String, Long> badRows) {
    public long good() {
      return goodRows.values().stream().mapToLong(Long::longValue).sum();
    }

    public long bad() {
      return badRows.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The size of a huge row: over the readers' 1 MiB record cap. */
  public static final int HUGE_BYTES = 1024 * 1024 + 1000;
  /** A long field that stays under the cap but over the 64 KiB kept of a raw row. */
  public static final int LONG_BYTES = 100_000;

  private static final long BASE_EPOCH_SECOND = 1_793_520_000L; // 2026-11-01T08:00:00Z
  private static final String[] MOVEMENT_COLUMNS = {
    "event_id", "ts", "type", "sku", "lot", "serial", "qty", "warehouse", "to_warehouse", "expiry", "party", "ref"};
  private static final String[] ORDER_COLUMNS = {
    "order_id", "line", "ts", "customer", "sku", "qty", "warehouse", "ship_date", "min_shelf_days", "priority"};
  private static final String[] SKU_COLUMNS = {"sku", "tracking", "policy", "description", "unit"};
  private static final int LOT_SKUS = 40;
  private static final String UNICODE_SKU = "\u00dc-\u0141OT-\uD83D\uDE00";
  private static final String EMPTY_SKU = "L-EMPTY";

  private final long seed;
  private final int goodMovements;
  private final int goodOrders;
  private final long badRows;
  private final int hugeRows;

  private HostileCorpus(long seed, int goodMovements, int goodOrders, long badRows, int hugeRows) {
    if (goodMovements < 100 || goodOrders < 100) {
      throw new IllegalArgumentException("at least 100 good movements and order lines, got " + goodMovements + " and " + goodOrders);
    }
    if (badRows < 0 || hugeRows < 0) {
      throw new IllegalArgumentException("bad and huge row counts must be >= 0, got " + badRows + " and " + hugeRows);
    }
    this.seed = seed;
    this.goodMovements = goodMovements;
    this.goodOrders = goodOrders;
    this.badRows = badRows;
    this.hugeRows = hugeRows;
  }

  /** Every kind of bad row at least twice in every file where it applies, among about a thousand good rows. */
  public static HostileCorpus small(long seed) {
    return new HostileCorpus(seed, 600, 400, 0, 3);
  }

  /**
   * @param badRows bad rows to spread over the movement and order files (each file gets at least
   *     every kind twice; the item master gets its own few)
   * @param hugeRows rows over the 1 MiB cap in CSV, as many in JSON, and as many of {@link #LONG_BYTES} (they make the files big)
   */
  public static HostileCorpus of(long seed, int goodMovements, int goodOrders, long badRows, int hugeRows) {
    return new HostileCorpus(seed, goodMovements, goodOrders, badRows, hugeRows);
  }

  /**
   * Writes the corpus into {@code dir} (created) and, unless {@code clean} is null, the good rows
   * alone into {@code clean}; reports each bad row, in file order, to {@code bad}.
   */
  public Written write(Path dir, Path clean, Consumer<BadRow> bad) throws IOException {
    Map<String, Long> good = new LinkedHashMap<>();
    Map<String, Long> badCounts = new LinkedHashMap<>();
    Run run = new Run(dir, clean, bad);
    try (run) {
      run.skus();
      run.movements();
      run.orders();
    }
    for (Out o : run.all) {
      good.merge(o.table, o.good, Long::sum);
      badCounts.merge(o.table, o.bad, Long::sum);
    }
    return new Written(Collections.unmodifiableMap(good), Collections.unmodifiableMap(badCounts));
  }

  // ---------------------------------------------------------------------------------------------
  // one writing run

  private final class Run implements Closeable {
    final Path dir;
    final Path clean;
    final Consumer<BadRow> report;
    final List<Out> all = new ArrayList<>();
    Out cleanSkus;
    Out cleanMovements;
    Out cleanOrders;
    long badSeq;
    Map<String, String> movementTemplate;
    Map<String, String> orderTemplate;
    int hugeCsvLeft = hugeRows;
    int hugeJsonLeft = hugeRows;
    int longLeft = hugeRows;

    Run(Path dir, Path clean, Consumer<BadRow> report) throws IOException {
      this.dir = dir;
      this.clean = clean;
      this.report = report;
      if (clean != null) {
        cleanSkus = new Out(clean, "skus", "skus.csv", "\n", false);
        cleanSkus.line(String.join(",", SKU_COLUMNS));
        cleanMovements = new Out(clean, "movements", "movements.csv", "\n", false);
        cleanMovements.line(String.join(",", MOVEMENT_COLUMNS));
        cleanOrders = new Out(clean, "orders", "orders.csv", "\n", false);
        cleanOrders.line(String.join(",", ORDER_COLUMNS));
      }
    }

    Out open(String table, String name, String eol, boolean bom) throws IOException {
      Out o = new Out(dir, table, name, eol, bom);
      all.add(o);
      return o;
    }

    void bad(Out o, long line, String reason, String kind) {
      o.bad++;
      report.accept(new BadRow(o.table, o.name, line, reason, kind));
    }

    String badId(String prefix) {
      return prefix + "-BAD-" + (++badSeq);
    }

    // ---- skus

    void skus() throws IOException {
      Out csv = open("skus", "skus.csv", "\r\n", true);
      String[] cols = {"unit", "sku", "description", "tracking", "policy", ""}; // free order, a trailing unnamed column
      csv.line(String.join(",", cols));
      Out json = open("skus", "skus-2.jsonl", "\n", false);
      List<Map<String, String>> defs = new ArrayList<>();
      for (int i = 0; i < LOT_SKUS; i++) {
        defs.add(sku(String.format(Locale.ROOT, "L-%04d", i), "LOT", new String[] {"FEFO", "FIFO", "LIFO"}[i % 3], i));
      }
      for (int i = 0; i < 5; i++) {
        defs.add(sku("N-" + i, "NONE", "FIFO", 100 + i));
        defs.add(sku("S-" + i, "SERIAL", "FEFO", 200 + i));
      }
      defs.add(sku(UNICODE_SKU, "LOT", "FEFO", 300));
      defs.add(sku(EMPTY_SKU, "LOT", "FEFO", 301));
      SkuKinds kinds = new SkuKinds();
      int k = 0;
      for (int i = 0; i < defs.size(); i++) {
        goodCsv(csv, cols, defs.get(i), new SplittableRandom(Seeds.hash(seed, Seeds.SKU, i)));
        if (i % 2 == 1 && k < 2 * SkuKinds.CSV) {
          kinds.csv(csv, cols, k++);
        }
      }
      while (k < 2 * SkuKinds.CSV) {
        kinds.csv(csv, cols, k++);
      }
      // the JSON file: more items, an agreeing second definition (accepted), and its own bad rows
      List<Map<String, String>> more = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        more.add(sku("J-" + i, "LOT", "FIFO", 400 + i));
      }
      more.add(defs.get(0));
      for (int i = 0; i < more.size(); i++) {
        goodJson(json, more.get(i), new SplittableRandom(Seeds.hash(seed, Seeds.SKU, 1000 + i)));
        kinds.json(json, i);
        kinds.json(json, i + SkuKinds.JSON);
      }
      for (Map<String, String> d : defs) {
        cleanRow(cleanSkus, SKU_COLUMNS, d);
      }
      for (Map<String, String> d : more) {
        cleanRow(cleanSkus, SKU_COLUMNS, d);
      }
      csv.close();
      json.close();
    }

    Map<String, String> sku(String id, String tracking, String policy, int i) {
      Map<String, String> f = new LinkedHashMap<>();
      f.put("sku", id);
      f.put("tracking", tracking);
      f.put("policy", policy);
      f.put("description", switch (i % 4) {
        case 0 -> "Cr\u00e8me br\u00fbl\u00e9e, 6 x 100 g";
        case 1 -> "Box \"large\", two\nlines";
        case 2 -> "Item " + i;
        default -> null;
      });
      f.put("unit", i % 3 == 0 ? null : i % 3 == 1 ? "each" : "kg");
      return f;
    }

    /** Bad item master rows; the CSV ones in the columns of skus.csv. */
    final class SkuKinds {
      static final int CSV = 10;
      static final int JSON = 3;

      void csv(Out o, String[] cols, int k) throws IOException {
        String id = badId("SKU");
        Map<String, String> f = sku(id, "LOT", "FEFO", k);
        switch (k % CSV) {
          case 0 -> badCsv(o, cols, with(f, "tracking", "lot"), "BAD_VALUE", "sku-tracking-lowercase");
          case 1 -> badCsv(o, cols, with(f, "policy", "RANDOM"), "BAD_VALUE", "sku-policy-unknown");
          case 2 -> badCsv(o, cols, with(f, "description", "d".repeat(1025)), "BAD_VALUE", "sku-description-over-1024");
          case 3 -> badCsv(o, cols, with(f, "tracking", null), "MISSING_FIELD", "sku-missing-tracking");
          case 4 -> badCsv(o, cols, with(f, "sku", "S".repeat(129)), "BAD_VALUE", "sku-id-over-128");
          case 5 -> badCsv(o, cols, with(sku("L-0001", "NONE", "FIFO", k), "description", null), "BAD_VALUE", "sku-conflicting-redefinition");
          case 6 -> badBytes(o, cat(bytes("each," + id + ",caf"), new byte[] {(byte) 0xC3, '(', ','}, bytes("LOT,FEFO,")), "PARSE_ERROR", "invalid-utf8-sku");
          case 7 -> badLine(o, "each," + id + ",x", "PARSE_ERROR", "truncated-row");
          case 8 -> badLine(o, "each,\"" + id + "\"x,d,LOT,FEFO,", "PARSE_ERROR", "text-after-quote");
          default -> badLine(o, "  ,  ,  ,  ,  ,  ", "MISSING_FIELD", "blank-fields");
        }
      }

      void json(Out o, int k) throws IOException {
        String id = badId("SKU");
        switch (k % JSON) {
          case 0 -> badLine(o, "{\"sku\":\"" + id + "\",\"tracking\":1}", "BAD_VALUE", "json-tracking-number");
          case 1 -> badLine(o, "[\"" + id + "\",\"LOT\"]", "PARSE_ERROR", "json-not-an-object");
          default -> badLine(o, "{\"sku\":\"" + id + "\",\"tracking\":{\"kind\":\"LOT\"}}", "PARSE_ERROR", "json-nested-object");
        }
      }
    }

    // ---- movements

    void movements() throws IOException {
      Out a = open("movements", "movements.csv", "\n", false);
      String[] colsA = append(MOVEMENT_COLUMNS, "note");
      a.line(String.join(",", colsA));
      Out b = open("movements", "movements/part-b.csv", "\r\n", true);
      String[] colsB = {"note", "qty", "sku", "event_id", "type", "ts", "warehouse", "lot", "serial", "expiry", "party", "ref", "to_warehouse", "extra"};
      b.line(String.join(",", colsB));
      Out c = open("movements", "movements-c.jsonl", "\n", false);

      List<Integer> ia = new ArrayList<>();
      List<Integer> ib = new ArrayList<>();
      List<Integer> ic = new ArrayList<>();
      for (int i = 0; i < goodMovements; i++) {
        (i % 4 < 2 ? ia : i % 4 == 2 ? ib : ic).add(i);
        cleanRow(cleanMovements, MOVEMENT_COLUMNS, movement(i));
      }
      MovementKinds kinds = new MovementKinds();
      interleave(a, ia, badShare(0.35, MovementKinds.CSV), i -> goodCsv(a, colsA, movement(i), rng(Seeds.MOVEMENT, i)), k -> kinds.csv(a, colsA, k));
      a.close();
      interleave(b, ib, badShare(0.15, MovementKinds.CSV), i -> goodCsv(b, colsB, movement(i), rng(Seeds.MOVEMENT, i)), k -> kinds.csv(b, colsB, k));
      // the file ends inside a quote that never closes, without a final line break
      b.last(csvLine(colsB, with(movement(-1), "event_id", badId("M"))).replace("," + movement(-1).get("ts") + ",", ",\"" + movement(-1).get("ts") + ","));
      bad(b, b.lineNo - 1, "PARSE_ERROR", "unterminated-quote-at-eof");
      b.close();
      interleave(c, ic, badShare(0.20, MovementKinds.JSON), i -> goodJson(c, movement(i), rng(Seeds.MOVEMENT, i)), k -> kinds.json(c, k));
      c.last("{\"event_id\":\"" + badId("M") + "\",\"ts\":\"2026-11-");
      bad(c, c.lineNo - 1, "PARSE_ERROR", "json-truncated-at-eof");
      c.close();
    }

    Map<String, String> movementTemplate() {
      if (movementTemplate == null) {
        movementTemplate = movement(-1);
      }
      return movementTemplate;
    }

    Map<String, String> orderTemplate() {
      if (orderTemplate == null) {
        orderTemplate = order(-1);
      }
      return orderTemplate;
    }

    /** Good movement i; i = -1 is a template for bad rows (a valid receipt of its own id). */
    Map<String, String> movement(int i) {
      Map<String, String> f = new LinkedHashMap<>();
      SplittableRandom r = rng(Seeds.MOVEMENT, i);
      int at = Math.max(i, 0);
      f.put("event_id", i < 0 ? "TEMPLATE" : (i % 29 == 0 ? "M\u00e9-" : "M-") + i);
      f.put("ts", instant(at * 60L));
      if (i < 0) {
        return receipt(f, "L-0001", "LOT-X", "5", "W1", "2027-06-30");
      }
      int pos = i % 20;
      String wh = r.nextBoolean() ? "W1" : "W2";
      switch (pos) {
        case 6, 16 -> {
          receipt(f, "N-" + (i % 5), null, Integer.toString(1 + r.nextInt(300)), wh, null);
        }
        case 7, 17 -> {
          // no expiry: serials of a sku share a lot ("" without one), and a lot has one expiry
          receipt(f, "S-" + (i % 5), r.nextBoolean() ? "SL-" + (i / 100) : null, r.nextBoolean() ? "1" : null, wh, null);
          f.put("serial", "SN-" + i);
        }
        case 8 -> {
          f.put("type", "ADJUST");
          f.put("sku", lotSku(i));
          f.put("lot", "ADJ-" + i);
          f.put("qty", Integer.toString(1 + r.nextInt(50)));
          f.put("warehouse", wh);
          f.put("expiry", expiry(r));
        }
        case 9 -> hold(f, "HOLD", i - 5);
        case 19 -> hold(f, "RELEASE", i - 15);
        case 18 -> {
          int chain = i / 60;
          String rawSku = String.format(Locale.ROOT, "L-%04d", chain % LOT_SKUS);
          switch ((i / 20) % 3) {
            case 0 -> receipt(f, rawSku, "RAW-" + chain, "100", "PLANT", null);
            case 1 -> {
              f.put("type", "CONSUME");
              f.put("sku", rawSku);
              f.put("lot", "RAW-" + chain);
              f.put("qty", "10");
              f.put("warehouse", "PLANT");
              f.put("ref", "WO-" + chain);
            }
            default -> {
              f.put("type", "PRODUCE");
              f.put("sku", String.format(Locale.ROOT, "L-%04d", (chain + 1) % LOT_SKUS));
              f.put("lot", "FG-" + chain);
              f.put("qty", "5");
              f.put("warehouse", "PLANT");
              f.put("expiry", expiry(r));
              f.put("ref", "WO-" + chain);
            }
          }
        }
        default -> receipt(f, lotSku(i), "LOT-" + i, Integer.toString(1 + r.nextInt(500)), wh, r.nextInt(4) == 0 ? null : expiry(r));
      }
      return f;
    }

    Map<String, String> receipt(Map<String, String> f, String sku, String lot, String qty, String wh, String expiry) {
      f.put("type", "RECEIPT");
      f.put("sku", sku);
      f.put("lot", lot);
      f.put("qty", qty);
      f.put("warehouse", wh);
      f.put("expiry", expiry);
      f.put("party", "SUP-" + Math.floorMod(sku.hashCode(), 7));
      return f;
    }

    void hold(Map<String, String> f, String type, int receipt) {
      f.put("type", type);
      f.put("sku", lotSku(receipt));
      f.put("lot", "LOT-" + receipt);
    }

    String lotSku(int i) {
      if (i % 37 == 0) {
        return UNICODE_SKU;
      }
      if (i % 41 == 0) {
        return "J-" + (i % 5);
      }
      return String.format(Locale.ROOT, "L-%04d", (int) Math.floorMod(Seeds.mix(seed + i), (long) LOT_SKUS));
    }

    /** Bad movement rows: CSV ones render a valid receipt in the file's columns and break one thing. */
    final class MovementKinds {
      static final int CSV = 38;
      static final int JSON = 30;

      void csv(Out o, String[] cols, int k) throws IOException {
        Map<String, String> f = with(movementTemplate(), "event_id", badId("M"));
        String line = csvLine(cols, f);
        switch (k % CSV) {
          case 0 -> badLine(o, line.substring(0, line.indexOf(',', line.indexOf(',') + 1)), "PARSE_ERROR", "truncated-row");
          case 1 -> badLine(o, line + ",x,y", "PARSE_ERROR", "too-many-fields");
          case 2 -> badCsv(o, cols, with(f, "event_id", f.get("event_id") + "\"x"), "PARSE_ERROR", "stray-quote-inside-a-field", false);
          case 3 -> badLine(o, line.replace(f.get("event_id"), "\"" + f.get("event_id")), "PARSE_ERROR", "stray-opening-quote");
          case 4 -> badLine(o, line.replace(f.get("event_id"), "\"" + f.get("event_id") + "\"x"), "PARSE_ERROR", "text-after-quote");
          case 5 -> badBytes(o, utf8Broken(cols, f, new byte[] {(byte) 0xFF}), "PARSE_ERROR", "invalid-utf8-ff");
          case 6 -> badBytes(o, utf8Broken(cols, f, new byte[] {(byte) 0xC0, (byte) 0xAF}), "PARSE_ERROR", "invalid-utf8-overlong");
          case 7 -> badBytes(o, utf8Broken(cols, f, new byte[] {(byte) 0xE2, (byte) 0x82}), "PARSE_ERROR", "invalid-utf8-truncated");
          case 8 -> badBytes(o, utf8Broken(cols, f, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), "PARSE_ERROR", "invalid-utf8-surrogate");
          case 9 -> badBytes(o, utf8Broken(cols, f, new byte[] {0}), "PARSE_ERROR", "nul-byte");
          case 10 -> {
            if (hugeCsvLeft-- > 0) {
              badCsv(o, cols, with(f, "lot", "H".repeat(HUGE_BYTES)), "PARSE_ERROR", "huge-line-over-1MiB");
            } else {
              badCsv(o, cols, with(f, "qty", "1e3"), "BAD_VALUE", "qty-exponent");
            }
          }
          case 11 -> {
            if (longLeft-- > 0) {
              badCsv(o, cols, with(f, "lot", "\u00e9".repeat(LONG_BYTES / 2)), "BAD_VALUE", "long-field-100KB");
            } else {
              badCsv(o, cols, with(f, "qty", "0x10"), "BAD_VALUE", "qty-hex");
            }
          }
          case 12 -> badCsv(o, cols, with(f, "qty", "9007199254740992"), "BAD_VALUE", "qty-2^53");
          case 13 -> badCsv(o, cols, with(f, "qty", "99999999999999999999999"), "BAD_VALUE", "qty-beyond-a-long");
          case 14 -> badCsv(o, cols, with(f, "qty", "+5"), "BAD_VALUE", "qty-leading-plus");
          case 15 -> badCsv(o, cols, with(f, "qty", "1e3"), "BAD_VALUE", "qty-exponent");
          case 16 -> badCsv(o, cols, with(f, "qty", "0x10"), "BAD_VALUE", "qty-hex");
          case 17 -> badCsv(o, cols, with(f, "qty", "5.0"), "BAD_VALUE", "qty-decimal");
          case 18 -> badCsv(o, cols, with(f, "qty", "-0"), "BAD_VALUE", "qty-negative-zero");
          case 19 -> badCsv(o, cols, with(f, "qty", "\u0665"), "BAD_VALUE", "qty-arabic-indic-digit");
          case 20 -> badCsv(o, cols, with(f, "qty", "1,000"), "BAD_VALUE", "qty-thousands-separator");
          case 21 -> badCsv(o, cols, with(f, "expiry", "0000-00-00"), "BAD_VALUE", "date-0000-00-00");
          case 22 -> badCsv(o, cols, with(f, "expiry", "10000-01-01"), "BAD_VALUE", "date-10000-01-01");
          case 23 -> badCsv(o, cols, with(f, "expiry", "2024-02-30"), "BAD_VALUE", "date-2024-02-30");
          case 24 -> badCsv(o, cols, with(f, "ts", "+10000-01-01T00:00:00Z"), "BAD_VALUE", "ts-year-10000");
          case 25 -> badCsv(o, cols, with(f, "ts", "1700000000"), "BAD_VALUE", "ts-epoch-seconds");
          case 26 -> badCsv(o, cols, with(f, "ts", "2026-11-20 08:00:00Z"), "BAD_VALUE", "ts-space-separator");
          case 27 -> badCsv(o, cols, with(f, "event_id", null), "MISSING_FIELD", "missing-event-id");
          case 28 -> badLine(o, ",".repeat(cols.length - 1), "MISSING_FIELD", "all-fields-empty");
          case 29 -> badCsv(o, cols, with(f, "type", "STEAL"), "BAD_VALUE", "unknown-type");
          case 30 -> badCsv(o, cols, with(f, "sku", "NOPE-" + badSeq), "UNKNOWN_SKU", "unknown-sku");
          case 31 -> badCsv(o, cols, with(with(f, "sku", "N-0"), "lot", "L1"), "TRACKING_MISMATCH", "lot-on-a-none-item");
          case 32 -> {
            if (o.lastGood != null) {
              badLine(o, o.lastGood, "DUPLICATE_EVENT", "duplicate-of-an-earlier-row");
            } else {
              badCsv(o, cols, with(f, "qty", "-0"), "BAD_VALUE", "qty-negative-zero");
            }
          }
          case 33 -> badLine(o, "\uFEFF" + String.join(",", cols), "BAD_VALUE", "bom-and-header-again");
          case 34 -> badLine(o, "\u001a", "PARSE_ERROR", "dos-eof-marker");
          case 35 -> badCsv(o, cols, with(with(f, "qty", "x"), "note", "two\nlines, \"quoted\""), "BAD_VALUE", "multi-line-row-with-bad-qty");
          case 36 -> badCsv(o, cols, consume(f), "INSUFFICIENT_STOCK", "consume-from-no-stock");
          default -> badCsv(o, cols, with(f, "ts", "2026-11-20T08:00:00.0000001Z"), "BAD_VALUE", "ts-below-microseconds");
        }
        if (k % 7 == 0) {
          o.line(k % 14 == 0 ? "" : " \t "); // blank lines are no rows, but they are lines
        }
      }

      void json(Out o, int k) throws IOException {
        Map<String, String> f = with(movementTemplate(), "event_id", badId("M"));
        String id = f.get("event_id");
        String good = jsonObject(f);
        switch (k % JSON) {
          case 0 -> badLine(o, good.substring(0, good.length() / 2), "PARSE_ERROR", "json-truncated");
          case 1 -> badLine(o, "[\"" + id + "\",1]", "PARSE_ERROR", "json-array");
          case 2 -> badLine(o, "\"" + id + "\"", "PARSE_ERROR", "json-string");
          case 3 -> badLine(o, "null", "PARSE_ERROR", "json-null");
          case 4 -> badLine(o, good.replace("\"qty\":5", "\"qty\":{\"n\":5}"), "PARSE_ERROR", "json-nested-object");
          case 5 -> badLine(o, good.replace("\"qty\":5", "\"qty\":[5]"), "PARSE_ERROR", "json-nested-array");
          case 6 -> badLine(o, good.replace("\"qty\":5", "\"qty\":5,\"qty\":6"), "PARSE_ERROR", "json-duplicate-key");
          case 7 -> badLine(o, good + " {}", "PARSE_ERROR", "json-text-after-the-object");
          case 8 -> badLine(o, good.replace('"', '\''), "PARSE_ERROR", "json-single-quotes");
          case 9 -> badLine(o, good.replace("\"qty\":5", "\"qty\":NaN"), "PARSE_ERROR", "json-nan");
          case 10 -> badBytes(o, cat(bytes(good.substring(0, 20)), new byte[] {(byte) 0xFF, (byte) 0xFE}, bytes(good.substring(20))), "PARSE_ERROR",
              "invalid-utf8-in-json");
          case 11 -> badBytes(o, cat(bytes(good.substring(0, 1)), new byte[] {0}, bytes(good.substring(1))), "PARSE_ERROR", "nul-byte-in-json");
          case 12 -> badLine(o, good.replace("\"lot\":\"LOT-X\"", "\"lot\":\"LOT\\u0000X\""), "PARSE_ERROR", "json-escaped-nul");
          case 13 -> badLine(o, good.replace("\"lot\":\"LOT-X\"", "\"lot\":\"LOT\\ud800X\""), "PARSE_ERROR", "json-lone-surrogate-escape");
          case 14 -> badLine(o, "\uFEFF" + good, "PARSE_ERROR", "json-bom-mid-file");
          case 15 -> badLine(o, good.replace("\"qty\":5", "\"qty\":true"), "BAD_VALUE", "json-qty-boolean");
          case 16 -> badLine(o, good.replace("\"qty\":5", "\"qty\":1.5"), "BAD_VALUE", "json-qty-fraction");
          case 17 -> badLine(o, good.replace("\"qty\":5", "\"qty\":9007199254740993"), "BAD_VALUE", "json-qty-beyond-2^53");
          // the bulky payloads twice per file, then short ones with the same fault, so that big corpora stay small
          case 18 -> badLine(o, good.replace("\"qty\":5", "\"qty\":" + "9".repeat(k < 2 * JSON ? 5000 : 30)), "BAD_VALUE", "json-qty-many-digits");
          case 19 -> badLine(o, good.replace("\"qty\":5", "\"qty\":-0"), "BAD_VALUE", "json-qty-negative-zero");
          case 20 -> badLine(o, jsonObject(with(f, "ts", "x")).replace("\"ts\":\"x\"", "\"ts\":1793520000"), "BAD_VALUE", "json-ts-number");
          case 21 -> badLine(o, good.replace("\"qty\":5", "\"qty\":\"five\""), "BAD_VALUE", "json-qty-text");
          case 22 -> badLine(o, "{}", "MISSING_FIELD", "json-empty-object");
          case 23 -> badLine(o, jsonObject(with(f, "sku", "NOPE-" + badSeq)), "UNKNOWN_SKU", "json-unknown-sku");
          case 24 -> {
            int depth = k < 2 * JSON ? 5000 : 20;
            badLine(o, "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}", "PARSE_ERROR", "json-deep-nesting");
          }
          case 25 -> {
            if (hugeJsonLeft-- > 0) {
              badLine(o, jsonObject(with(f, "lot", "H".repeat(HUGE_BYTES))), "PARSE_ERROR", "json-huge-line-over-1MiB");
            } else {
              badLine(o, good.replace("\"qty\":5", "\"qty\":1e3"), "BAD_VALUE", "json-qty-exponent");
            }
          }
          case 26 -> {
            if (o.lastGood != null) {
              badLine(o, o.lastGood, "DUPLICATE_EVENT", "json-duplicate-of-an-earlier-row");
            } else {
              badLine(o, good.replace("\"qty\":5", "\"qty\":1e3"), "BAD_VALUE", "json-qty-exponent");
            }
          }
          case 27 -> badLine(o, good.replace("\"expiry\":\"2027-06-30\"", "\"expiry\":\"2024-02-30\""), "BAD_VALUE", "json-date-2024-02-30");
          case 28 -> badLine(o, good.replace("\"qty\":5", "\"qty\":\"+5\""), "BAD_VALUE", "json-qty-leading-plus");
          default -> badLine(o, jsonObject(with(f, "ts", "0000-01-01T00:00:00Z")), "BAD_VALUE", "json-ts-year-0");
        }
        if (k % 9 == 0) {
          o.line(k % 18 == 0 ? "" : "\t");
        }
      }

      Map<String, String> consume(Map<String, String> f) {
        Map<String, String> c = with(with(with(f, "type", "CONSUME"), "sku", EMPTY_SKU), "ref", "WO-NONE");
        c.put("party", null);
        c.put("expiry", null);
        return c;
      }

      byte[] utf8Broken(String[] cols, Map<String, String> f, byte[] bad) {
        String line = csvLine(cols, with(f, "lot", "LOT\u0001MARK"));
        int at = line.indexOf('\u0001');
        return cat(bytes(line.substring(0, at)), bad, bytes(line.substring(at + 1)));
      }
    }

    // ---- orders

    void orders() throws IOException {
      Out a = open("orders", "orders.csv", "\r\n", false);
      String[] colsA = append(ORDER_COLUMNS, "note");
      a.line(String.join(",", colsA));
      Out b = open("orders", "orders/part-b.jsonl", "\r\n", false);
      List<Integer> ia = new ArrayList<>();
      List<Integer> ib = new ArrayList<>();
      for (int j = 0; j < goodOrders; j++) {
        (j % 5 < 3 ? ia : ib).add(j);
        cleanRow(cleanOrders, ORDER_COLUMNS, order(j));
      }
      OrderKinds kinds = new OrderKinds();
      interleave(a, ia, badShare(0.20, OrderKinds.CSV), j -> goodCsv(a, colsA, order(j), rng(Seeds.ORDER, j)), k -> kinds.csv(a, colsA, k));
      a.close();
      interleave(b, ib, badShare(0.10, OrderKinds.JSON), j -> goodJson(b, order(j), rng(Seeds.ORDER, j)), k -> kinds.json(b, k));
      b.close();
    }

    Map<String, String> order(int j) {
      SplittableRandom r = rng(Seeds.ORDER, j);
      Map<String, String> f = new LinkedHashMap<>();
      int at = Math.max(j, 0);
      f.put("order_id", j < 0 ? "SO-TEMPLATE" : "SO-" + (j / 3));
      f.put("line", Integer.toString(j < 0 ? 1 : j % 3 + 1));
      f.put("ts", instant(at * 60L + 30));
      f.put("customer", "C-" + (at % 50));
      int pick = r.nextInt(LOT_SKUS + 16);
      f.put("sku", pick < LOT_SKUS ? String.format(Locale.ROOT, "L-%04d", pick)
          : pick < LOT_SKUS + 5 ? "N-" + (pick - LOT_SKUS) : pick < LOT_SKUS + 10 ? "S-" + (pick - LOT_SKUS - 5)
          : pick < LOT_SKUS + 15 ? "J-" + (pick - LOT_SKUS - 10) : UNICODE_SKU);
      f.put("qty", Integer.toString(1 + r.nextInt(40)));
      f.put("warehouse", r.nextBoolean() ? "W1" : "W2");
      f.put("ship_date", r.nextInt(3) == 0 ? java.time.LocalDate.ofEpochDay(Math.floorDiv(BASE_EPOCH_SECOND + at * 60L, 86_400L) + r.nextInt(6)).toString() : null);
      f.put("min_shelf_days", r.nextInt(3) == 0 ? Integer.toString(r.nextInt(31)) : null);
      f.put("priority", r.nextInt(3) == 0 ? Integer.toString(1 + r.nextInt(200)) : null);
      return f;
    }

    final class OrderKinds {
      static final int CSV = 18;
      static final int JSON = 8;

      void csv(Out o, String[] cols, int k) throws IOException {
        Map<String, String> f = with(orderTemplate(), "order_id", badId("SO"));
        switch (k % CSV) {
          case 0 -> badLine(o, csvLine(cols, f).substring(0, csvLine(cols, f).indexOf(',')), "PARSE_ERROR", "truncated-row");
          case 1 -> badLine(o, csvLine(cols, f).replace(f.get("order_id"), "\"" + f.get("order_id")), "PARSE_ERROR", "stray-opening-quote");
          case 2 -> badBytes(o, cat(bytes(f.get("order_id")), new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
              bytes(csvLine(cols, f).substring(f.get("order_id").length()))), "PARSE_ERROR", "invalid-utf8-5-byte-form");
          case 3 -> badCsv(o, cols, with(f, "line", "1.0"), "BAD_VALUE", "line-decimal");
          case 4 -> badCsv(o, cols, with(f, "line", "+1"), "BAD_VALUE", "line-leading-plus");
          case 5 -> badCsv(o, cols, with(f, "line", "99999999999999999999"), "BAD_VALUE", "line-beyond-a-long");
          case 6 -> badCsv(o, cols, with(f, "qty", "0"), "BAD_VALUE", "qty-zero");
          case 7 -> badCsv(o, cols, with(f, "qty", "9007199254740993"), "BAD_VALUE", "qty-beyond-2^53");
          case 8 -> badCsv(o, cols, with(f, "priority", "2147483648"), "BAD_VALUE", "priority-beyond-an-int");
          case 9 -> badCsv(o, cols, with(f, "min_shelf_days", "-1"), "BAD_VALUE", "min-shelf-days-negative");
          case 10 -> badCsv(o, cols, with(f, "ship_date", "2024-02-30"), "BAD_VALUE", "ship-date-2024-02-30");
          case 11 -> badCsv(o, cols, with(f, "ts", "0000-01-01T00:00:00Z"), "BAD_VALUE", "ts-year-0");
          case 12 -> badCsv(o, cols, with(f, "customer", null), "MISSING_FIELD", "missing-customer");
          case 13 -> badCsv(o, cols, with(f, "sku", "NOPE-" + badSeq), "UNKNOWN_SKU", "unknown-sku");
          case 14 -> {
            if (o.lastGood != null) {
              badLine(o, o.lastGood, "DUPLICATE_ORDER_LINE", "duplicate-of-an-earlier-row");
            } else {
              badCsv(o, cols, with(f, "qty", "0"), "BAD_VALUE", "qty-zero");
            }
          }
          case 15 -> badBytes(o, cat(bytes(csvLine(cols, f)), new byte[] {0}), "PARSE_ERROR", "nul-byte");
          case 16 -> badLine(o, csvLine(cols, f) + ",extra", "PARSE_ERROR", "too-many-fields");
          default -> badCsv(o, cols, with(f, "ts", "2026-13-01T00:00:00Z"), "BAD_VALUE", "ts-month-13");
        }
      }

      void json(Out o, int k) throws IOException {
        Map<String, String> f = with(orderTemplate(), "order_id", badId("SO"));
        String good = jsonObject(f);
        switch (k % JSON) {
          case 0 -> badLine(o, good.replace("\"line\":1", "\"line\":1.5"), "BAD_VALUE", "json-line-fraction");
          case 1 -> badLine(o, good.replace("\"line\":1", "\"line\":\"one\""), "BAD_VALUE", "json-line-text");
          case 2 -> badLine(o, good.replace("\"line\":1", "\"line\":1,\"line\":2"), "PARSE_ERROR", "json-duplicate-key");
          case 3 -> badLine(o, "42", "PARSE_ERROR", "json-number");
          case 4 -> badLine(o, good.substring(0, good.length() - 1), "PARSE_ERROR", "json-unclosed-object");
          case 5 -> badLine(o, good.replace("\"qty\":", "\"qty\":true,\"x\":"), "BAD_VALUE", "json-qty-boolean");
          case 6 -> {
            if (o.lastGood != null) {
              badLine(o, o.lastGood, "DUPLICATE_ORDER_LINE", "json-duplicate-of-an-earlier-row");
            } else {
              badLine(o, "42", "PARSE_ERROR", "json-number");
            }
          }
          default -> badLine(o, jsonObject(f).replace("\"customer\":\"C-0\",", ""), "MISSING_FIELD", "json-missing-customer");
        }
      }
    }

    // ---- writing rows

    long badShare(double share, int kinds) {
      return Math.max(2L * kinds, Math.round(badRows * share));
    }

    interface RowWriter {
      void write(int i) throws IOException;
    }

    /** Good rows in order, bad ones spread evenly among them. */
    void interleave(Out o, List<Integer> goods, long bads, RowWriter good, RowWriter bad) throws IOException {
      long b = 0;
      for (int g = 0; g <= goods.size(); g++) {
        long due = goods.isEmpty() ? bads : bads * g / goods.size();
        for (; b < due; b++) {
          bad.write((int) (b % Integer.MAX_VALUE));
        }
        if (g < goods.size()) {
          good.write(goods.get(g));
        }
      }
    }

    /** A good row in CSV: quoting only where needed or now and then, odd but valid spellings, a multi-line note now and then. */
    void goodCsv(Out o, String[] cols, Map<String, String> canonical, SplittableRandom r) throws IOException {
      Map<String, String> f = new LinkedHashMap<>(canonical);
      f.computeIfPresent("qty", (k, v) -> r.nextInt(8) == 0 && !v.startsWith("-") ? "00" + v : v);
      f.computeIfPresent("ts", (k, v) -> switch (r.nextInt(8)) {
        case 0 -> v.toLowerCase(Locale.ROOT);
        case 1 -> v.replace("Z", ".000000Z");
        case 2 -> v.replace("Z", "+00:00");
        default -> v;
      });
      f.computeIfPresent("warehouse", (k, v) -> r.nextInt(6) == 0 ? "  " + v + " " : v);
      if (r.nextInt(5) == 0) {
        f.put("note", r.nextBoolean() ? "note, with \"quotes\"\nand a second line" : "caf\u00e9 \uD83D\uDE00");
      }
      String line = csvLine(cols, f, r);
      o.row(line);
      o.lastGood = line;
      o.good++;
    }

    /** A good row in JSON: keys in any order, numbers as numbers or strings, null for absent fields now and then. */
    void goodJson(Out o, Map<String, String> canonical, SplittableRandom r) throws IOException {
      List<String> keys = new ArrayList<>(canonical.keySet());
      if (r.nextBoolean()) {
        Collections.reverse(keys);
      }
      StringBuilder b = new StringBuilder("{");
      for (String k : keys) {
        String v = canonical.get(k);
        if (v == null) {
          if (r.nextInt(3) != 0) {
            continue;
          }
          b.append(b.length() > 1 ? "," : "").append(quote(k)).append(":null");
          continue;
        }
        b.append(b.length() > 1 ? "," : "").append(quote(k)).append(r.nextBoolean() ? ": " : ":");
        b.append(isNumber(k, v) && r.nextInt(3) != 0 ? v : quote(v));
      }
      if (r.nextInt(4) == 0) {
        b.append(",\"note\":\"caf\\u00e9 \\ud83d\\ude00 \\\"quoted\\\"\\nline\"");
      }
      String line = b.append('}').toString();
      o.row(line);
      o.lastGood = line;
      o.good++;
    }

    void badCsv(Out o, String[] cols, Map<String, String> f, String reason, String kind) throws IOException {
      badCsv(o, cols, f, reason, kind, true);
    }

    /** @param quoting false to write values as they are, quotes and all */
    void badCsv(Out o, String[] cols, Map<String, String> f, String reason, String kind, boolean quoting) throws IOException {
      String line = quoting ? csvLine(cols, f) : String.join(",", java.util.Arrays.stream(cols).map(c -> Objects.requireNonNullElse(f.get(c), "")).toList());
      bad(o, o.row(line), reason, kind);
    }

    void badLine(Out o, String text, String reason, String kind) throws IOException {
      bad(o, o.row(text), reason, kind);
    }

    void badBytes(Out o, byte[] row, String reason, String kind) throws IOException {
      bad(o, o.row(row), reason, kind);
    }

    /** A good row into the clean directory, when there is one. */
    void cleanRow(Out o, String[] cols, Map<String, String> f) throws IOException {
      if (o != null) {
        o.row(csvLine(cols, f));
        o.good++;
      }
    }

    SplittableRandom rng(long kind, int i) {
      return Seeds.rng(seed, kind, i);
    }

    @Override
    public void close() throws IOException {
      for (Out o : all) {
        o.close();
      }
      for (Out o : new Out[] {cleanSkus, cleanMovements, cleanOrders}) {
        if (o != null) {
          o.close();
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // formatting

  static String instant(long secondsAfterBase) {
    return java.time.Instant.ofEpochSecond(BASE_EPOCH_SECOND + secondsAfterBase).toString();
  }

  static String expiry(SplittableRandom r) {
    return java.time.LocalDate.of(2026, 12, 1).plusDays(r.nextInt(400)).toString();
  }

  static Map<String, String> with(Map<String, String> f, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(f);
    copy.put(key, value);
    return copy;
  }

  static String[] append(String[] a, String extra) {
    String[] b = java.util.Arrays.copyOf(a, a.length + 1);
    b[a.length] = extra;
    return b;
  }

  static String csvLine(String[] cols, Map<String, String> f) {
    return csvLine(cols, f, null);
  }

  /** RFC 4180: quoted when a value holds a comma, quote, line break or surrounding blanks, or now and then when {@code r} says so. */
  static String csvLine(String[] cols, Map<String, String> f, SplittableRandom r) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cols.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      String v = cols[i].isEmpty() ? null : f.get(cols[i]);
      if (v == null) {
        continue;
      }
      boolean needs = v.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
      if (needs || (r != null && r.nextInt(6) == 0 && !v.isBlank() && !Character.isWhitespace(v.charAt(0)))) {
        b.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        b.append(v);
      }
    }
    return b.toString();
  }

  private static final java.util.Set<String> NUMERIC = java.util.Set.of("qty", "line", "min_shelf_days", "priority");

  static boolean isNumber(String key, String value) {
    return NUMERIC.contains(key) && value.matches("-?[1-9][0-9]*|0");
  }

  /** A flat JSON object of the non-null fields; integers of numeric fields as numbers. */
  static String jsonObject(Map<String, String> f) {
    StringBuilder b = new StringBuilder("{");
    f.forEach((k, v) -> {
      if (v != null) {
        b.append(b.length() > 1 ? "," : "").append(quote(k)).append(':').append(isNumber(k, v) ? v : quote(v));
      }
    });
    return b.append('}').toString();
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** One output file that knows which physical line it is on. */
  private static final class Out implements Closeable {
    final String table;
    final String name;
    final String eol;
    final OutputStream out;
    long lineNo = 1;
    long good;
    long bad;
    String lastGood;
    private boolean closed;

    Out(Path dir, String table, String name, String eol, boolean bom) throws IOException {
      this.table = table;
      this.name = name;
      this.eol = eol;
      Path path = dir.resolve(name);
      Files.createDirectories(path.getParent());
      this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
      if (bom) {
        out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
      }
    }

    /** A header or blank line. */
    void line(String text) throws IOException {
      row(text);
    }

    /** Writes a row and its line break; returns the line it starts on. */
    long row(String text) throws IOException {
      return row(bytes(text));
    }

    long row(byte[] text) throws IOException {
      long at = lineNo;
      out.write(text);
      out.write(bytes(eol));
      for (byte c : text) {
        if (c == '\n') {
          lineNo++;
        }
      }
      lineNo++;
      return at;
    }

    /** The file's last row, without a line break. */
    void last(String text) throws IOException {
      out.write(bytes(text));
      lineNo++;
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        out.close();
      }
    }
  }
}
