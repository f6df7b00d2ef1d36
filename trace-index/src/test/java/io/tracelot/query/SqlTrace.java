package io.tracelot.query;

import io.tracelot.trace.TraceAnswer;
import io.tracelot.trace.TraceAnswer.AllocationRow;
import io.tracelot.trace.TraceAnswer.CustomerTotal;
import io.tracelot.trace.TraceAnswer.LotRow;
import io.tracelot.trace.TraceAnswer.OnHandRow;
import io.tracelot.trace.TraceAnswer.Product;
import io.tracelot.trace.TraceAnswer.ReturnRow;
import io.tracelot.trace.TraceAnswer.SourceRow;
import io.tracelot.trace.TraceQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The questions of trace.md answered independently, by DuckDB SQL over the snapshot's own Parquet
 * tables (recursive CTEs through genealogy), in trace-index's documented row order. The oracle of
 * the differential test.
 */
final class SqlTrace implements AutoCloseable {
  /** SQL has no "unlimited": genealogy in generated data is far shallower. */
  private static final int SQL_MAX_DEPTH = 64;

  private final Connection c;
  private final String runId;

  SqlTrace(Path snapshot, String runId) throws SQLException {
    this.runId = runId;
    c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = c.createStatement()) {
      for (String[] t : new String[][] {{"alloc", "allocations"}, {"mov", "movements"}, {"stock", "stock"},
          {"gen", "genealogy"}, {"skus", "skus"}}) {
        s.execute("CREATE TABLE " + t[0] + " AS SELECT * FROM read_parquet('" + snapshot.resolve(t[1]) + "/*.parquet')");
      }
      s.execute("""
          CREATE TABLE lotdir AS
          WITH facts AS (
            SELECT sku, coalesce(lot, '') lk, expiry, false held FROM alloc
            UNION ALL SELECT sku, coalesce(lot, ''), expiry, held FROM stock
            UNION ALL SELECT sku, coalesce(lot, ''), expiry, false FROM mov
            UNION ALL SELECT parent_sku, coalesce(parent_lot, ''), NULL, false FROM gen
            UNION ALL SELECT child_sku, coalesce(child_lot, ''), NULL, false FROM gen)
          SELECT sku, lk, CAST(min(expiry) - DATE '1970-01-01' AS INTEGER) expiry, bool_or(held) held
          FROM facts GROUP BY sku, lk""");
    }
  }

  List<String> strings(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  List<String[]> pairs(String sql) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    return out;
  }

  long scalar(String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  TraceAnswer answer(TraceQuery q) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE OR REPLACE TEMP TABLE start_lots (sku VARCHAR, lk VARCHAR)");
      s.execute("CREATE OR REPLACE TEMP TABLE start_allocs AS SELECT * FROM alloc LIMIT 0");
    }
    boolean forward;
    int depth;
    String serialFilter = null;
    List<TraceQuery.LotRef> notFound = new ArrayList<>();
    if (q instanceof TraceQuery.ForwardLot f) {
      forward = true;
      depth = f.depth();
      startLots(new TraceQuery.LotRef(f.sku(), f.lot()), notFound);
    } else if (q instanceof TraceQuery.Recall r) {
      forward = true;
      depth = r.depth();
      for (TraceQuery.LotRef ref : r.lots()) {
        startLots(ref, notFound);
      }
    } else if (q instanceof TraceQuery.ForwardSerial f) {
      return serial(f);
    } else {
      TraceQuery.Backward b = (TraceQuery.Backward) q;
      forward = false;
      depth = b.depth();
      switch (b.from()) {
        case LOT -> startLots(new TraceQuery.LotRef(b.sku(), b.id()), new ArrayList<>());
        case SERIAL -> {
          serialFilter = b.id();
          String skuCond = b.sku() == null ? "" : " AND sku = $2";
          exec("INSERT INTO start_lots SELECT DISTINCT sku, lk FROM ("
              + "SELECT sku, coalesce(lot, '') lk FROM alloc WHERE serial = $1" + skuCond
              + " UNION SELECT sku, coalesce(lot, '') FROM mov WHERE serial = $1" + skuCond
              + " UNION SELECT sku, coalesce(lot, '') FROM stock WHERE serial = $1" + skuCond + ")",
              b.sku() == null ? new Object[] {b.id()} : new Object[] {b.id(), b.sku()});
        }
        case ORDER, CUSTOMER -> {
          String col = b.from() == TraceQuery.From.ORDER ? "order_id" : "customer";
          exec("INSERT INTO start_allocs SELECT * FROM alloc WHERE " + col + " = $1", b.id());
          exec("INSERT INTO start_lots SELECT DISTINCT sku, coalesce(lot, '') FROM start_allocs");
        }
        default -> throw new AssertionError();
      }
    }
    if (scalar("SELECT count(*) FROM start_lots") == 0) {
      return empty(q, notFound);
    }
    int maxDepth = Math.min(depth, SQL_MAX_DEPTH);
    String step = forward
        ? "SELECT g.child_sku, coalesce(g.child_lot, ''), r.depth + 1 FROM reach r JOIN gen g"
            + " ON g.parent_sku = r.sku AND coalesce(g.parent_lot, '') = r.lk WHERE r.depth < " + maxDepth
        : "SELECT g.parent_sku, coalesce(g.parent_lot, ''), r.depth + 1 FROM reach r JOIN gen g"
            + " ON g.child_sku = r.sku AND coalesce(g.child_lot, '') = r.lk WHERE r.depth < " + maxDepth;
    exec("CREATE OR REPLACE TEMP TABLE reached AS WITH RECURSIVE reach(sku, lk, depth) AS ("
        + "SELECT DISTINCT sku, lk, 0 FROM start_lots UNION " + step + ") "
        + "SELECT sku, lk, min(depth) depth FROM reach GROUP BY sku, lk");
    List<LotRow> lots = lots("SELECT r.sku, r.lk, r.depth, l.expiry, coalesce(l.held, false) FROM reached r"
        + " LEFT JOIN lotdir l ON l.sku = r.sku AND l.lk = r.lk");
    List<AllocationRow> allocations;
    String allocFrom;
    Object[] allocArgs = new Object[0];
    List<ReturnRow> returns = List.of();
    List<OnHandRow> onHand = List.of();
    List<SourceRow> sources = List.of();
    if (forward) {
      allocFrom = "SELECT a.* FROM alloc a JOIN reached r ON a.sku = r.sku AND coalesce(a.lot, '') = r.lk";
      allocations = allocations(allocFrom);
      returns = returns("SELECT m.* FROM mov m JOIN reached r ON m.sku = r.sku AND coalesce(m.lot, '') = r.lk"
          + " WHERE m.type = 'RETURN'");
      onHand = onHand("SELECT s.* FROM stock s JOIN reached r ON s.sku = r.sku AND coalesce(s.lot, '') = r.lk");
    } else {
      allocFrom = "SELECT * FROM start_allocs";
      allocations = allocations(allocFrom);
      String filter = serialFilter == null ? "" : " AND NOT (r.depth = 0 AND m.serial IS DISTINCT FROM $1)";
      sources = sources("SELECT m.* FROM mov m JOIN reached r ON m.sku = r.sku AND coalesce(m.lot, '') = r.lk"
          + " WHERE m.type = 'RECEIPT'" + filter, serialFilter == null ? new Object[0] : new Object[] {serialFilter});
    }
    return new TraceAnswer(runId, q.describe(), true, lots, allocations, returns, onHand, sources,
        customers(allocFrom, allocArgs), notFound, products(lots, allocations));
  }

  private TraceAnswer serial(TraceQuery.ForwardSerial f) throws SQLException {
    Object[] args = f.sku() == null ? new Object[] {f.serial()} : new Object[] {f.serial(), f.sku()};
    String cond = " WHERE serial = $1" + (f.sku() == null ? "" : " AND sku = $2");
    List<AllocationRow> allocations = allocations("SELECT * FROM alloc" + cond, args);
    List<CustomerTotal> customers = customers("SELECT * FROM alloc" + cond, args);
    List<ReturnRow> returns = returns("SELECT * FROM mov" + cond + " AND type = 'RETURN'", args);
    List<OnHandRow> onHand = onHand("SELECT * FROM stock" + cond, args);
    List<LotRow> lots = lots("SELECT l.sku, l.lk, 0, l.expiry, l.held FROM lotdir l JOIN ("
        + "SELECT sku, coalesce(lot, '') lk FROM alloc" + cond + " UNION SELECT sku, coalesce(lot, '') FROM mov" + cond
        + " UNION SELECT sku, coalesce(lot, '') FROM stock" + cond + ") x ON l.sku = x.sku AND l.lk = x.lk", args);
    if (lots.isEmpty()) {
      return empty(f, List.of());
    }
    return new TraceAnswer(runId, f.describe(), true, lots, allocations, returns, onHand, List.of(),
        customers, List.of(), products(lots, allocations));
  }

  private void startLots(TraceQuery.LotRef ref, List<TraceQuery.LotRef> notFound) throws SQLException {
    String where = ref.sku() == null ? "lk = $1" : "lk = $1 AND sku = $2";
    Object[] args = ref.sku() == null ? new Object[] {ref.lot()} : new Object[] {ref.lot(), ref.sku()};
    if (count("SELECT count(*) FROM lotdir WHERE " + where, args) == 0) {
      notFound.add(ref);
    }
    exec("INSERT INTO start_lots SELECT sku, lk FROM lotdir WHERE " + where, args);
  }

  private TraceAnswer empty(TraceQuery q, List<TraceQuery.LotRef> notFound) {
    return new TraceAnswer(runId, q.describe(), false, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
        notFound, List.of());
  }

  private List<LotRow> lots(String sql, Object... args) throws SQLException {
    List<LotRow> out = new ArrayList<>();
    try (ResultSet rs = query(sql + " ORDER BY 3, 1, 2", args)) {
      while (rs.next()) {
        String lk = rs.getString(2);
        Integer expiry = (Integer) rs.getObject(4);
        out.add(new LotRow(rs.getString(1), lk.isEmpty() ? null : lk, rs.getInt(3), expiry, rs.getBoolean(5)));
      }
    }
    return out;
  }

  private List<AllocationRow> allocations(String from, Object... args) throws SQLException {
    List<AllocationRow> out = new ArrayList<>();
    try (ResultSet rs = query("SELECT sku, lot, serial, customer, order_id, line, qty, epoch_us(alloc_ts), warehouse"
        + " FROM (" + from + ") ORDER BY sku, lot NULLS FIRST, alloc_ts, order_id, line, serial NULLS FIRST,"
        + " customer, warehouse, qty", args)) {
      while (rs.next()) {
        out.add(new AllocationRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getString(9)));
      }
    }
    return out;
  }

  private List<ReturnRow> returns(String from, Object... args) throws SQLException {
    List<ReturnRow> out = new ArrayList<>();
    try (ResultSet rs = query("SELECT sku, lot, serial, party, qty, epoch_us(ts), warehouse FROM (" + from + ")"
        + " ORDER BY sku, lot NULLS FIRST, ts, serial NULLS FIRST, party NULLS FIRST, warehouse NULLS FIRST, qty", args)) {
      while (rs.next()) {
        out.add(new ReturnRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
            rs.getLong(6), rs.getString(7)));
      }
    }
    return out;
  }

  private List<OnHandRow> onHand(String from, Object... args) throws SQLException {
    List<OnHandRow> out = new ArrayList<>();
    try (ResultSet rs = query("SELECT sku, lot, serial, warehouse, qty FROM (" + from + ")"
        + " ORDER BY sku, lot NULLS FIRST, warehouse, serial NULLS FIRST, qty", args)) {
      while (rs.next()) {
        out.add(new OnHandRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
      }
    }
    return out;
  }

  private List<SourceRow> sources(String from, Object... args) throws SQLException {
    List<SourceRow> out = new ArrayList<>();
    try (ResultSet rs = query("SELECT sku, lot, party, ref, epoch_us(ts), warehouse, qty FROM (" + from + ")"
        + " ORDER BY sku, lot NULLS FIRST, ts, party NULLS FIRST, ref NULLS FIRST, warehouse NULLS FIRST, qty", args)) {
      while (rs.next()) {
        out.add(new SourceRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
            rs.getString(6), rs.getLong(7)));
      }
    }
    return out;
  }

  private List<CustomerTotal> customers(String from, Object... args) throws SQLException {
    List<CustomerTotal> out = new ArrayList<>();
    try (ResultSet rs = query("SELECT customer, sum(qty) FROM (" + from + ") GROUP BY customer ORDER BY customer", args)) {
      while (rs.next()) {
        out.add(new CustomerTotal(rs.getString(1), rs.getLong(2)));
      }
    }
    return out;
  }

  private Map<String, Product> productsBySku;

  private List<Product> products(List<LotRow> lots, List<AllocationRow> allocations) throws SQLException {
    if (productsBySku == null) {
      productsBySku = new TreeMap<>();
      try (ResultSet rs = query("SELECT sku, description, unit FROM skus")) {
        while (rs.next()) {
          productsBySku.put(rs.getString(1), new Product(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    Set<String> used = new java.util.TreeSet<>(Keys::compareStrings);
    lots.forEach(l -> used.add(l.sku()));
    allocations.forEach(a -> used.add(a.sku()));
    List<Product> out = new ArrayList<>();
    for (String sku : used) {
      out.add(productsBySku.getOrDefault(sku, new Product(sku, null, null)));
    }
    return out;
  }

  private long count(String sql, Object... args) throws SQLException {
    try (ResultSet rs = query(sql, args)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private ResultSet query(String sql, Object... args) throws SQLException {
    PreparedStatement p = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      p.setObject(i + 1, args[i]);
    }
    p.closeOnCompletion();
    return p.executeQuery();
  }

  private void exec(String sql, Object... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      p.execute();
    }
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }
}
