package io.tracelot.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tracelot.allocator.model.Times;
import io.tracelot.arrow.ArrowMemory;
import io.tracelot.arrow.ArrowRowWriter;
import io.tracelot.arrow.RowSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Writes a {@link TraceAnswer} in one of the {@link TraceFormat}s. Stateless and thread-safe. */
public final class AnswerWriter {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private AnswerWriter() {}

  public static void write(TraceAnswer a, TraceFormat format, OutputStream out) throws IOException {
    switch (format) {
      case JSON -> {
        JSON.writeValue(new NonClosing(out), json(a));
        out.write('\n');
      }
      case TABLE -> text(out, w -> table(a, w));
      case CSV -> text(out, w -> csv(a, w));
      case FSMA204 -> text(out, w -> fsma204(a, w));
      case ARROW -> arrow(a, out);
      default -> throw new AssertionError(format);
    }
    out.flush();
  }

  /** The answer as trace.md's JSON object (ordered map of plain values). */
  public static Map<String, Object> json(TraceAnswer a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", a.runId());
    m.put("query", a.query());
    m.put("found", a.found());
    m.put("lots", list(a.lots(), r -> obj("sku", r.sku(), "lot", r.lot(), "depth", r.depth(),
        "expiry", date(r.expiry()), "held", r.held())));
    m.put("allocations", list(a.allocations(), r -> obj("sku", r.sku(), "lot", r.lot(), "serial", r.serial(),
        "customer", r.customer(), "order_id", r.orderId(), "line", r.line(), "qty", r.qty(),
        "alloc_ts", Times.formatInstant(r.allocTs()), "warehouse", r.warehouse())));
    m.put("returns", list(a.returns(), r -> obj("sku", r.sku(), "lot", r.lot(), "serial", r.serial(),
        "customer", r.customer(), "qty", r.qty(), "ts", Times.formatInstant(r.ts()), "warehouse", r.warehouse())));
    m.put("on_hand", list(a.onHand(), r -> obj("sku", r.sku(), "lot", r.lot(), "serial", r.serial(),
        "warehouse", r.warehouse(), "qty", r.qty())));
    m.put("sources", list(a.sources(), r -> obj("sku", r.sku(), "lot", r.lot(), "supplier", r.supplier(),
        "ref", r.ref(), "ts", Times.formatInstant(r.ts()), "warehouse", r.warehouse(), "qty", r.qty())));
    m.put("customers", list(a.customers(), r -> obj("customer", r.customer(), "qty", r.qty())));
    m.put("not_found", list(a.notFound(), r -> obj("sku", r.sku(), "lot", r.lot())));
    m.put("products", list(a.products(), r -> obj("sku", r.sku(), "description", r.description(), "unit", r.unit())));
    return m;
  }

  // ---- table

  private static void table(TraceAnswer a, PrintWriter w) {
    w.println(title(a) + "  (snapshot run " + a.runId() + ")");
    if (!a.found()) {
      w.println("not found: the snapshot knows no " + subject(a) + ".");
      return;
    }
    if (!a.notFound().isEmpty()) {
      List<String> names = new ArrayList<>();
      a.notFound().forEach(r -> names.add(r.sku() == null ? r.lot() : r.sku() + "," + r.lot()));
      w.println("not found: " + String.join(" ", names));
    }
    section(w, "Lots", a.lots().size(), null, List.of("depth", "sku", "lot", "expiry", "held"), a.lots(),
        r -> row(r.depth(), r.sku(), dash(r.lot()), dash(date(r.expiry())), r.held() ? "HELD" : "-"));
    section(w, "Allocations", a.allocations().size(), a.allocatedQty(),
        List.of("sku", "lot", "serial", "customer", "order", "line", "qty", "allocated", "warehouse"),
        a.allocations(), r -> row(r.sku(), dash(r.lot()), dash(r.serial()), r.customer(), r.orderId(), r.line(),
            r.qty(), Times.formatInstant(r.allocTs()), r.warehouse()));
    section(w, "Customers", a.customers().size(), a.allocatedQty(), List.of("customer", "qty"), a.customers(),
        r -> row(r.customer(), r.qty()));
    section(w, "Returns", a.returns().size(), a.returnedQty(),
        List.of("sku", "lot", "serial", "customer", "qty", "returned", "warehouse"), a.returns(),
        r -> row(r.sku(), dash(r.lot()), dash(r.serial()), dash(r.customer()), r.qty(), Times.formatInstant(r.ts()),
            dash(r.warehouse())));
    section(w, "On hand (quarantine)", a.onHand().size(), a.onHandQty(),
        List.of("sku", "lot", "serial", "warehouse", "qty"), a.onHand(),
        r -> row(r.sku(), dash(r.lot()), dash(r.serial()), r.warehouse(), r.qty()));
    if (!a.sources().isEmpty() || "backward".equals(a.query().get("direction"))) {
      section(w, "Sources (receipts)", a.sources().size(), a.sources().stream().mapToLong(TraceAnswer.SourceRow::qty).sum(),
          List.of("sku", "lot", "supplier", "ref", "received", "warehouse", "qty"), a.sources(),
          r -> row(r.sku(), dash(r.lot()), dash(r.supplier()), dash(r.ref()), Times.formatInstant(r.ts()),
              dash(r.warehouse()), r.qty()));
    }
  }

  private static String title(TraceAnswer a) {
    Map<String, Object> q = a.query();
    String trace = String.valueOf(q.get("trace"));
    String depth = q.get("depth") == null ? "" : ", depth " + q.get("depth");
    String sku = q.get("sku") == null ? "" : " of sku " + q.get("sku");
    if ("recall".equals(trace)) {
      return "Recall of " + ((List<?>) q.get("lots")).size() + " lot(s)" + depth;
    }
    if ("backward".equals(q.get("direction"))) {
      return "Backward trace of " + trace + " " + q.get("id") + sku + depth;
    }
    return "Forward trace of " + trace + " " + q.get(trace) + (q.get("sku") == null && "lot".equals(trace)
        ? " (every sku)" : sku) + depth;
  }

  private static String subject(TraceAnswer a) {
    Map<String, Object> q = a.query();
    String trace = String.valueOf(q.get("trace"));
    if ("recall".equals(trace)) {
      return "lot of the recall";
    }
    Object id = q.containsKey("id") ? q.get("id") : q.get(trace);
    return trace + " '" + id + "'" + (q.get("sku") == null ? "" : " of sku " + q.get("sku"));
  }

  private static <T> void section(PrintWriter w, String name, int count, Long qty, List<String> header, List<T> rows,
      Function<T, String[]> cells) {
    w.println();
    w.println(name + " (" + count + (qty == null ? "" : String.format(Locale.ROOT, ", %,d units", qty)) + ")");
    if (rows.isEmpty()) {
      return;
    }
    List<String[]> all = new ArrayList<>();
    all.add(header.toArray(String[]::new));
    rows.forEach(r -> all.add(cells.apply(r)));
    int[] width = new int[header.size()];
    boolean[] numeric = new boolean[header.size()];
    for (int i = 0; i < numeric.length; i++) {
      numeric[i] = NUMERIC.contains(header.get(i));
    }
    for (String[] r : all) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : all) {
      StringBuilder b = new StringBuilder(" ");
      for (int i = 0; i < r.length; i++) {
        String cell = r[i];
        String pad = " ".repeat(width[i] - cell.length());
        b.append(' ').append(numeric[i] ? pad + cell : cell + pad).append(' ');
      }
      w.println(b.toString().stripTrailing());
    }
  }

  private static final java.util.Set<String> NUMERIC = java.util.Set.of("depth", "line", "qty");

  private static String[] row(Object... cells) {
    String[] out = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      Object c = cells[i];
      out[i] = c instanceof Long l ? String.format(Locale.ROOT, "%,d", l) : String.valueOf(c);
    }
    return out;
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }

  // ---- csv

  private static void csv(TraceAnswer a, PrintWriter w) {
    List<RowSchema.Col> cols = AnswerRows.SCHEMA.cols();
    List<String> header = new ArrayList<>();
    cols.forEach(c -> header.add(c.name()));
    csvLine(w, header);
    for (Object[] r : AnswerRows.rows(a)) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < r.length; i++) {
        cells.add(csvValue(cols.get(i).kind(), r[i]));
      }
      csvLine(w, cells);
    }
  }

  private static String csvValue(RowSchema.Kind kind, Object v) {
    if (v == null) {
      return "";
    }
    return switch (kind) {
      case TIMESTAMP -> Times.formatInstant((Long) v);
      case DATE -> Times.formatDate((Integer) v);
      default -> v.toString();
    };
  }

  /** FSMA 204 shipping KDEs, one row per allocation (a shipment of a traceability lot to a recipient). */
  private static void fsma204(TraceAnswer a, PrintWriter w) {
    Map<String, TraceAnswer.Product> products = new HashMap<>();
    a.products().forEach(p -> products.put(p.sku(), p));
    csvLine(w, List.of("traceability_lot_code", "product_description", "product_code", "quantity", "unit_of_measure",
        "ship_from_location", "immediate_subsequent_recipient", "ship_date", "reference_document_type",
        "reference_document_number", "reference_document_line", "serial", "run_id"));
    for (TraceAnswer.AllocationRow r : a.allocations()) {
      TraceAnswer.Product p = products.get(r.sku());
      csvLine(w, List.of(nz(r.lot()), p == null ? "" : nz(p.description()), r.sku(), Long.toString(r.qty()),
          p == null ? "" : nz(p.unit()), r.warehouse(), r.customer(), Times.formatDate(Times.dateOf(r.allocTs())),
          "Sales order", r.orderId(), Long.toString(r.line()), nz(r.serial()), a.runId()));
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static void csvLine(PrintWriter w, List<String> cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      String c = cells.get(i);
      if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
        b.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        b.append(c);
      }
    }
    w.print(b);
    w.print("\r\n");
  }

  // ---- arrow

  private static void arrow(TraceAnswer a, OutputStream out) throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("tracelot.run_id", a.runId());
    meta.put("tracelot.query", JSON.writeValueAsString(a.query()));
    meta.put("tracelot.found", Boolean.toString(a.found()));
    try (ArrowMemory memory = new ArrowMemory()) {
      try (ArrowRowWriter w = ArrowRowWriter.stream(out, AnswerRows.SCHEMA, meta, 8192, memory)) {
        for (Object[] r : AnswerRows.rows(a)) {
          w.write(r);
        }
      }
    }
  }

  // ---- helpers

  private interface TextBody {
    void write(PrintWriter w) throws IOException;
  }

  private static void text(OutputStream out, TextBody body) throws IOException {
    PrintWriter w = new PrintWriter(new OutputStreamWriter(new NonClosing(out), StandardCharsets.UTF_8));
    body.write(w);
    w.flush();
  }

  private static String date(Integer epochDay) {
    return epochDay == null ? null : Times.formatDate(epochDay);
  }

  private static <T> List<Map<String, Object>> list(List<T> rows, Function<T, Map<String, Object>> f) {
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(f.apply(r)));
    return out;
  }

  private static Map<String, Object> obj(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
