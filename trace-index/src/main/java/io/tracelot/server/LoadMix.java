package io.tracelot.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelot.allocator.model.Allocation;
import io.tracelot.snapshot.SnapshotReader;
import io.tracelot.snapshot.SnapshotTable;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The request mix of {@link LoadTest}: ids sampled from the snapshot's allocations, requests
 * drawn by weight, and what each answer must be. Out of 100 requests:
 *
 * <pre>
 *   34  forward lot trace       /trace/lot/{lot}         (a third with ?sku=, a third with ?depth=1)
 *   12  forward serial trace    /trace/serial/{serial}
 *   28  backward traces         /trace/back/{lot|serial|order|customer}/{id}  (10, 6, 6, 6)
 *   12  recall lists            POST /recall: JSON body (6), text lines (3), JSON body answered as fsma204 (3)
 *    5  health                  /health
 *    5  unknown ids             a lot, serial, order or customer not in the snapshot: 200, found false
 *    2  malformed queries       depth=-1, depth=abc, format=xml: 400 with a JSON error
 *    2  unknown routes          404 with a JSON error
 * </pre>
 */
final class LoadMix {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What an answer must be. */
  enum Expect {
    /** 200 JSON trace, found true. */
    FOUND,
    /** 200 JSON trace, found false. */
    NOT_FOUND,
    /** 200 text/csv FSMA 204 rows, each naming the run. */
    FSMA_ROWS,
    /** 200 JSON health, status ok. */
    HEALTH,
    /** 400 JSON error. */
    BAD_REQUEST,
    /** 404 JSON error. */
    NO_ROUTE
  }

  /** One request to send. */
  record Request(String kind, String method, String pathQuery, String contentType, String body, Expect expect) {
    int expectedStatus() {
      return switch (expect) {
        case BAD_REQUEST -> 400;
        case NO_ROUTE -> 404;
        default -> 200;
      };
    }
  }

  /** An answer that is not what the request must get. */
  static final class BadAnswer extends Exception {
    final String kind;

    BadAnswer(String kind, String message) {
      super(message, null, false, false);
      this.kind = kind;
    }
  }

  record Lot(String sku, String lot) implements Comparable<Lot> {
    @Override
    public int compareTo(Lot o) {
      int c = lot.compareTo(o.lot);
      return c != 0 ? c : sku.compareTo(o.sku);
    }
  }

  private final List<Lot> lots;
  private final List<String> serials;
  private final List<String> orders;
  private final List<String> customers;

  LoadMix(List<Lot> lots, List<String> serials, List<String> orders, List<String> customers) {
    if (lots.isEmpty() || serials.isEmpty() || orders.isEmpty() || customers.isEmpty()) {
      throw new IllegalArgumentException("the snapshot needs allocations of lots and of serials for a realistic mix, "
          + "got " + lots.size() + " lots, " + serials.size() + " serials, " + orders.size() + " orders, "
          + customers.size() + " customers");
    }
    this.lots = List.copyOf(lots);
    this.serials = List.copyOf(serials);
    this.orders = List.copyOf(orders);
    this.customers = List.copyOf(customers);
  }

  /** Up to {@code perKind} distinct lots, serials, orders and customers that have allocations, sampled by {@code seed}. */
  static LoadMix sample(Path snapshot, int perKind, long seed) throws IOException {
    Sample<Lot> lots = new Sample<>(perKind, seed);
    Sample<String> serials = new Sample<>(perKind, seed + 1);
    Sample<String> orders = new Sample<>(perKind, seed + 2);
    Sample<String> customers = new Sample<>(perKind, seed + 3);
    SnapshotReader reader = SnapshotReader.open(snapshot);
    try (Stream<Allocation> rows = reader.stream(SnapshotTable.ALLOCATIONS)) {
      rows.forEach(a -> {
        if (a.lot() != null && !a.lot().isEmpty()) {
          lots.offer(new Lot(a.sku(), a.lot()));
        }
        if (a.serial() != null && !a.serial().isEmpty()) {
          serials.offer(a.serial());
        }
        orders.offer(a.orderId());
        customers.offer(a.customer());
      });
    }
    return new LoadMix(lots.items(), serials.items(), orders.items(), customers.items());
  }

  int lots() {
    return lots.size();
  }

  int serials() {
    return serials.size();
  }

  /** Draws the next request. */
  Request next(Random r) {
    int w = r.nextInt(100);
    if (w < 34) {
      Lot l = pick(lots, r);
      return switch (w % 3) {
        case 0 -> get("lot", "/trace/lot/" + enc(l.lot()) + "?sku=" + enc(l.sku()), Expect.FOUND);
        case 1 -> get("lot", "/trace/lot/" + enc(l.lot()) + "?depth=1", Expect.FOUND);
        default -> get("lot", "/trace/lot/" + enc(l.lot()), Expect.FOUND);
      };
    }
    if (w < 46) {
      return get("serial", "/trace/serial/" + enc(pick(serials, r)), Expect.FOUND);
    }
    if (w < 56) {
      return get("back lot", "/trace/back/lot/" + enc(pick(lots, r).lot()), Expect.FOUND);
    }
    if (w < 62) {
      return get("back serial", "/trace/back/serial/" + enc(pick(serials, r)), Expect.FOUND);
    }
    if (w < 68) {
      return get("back order", "/trace/back/order/" + enc(pick(orders, r)), Expect.FOUND);
    }
    if (w < 74) {
      return get("back customer", "/trace/back/customer/" + enc(pick(customers, r)) + "?depth=2", Expect.FOUND);
    }
    if (w < 80) {
      return recallJson(r, "", Expect.FOUND);
    }
    if (w < 83) {
      StringBuilder body = new StringBuilder("# recall\n");
      for (int i = 1 + r.nextInt(5); i > 0; i--) {
        Lot l = pick(lots, r);
        body.append(r.nextBoolean() ? l.sku() + "," + l.lot() : l.lot()).append('\n');
      }
      return new Request("recall", "POST", "/recall", "text/plain", body.toString(), Expect.FOUND);
    }
    if (w < 86) {
      return recallJson(r, "?format=fsma204", Expect.FSMA_ROWS);
    }
    if (w < 91) {
      return get("health", "/health", Expect.HEALTH);
    }
    if (w < 96) {
      String id = "NO-SUCH-" + r.nextInt(1_000_000);
      return switch (w) {
        case 91, 92 -> get("unknown id", "/trace/lot/" + id, Expect.NOT_FOUND);
        case 93 -> get("unknown id", "/trace/serial/" + id, Expect.NOT_FOUND);
        case 94 -> get("unknown id", "/trace/back/order/" + id, Expect.NOT_FOUND);
        default -> get("unknown id", "/trace/back/customer/" + id, Expect.NOT_FOUND);
      };
    }
    if (w < 98) {
      String lot = enc(pick(lots, r).lot());
      return switch (r.nextInt(3)) {
        case 0 -> get("malformed", "/trace/lot/" + lot + "?depth=-1", Expect.BAD_REQUEST);
        case 1 -> get("malformed", "/trace/lot/" + lot + "?depth=abc", Expect.BAD_REQUEST);
        default -> get("malformed", "/trace/back/lot/" + lot + "?format=xml", Expect.BAD_REQUEST);
      };
    }
    return get("no route", r.nextBoolean() ? "/trace/forward/" + enc(pick(lots, r).lot()) : "/traces", Expect.NO_ROUTE);
  }

  private Request recallJson(Random r, String query, Expect expect) {
    StringBuilder body = new StringBuilder("{\"lots\": [");
    for (int i = 1 + r.nextInt(5); i > 0; i--) {
      Lot l = pick(lots, r);
      body.append("{\"sku\": ").append(JSON.valueToTree(l.sku()).toString()).append(", \"lot\": ")
          .append(JSON.valueToTree(l.lot()).toString()).append('}').append(i > 1 ? ", " : "");
    }
    body.append("], \"depth\": ").append(r.nextBoolean() ? "2" : "null").append('}');
    return new Request("recall", "POST", "/recall" + query, "application/json", body.toString(), expect);
  }

  private static Request get(String kind, String pathQuery, Expect expect) {
    return new Request(kind, "GET", pathQuery, null, null, expect);
  }

  private static <T> T pick(List<T> list, Random r) {
    return list.get(r.nextInt(list.size()));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Checks an answer: status, content type, a body that parses, and for 200 answers the run id
   * (returned; null for error answers).
   */
  static String check(Request q, int status, String contentType, byte[] body) throws BadAnswer {
    if (status != q.expectedStatus()) {
      String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).replace('\n', ' ');
      throw new BadAnswer(status >= 500 ? "5xx" : "status", q.method() + " " + TraceHandler.abbreviate(q.pathQuery())
          + ": " + status + " (expected " + q.expectedStatus() + "): " + text);
    }
    String where = q.method() + " " + TraceHandler.abbreviate(q.pathQuery());
    if (q.expect() == Expect.FSMA_ROWS) {
      if (contentType == null || !contentType.startsWith("text/csv")) {
        throw new BadAnswer("body", where + ": content type " + contentType + ", expected text/csv");
      }
      String[] lines = new String(body, StandardCharsets.UTF_8).split("\r\n");
      if (lines.length < 2 || !lines[0].endsWith(",run_id")) {
        throw new BadAnswer("body", where + ": not FSMA 204 rows with a run_id column (" + lines.length + " lines)");
      }
      String run = lines[1].substring(lines[1].lastIndexOf(',') + 1);
      for (int i = 2; i < lines.length; i++) {
        if (!lines[i].endsWith("," + run)) {
          throw new BadAnswer("mixed runs", where + ": row " + i + " names another run than row 1 (" + run + ")");
        }
      }
      return run;
    }
    if (contentType == null || !contentType.startsWith("application/json")) {
      throw new BadAnswer("body", where + ": content type " + contentType + ", expected application/json");
    }
    TopLevel json = TopLevel.parse(body, where);
    switch (q.expect()) {
      case BAD_REQUEST, NO_ROUTE -> {
        if (!(json.scalars.get("error") instanceof String)) {
          throw new BadAnswer("body", where + ": an error answer without an \"error\" message");
        }
        return null;
      }
      case HEALTH -> {
        if (!"ok".equals(json.scalars.get("status"))) {
          throw new BadAnswer("body", where + ": health status " + json.scalars.get("status"));
        }
      }
      case FOUND, NOT_FOUND -> {
        Object found = json.scalars.get("found");
        if (!(found instanceof Boolean) || (Boolean) found != (q.expect() == Expect.FOUND)) {
          throw new BadAnswer("body", where + ": found " + found + ", expected " + (q.expect() == Expect.FOUND));
        }
        if (!json.arrays.contains("allocations") || !json.arrays.contains("lots")) {
          throw new BadAnswer("body", where + ": no lots and allocations arrays");
        }
      }
      default -> throw new IllegalStateException(q.expect().toString());
    }
    Object run = json.scalars.get("run_id");
    if (!(run instanceof String) || ((String) run).isEmpty()) {
      throw new BadAnswer("body", where + ": no run_id");
    }
    return (String) run;
  }

  /**
   * One JSON object read as a stream (every token, so a malformed body anywhere fails, but no
   * tree is built: answers of hundreds of KB are checked at a fraction of the server's cost): its
   * top-level scalar fields and the names of its top-level arrays.
   */
  private static final class TopLevel {
    final Map<String, Object> scalars = new HashMap<>();
    final Set<String> arrays = new HashSet<>();

    static TopLevel parse(byte[] body, String where) throws BadAnswer {
      TopLevel t = new TopLevel();
      try (JsonParser p = JSON.getFactory().createParser(body)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new BadAnswer("body", where + ": the answer is not a JSON object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          switch (v) {
            case START_ARRAY -> {
              t.arrays.add(name);
              p.skipChildren();
            }
            case START_OBJECT -> p.skipChildren();
            case VALUE_STRING -> t.scalars.put(name, p.getText());
            case VALUE_TRUE, VALUE_FALSE -> t.scalars.put(name, p.getBooleanValue());
            case VALUE_NULL -> t.scalars.put(name, null);
            default -> t.scalars.put(name, p.getNumberValue());
          }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
          throw new BadAnswer("body", where + ": the answer is not one JSON object");
        }
      } catch (IOException e) {
        throw new BadAnswer("body", where + ": the answer is not JSON: " + e.getMessage());
      }
      return t;
    }
  }

  /**
   * The distinct items of a stream (the first {@value #DISTINCT_CAP}), then a seeded sample of
   * {@code size} of them: the same snapshot and seed give the same ids.
   */
  private static final class Sample<T extends Comparable<T>> {
    private static final int DISTINCT_CAP = 200_000;
    private final int size;
    private final long seed;
    private final Set<T> distinct = new HashSet<>();

    Sample(int size, long seed) {
      this.size = size;
      this.seed = seed;
    }

    void offer(T item) {
      if (distinct.size() < DISTINCT_CAP) {
        distinct.add(item);
      }
    }

    List<T> items() {
      List<T> all = new ArrayList<>(distinct);
      Collections.sort(all);
      Collections.shuffle(all, new Random(seed));
      return all.subList(0, Math.min(size, all.size()));
    }
  }
}
