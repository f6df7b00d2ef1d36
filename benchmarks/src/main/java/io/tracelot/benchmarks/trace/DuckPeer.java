package io.tracelot.benchmarks.trace;

import io.tracelot.benchmarks.trace.QueryKind.Case;
import io.tracelot.benchmarks.trace.QueryKind.Digest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The peer: DuckDB (in-process, JDBC) over the snapshot's own Parquet files through
 * {@code read_parquet} views, nothing loaded or copied. Each question is one prepared statement
 * that returns the allocation rows our answer lists, in its order; the rows are read column by
 * column and the units per customer summed in Java, as our answer has them.
 */
final class DuckPeer implements AutoCloseable {
  static final String COLUMNS = "order_id, line, customer, sku, warehouse, lot, serial, qty, epoch_us(alloc_ts)";

  static final String LOT_SQL = "SELECT " + COLUMNS + " FROM alloc WHERE lot = ? AND sku = ?"
      + " ORDER BY alloc_ts, order_id, line, serial";

  static final String SERIAL_SQL = "SELECT " + COLUMNS + " FROM alloc WHERE serial = ? AND sku = ?"
      + " ORDER BY alloc_ts, order_id, line";

  /** Genealogy forward, breadth first by a recursive CTE, each lot once; then its allocations. Parameters: lot, sku. */
  static final String RECALL_SQL = """
      WITH RECURSIVE reach(lot, sku, depth) AS (
        SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), 0
        UNION
        SELECT g.child_lot, g.child_sku, r.depth + 1
        FROM reach r JOIN gen g ON g.parent_sku = r.sku AND g.parent_lot = r.lot
        WHERE r.depth < %d)
      SELECT %s FROM alloc a JOIN (SELECT DISTINCT sku, lot FROM reach) r ON a.sku = r.sku AND a.lot = r.lot
      ORDER BY a.sku, a.lot, a.alloc_ts, a.order_id, a.line, a.serial"""
      .formatted(QueryKind.RECALL_DEPTH, prefixed("a."));

  private final Connection c;
  private final Map<QueryKind, PreparedStatement> statements = new EnumMap<>(QueryKind.class);
  final List<String> settings = new ArrayList<>();

  /** Connects (a fresh in-memory database) and defines the views; nothing is read yet. */
  DuckPeer(Path snapshotDir, boolean metadataCache) throws SQLException {
    c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = c.createStatement()) {
      if (metadataCache) {
        // caches the Parquet footers between queries of this connection (off by default)
        s.execute("SET parquet_metadata_cache = true");
        settings.add("parquet_metadata_cache=true");
      }
      s.execute(view("alloc", snapshotDir, "allocations"));
      s.execute(view("gen", snapshotDir, "genealogy"));
    }
  }

  private static String view(String name, Path dir, String table) {
    String glob = dir.resolve(table).toAbsolutePath() + "/*.parquet";
    return "CREATE VIEW " + name + " AS SELECT * FROM read_parquet('" + glob.replace("'", "''") + "')";
  }

  private static String prefixed(String alias) {
    StringBuilder b = new StringBuilder();
    for (String col : COLUMNS.split(", ")) {
      b.append(b.length() == 0 ? "" : ", ");
      b.append(col.startsWith("epoch_us(") ? "epoch_us(" + alias + col.substring(9) : alias + col);
    }
    return b.toString();
  }

  /** Runs one question and reads every row of the answer. */
  Digest run(Case q) throws SQLException {
    PreparedStatement p = statements.get(q.kind());
    if (p == null) {
      p = c.prepareStatement(switch (q.kind()) {
        case LOT, BIG_LOT -> LOT_SQL;
        case SERIAL -> SERIAL_SQL;
        case RECALL -> RECALL_SQL;
      });
      statements.put(q.kind(), p);
    }
    p.setString(1, q.id());
    p.setString(2, q.sku());
    long rows = 0;
    long qty = 0;
    Map<String, Long> perCustomer = new HashMap<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        rs.getString(1);
        rs.getLong(2);
        String customer = rs.getString(3);
        rs.getString(4);
        rs.getString(5);
        rs.getString(6);
        rs.getString(7);
        long units = rs.getLong(8);
        rs.getLong(9);
        rows++;
        qty += units;
        perCustomer.merge(customer, units, Long::sum);
      }
    }
    return new Digest(rows, qty, perCustomer.size());
  }

  /** Runs a statement once for its side effects or a scalar; for sampling, not measured. */
  Connection connection() {
    return c;
  }

  /** How the allocations are laid out: files, row groups and rows per row group (what DuckDB can skip by). */
  String layout(Path snapshotDir) throws SQLException {
    String glob = snapshotDir.resolve("allocations").toAbsolutePath() + "/*.parquet";
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT count(DISTINCT file_name), count(*), median(row_group_num_rows), min(row_group_num_rows),"
            + " max(row_group_num_rows) FROM parquet_metadata('" + glob.replace("'", "''") + "') WHERE path_in_schema = 'lot'")) {
      rs.next();
      return String.format(java.util.Locale.ROOT, "%,d files, %,d row groups of %,.0f rows (median; %,d to %,d)",
          rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5));
    }
  }

  String version() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  String threads() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('threads')")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement p : statements.values()) {
      p.close();
    }
    c.close();
  }
}
