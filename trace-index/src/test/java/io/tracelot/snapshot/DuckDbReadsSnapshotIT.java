package io.tracelot.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Backorder;
import io.tracelot.allocator.model.Fill;
import io.tracelot.allocator.model.GenealogyEdge;
import io.tracelot.allocator.model.InputSource;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.Policy;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.StockPosition;
import io.tracelot.allocator.model.Times;
import io.tracelot.allocator.model.Tracking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB, a reader that shares no code with ours, reads every table with the right types and values. */
class DuckDbReadsSnapshotIT {
  @TempDir Path dir;
  private Connection duck;

  @BeforeEach
  void open() throws SQLException {
    duck = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterEach
  void close() throws SQLException {
    duck.close();
  }

  @Test
  void describe_everyTable_hasTheColumnTypesOfSnapshotMd() throws Exception {
    writeSnapshot();
    Map<String, Map<String, String>> expected = Map.of(
        "allocations", columns("order_id VARCHAR", "line BIGINT", "customer VARCHAR", "sku VARCHAR",
            "warehouse VARCHAR", "lot VARCHAR", "serial VARCHAR", "qty BIGINT", "expiry DATE",
            "alloc_ts TIMESTAMP WITH TIME ZONE", "fill VARCHAR"),
        "backorders", columns("order_id VARCHAR", "line BIGINT", "customer VARCHAR", "sku VARCHAR",
            "warehouse VARCHAR", "qty_ordered BIGINT", "qty_open BIGINT", "ts TIMESTAMP WITH TIME ZONE",
            "priority INTEGER"),
        "stock", columns("sku VARCHAR", "warehouse VARCHAR", "lot VARCHAR", "serial VARCHAR", "qty BIGINT",
            "expiry DATE", "age_ts TIMESTAMP WITH TIME ZONE", "held BOOLEAN"),
        "genealogy", columns("parent_sku VARCHAR", "parent_lot VARCHAR", "child_sku VARCHAR", "child_lot VARCHAR",
            "ref VARCHAR"),
        "movements", columns("event_id VARCHAR", "ts TIMESTAMP WITH TIME ZONE", "type VARCHAR", "sku VARCHAR",
            "lot VARCHAR", "serial VARCHAR", "qty BIGINT", "warehouse VARCHAR", "to_warehouse VARCHAR",
            "expiry DATE", "party VARCHAR", "ref VARCHAR"),
        "rejects", columns("source VARCHAR", "file VARCHAR", "line_no BIGINT", "record_id VARCHAR",
            "reason VARCHAR", "message VARCHAR", "raw VARCHAR"),
        "skus", columns("sku VARCHAR", "tracking VARCHAR", "policy VARCHAR", "description VARCHAR", "unit VARCHAR"));

    for (SnapshotTable<?> table : SnapshotTable.ALL) {
      Map<String, String> described = new LinkedHashMap<>();
      try (Statement s = duck.createStatement();
          ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + scan(table))) {
        while (rs.next()) {
          described.put(rs.getString("column_name"), rs.getString("column_type"));
        }
      }
      assertThat(described).as(table.name()).containsExactlyEntriesOf(expected.get(table.name()));
    }
  }

  @Test
  void select_everyTable_returnsTheRowsWritten() throws Exception {
    writeSnapshot();

    assertThat(select(SnapshotTable.ALLOCATIONS, rs -> new Allocation(rs.getString("order_id"), rs.getLong("line"),
            rs.getString("customer"), rs.getString("sku"), rs.getString("warehouse"), rs.getString("lot"),
            rs.getString("serial"), rs.getLong("qty"), date(rs, "expiry"), ts(rs, "alloc_ts"),
            Fill.valueOf(rs.getString("fill")))))
        .containsExactlyInAnyOrderElementsOf(Rows.expected(SnapshotTable.ALLOCATIONS));
    assertThat(select(SnapshotTable.BACKORDERS, rs -> new Backorder(rs.getString("order_id"), rs.getLong("line"),
            rs.getString("customer"), rs.getString("sku"), rs.getString("warehouse"), rs.getLong("qty_ordered"),
            rs.getLong("qty_open"), ts(rs, "ts"), rs.getInt("priority"))))
        .containsExactlyInAnyOrderElementsOf(Rows.expected(SnapshotTable.BACKORDERS));
    assertThat(select(SnapshotTable.STOCK, rs -> new StockPosition(rs.getString("sku"), rs.getString("warehouse"),
            rs.getString("lot"), rs.getString("serial"), rs.getLong("qty"), date(rs, "expiry"), ts(rs, "age_ts"),
            rs.getBoolean("held"))))
        .containsExactlyInAnyOrderElementsOf(Rows.expected(SnapshotTable.STOCK));
    assertThat(select(SnapshotTable.GENEALOGY, rs -> new GenealogyEdge(rs.getString("parent_sku"),
            rs.getString("parent_lot"), rs.getString("child_sku"), rs.getString("child_lot"), rs.getString("ref"))))
        .containsExactlyInAnyOrderElementsOf(Rows.expected(SnapshotTable.GENEALOGY));
    assertThat(select(SnapshotTable.MOVEMENTS, rs -> new Movement(rs.getString("event_id"), ts(rs, "ts"),
            MovementType.valueOf(rs.getString("type")), rs.getString("sku"), rs.getString("lot"),
            rs.getString("serial"), rs.getLong("qty"), rs.getString("warehouse"), rs.getString("to_warehouse"),
            date(rs, "expiry"), rs.getString("party"), rs.getString("ref"))))
        .containsExactlyInAnyOrderElementsOf(Rows.expected(SnapshotTable.MOVEMENTS));
    assertThat(select(SnapshotTable.REJECTS, rs -> new Reject(InputSource.ofTableName(rs.getString("source")),
            rs.getString("file"), rs.getLong("line_no"), rs.getString("record_id"),
            RejectReason.valueOf(rs.getString("reason")), rs.getString("message"), rs.getString("raw"))))
        .containsExactlyInAnyOrderElementsOf(Rows.expected(SnapshotTable.REJECTS));
    assertThat(select(SnapshotTable.SKUS, rs -> new Sku(rs.getString("sku"),
            Tracking.valueOf(rs.getString("tracking")), Policy.valueOf(rs.getString("policy")),
            rs.getString("description"), rs.getString("unit"))))
        .containsExactlyInAnyOrderElementsOf(Rows.expected(SnapshotTable.SKUS));
  }

  @Test
  void count_manyRowsOverSeveralFiles_equalsRowsWritten() throws Exception {
    Path tableDir = Files.createDirectories(dir.resolve("allocations"));
    long written = 0;
    for (int file = 0; file < 3; file++) {
      List<Allocation> rows = new ArrayList<>();
      for (int i = 0; i < 50_000; i++) {
        rows.add(new Allocation("O-" + file + "-" + i, i, "C-" + i % 97, "SKU-" + i % 13, "W" + i % 3,
            i % 5 == 0 ? null : "L-" + i % 11, i % 2 == 0 ? "SN-" + file + "-" + i : null, 1 + i % 7,
            i % 4 == 0 ? Times.NO_DATE : 20_000 + i % 400, Rows.TS + i, Fill.INITIAL));
      }
      written += SnapshotTable.ALLOCATIONS.write(tableDir.resolve("part-" + file + ".parquet"), rows);
    }

    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), count(serial), count(lot), count(expiry), sum(qty) FROM "
            + scan(SnapshotTable.ALLOCATIONS))) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(written);
      assertThat(rs.getLong(2)).isEqualTo(written / 2);
      assertThat(rs.getLong(3)).isEqualTo(written - written / 5);
      assertThat(rs.getLong(4)).isEqualTo(written - written / 4);
    }
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT compression FROM parquet_metadata('"
            + tableDir + "/*.parquet')")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("ZSTD");
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void read_parquetWrittenByAnotherTool_isNotASnapshotTableFile() throws Exception {
    writeSnapshot();
    Path file = dir.resolve("foreign.parquet");
    try (Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT * FROM " + scan(SnapshotTable.ALLOCATIONS) + ") TO '" + file + "' (FORMAT PARQUET)");
    }

    assertThatThrownBy(() -> SnapshotTable.ALLOCATIONS.read(file))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessage(file + ": not a Tracelot snapshot table file (no tracelot.table in the footer)");
  }

  private void writeSnapshot() throws IOException {
    for (SnapshotTable<?> table : SnapshotTable.ALL) {
      writeInTwoFiles(table);
    }
  }

  /** Two files per table, so that the glob and the row counts cover more than one file. */
  private <T> void writeInTwoFiles(SnapshotTable<T> table) throws IOException {
    Path tableDir = Files.createDirectories(dir.resolve(table.name()));
    List<T> rows = Rows.of(table);
    table.write(tableDir.resolve("part-0.parquet"), rows.subList(0, 1));
    table.write(tableDir.resolve("part-1.parquet"), rows.subList(1, rows.size()));
  }

  private String scan(SnapshotTable<?> table) {
    return "read_parquet('" + dir.resolve(table.name()) + "/*.parquet')";
  }

  /** Dates as epoch days and instants as epoch micros, so that no time zone setting is involved. */
  private <T> List<T> select(SnapshotTable<T> table, RowMapper<T> mapper) throws SQLException {
    String columns = table.schema().getFields().stream().map(DuckDbReadsSnapshotIT::selectExpression)
        .collect(Collectors.joining(", "));
    List<T> rows = new ArrayList<>();
    try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT " + columns + " FROM " + scan(table))) {
      while (rs.next()) {
        rows.add(mapper.map(rs));
      }
    }
    return rows;
  }

  private static String selectExpression(Type field) {
    String name = field.getName();
    LogicalTypeAnnotation logical = field.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return "CAST(" + name + " - DATE '1970-01-01' AS INTEGER) AS " + name;
    }
    if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
      return "epoch_us(" + name + ") AS " + name;
    }
    return name;
  }

  private static int date(ResultSet rs, String column) throws SQLException {
    int day = rs.getInt(column);
    return rs.wasNull() ? Times.NO_DATE : day;
  }

  private static long ts(ResultSet rs, String column) throws SQLException {
    long micros = rs.getLong(column);
    return rs.wasNull() ? Times.NO_TS : micros;
  }

  private static Map<String, String> columns(String... nameAndType) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String s : nameAndType) {
      int space = s.indexOf(' ');
      m.put(s.substring(0, space), s.substring(space + 1));
    }
    return m;
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }
}
