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
 * {@code read_parquet} views, nothing loaded or copied. A lot or serial question is one prepared
 * statement that returns the allocation rows our answer lists, in its order; a recall is two (see
 * {@link #REACH_SQL}). The rows are read column by column and the units per customer summed in
 * Java, as our answer has them.
 */
final class DuckPeer implements AutoCloseable {
  static final String COLUMNS = "order_id, line, customer, sku, warehouse, lot, serial, qty, epoch_us(alloc_ts)";

  static final String LOT_SQL = "SELECT " + COLUMNS + " FROM alloc WHERE lot = ? AND sku = ?"
      + " ORDER BY alloc_ts, order_id, line, serial";

  static final String SERIAL_SQL = "SELECT " + COLUMNS + " FROM alloc WHERE serial = ? AND sku = ?"
      + " ORDER BY alloc_ts, order_id, line";

  /**
   * A recall in two statements: the lots reached through genealogy by a recursive CTE (each lot
   * once; parameters lot, sku), then their allocations with the lot codes as constants, so that
   * DuckDB skips row groups by their statistics. One statement joining the CTE to the allocations
   * scanned every row group (2.7x slower at 2M rows, more at 100M).
   */
  static final String REACH_SQL = """
      WITH RECURSIVE reach(lot, sku, depth) AS (
        SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), 0
        UNION
        SELECT g.child_lot, g.child_sku, r.depth + 1
        FROM reach r JOIN gen g ON g.parent_sku = r.sku AND g.parent_lot = r.lot
        WHERE r.depth < %d)
      SELECT DISTINCT sku, lot FROM reach""".formatted(QueryKind.RECALL_DEPTH);

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

  /** Runs one question and reads every row of the answer. */
  Digest run(Case q) throws SQLException {
    if (q.kind() == QueryKind.RECALL) {
      return recall(q);
    }
    PreparedStatement p = statements.get(q.kind());
    if (p == null) {
      p = c.prepareStatement(q.kind() == QueryKind.SERIAL ? SERIAL_SQL : LOT_SQL);
      statements.put(q.kind(), p);
    }
    p.setString(1, q.id());
    p.setString(2, q.sku());
    try (ResultSet rs = p.executeQuery()) {
      return read(rs);
    }
  }

  private Digest recall(Case q) throws SQLException {
    PreparedStatement reach = statements.get(QueryKind.RECALL);
    if (reach == null) {
      reach = c.prepareStatement(REACH_SQL);
      statements.put(QueryKind.RECALL, reach);
    }
    reach.setString(1, q.id());
    reach.setString(2, q.sku());
    List<String> lots = new ArrayList<>();
    List<String> pairs = new ArrayList<>();
    try (ResultSet rs = reach.executeQuery()) {
      while (rs.next()) {
        lots.add(literal(rs.getString(2)));
        pairs.add("(" + literal(rs.getString(1)) + ", " + literal(rs.getString(2)) + ")");
      }
    }
    String sql = "SELECT " + COLUMNS + " FROM alloc WHERE lot IN (" + String.join(", ", lots) + ") AND (sku, lot) IN ("
        + String.join(", ", pairs) + ") ORDER BY sku, lot, alloc_ts, order_id, line, serial";
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return read(rs);
    }
  }

  private static String literal(String value) {
    return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
  }

  /** Reads every column of every row, sums the units per customer. */
  private static Digest read(ResultSet rs) throws SQLException {
    long rows = 0;
    long qty = 0;
    Map<String, Long> perCustomer = new HashMap<>();
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
