package io.tracelot.allocator;

import io.tracelot.allocator.index.OnHeapStockIndex;
import io.tracelot.allocator.index.StockIndex;
import io.tracelot.allocator.input.InputRow;
import io.tracelot.allocator.model.InputSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A readable input for conformance tests: rows as {@code column=value} pairs. A ts of the form
 * {@code HH:MM} means that time on 2026-11-20 UTC.
 */
final class Scenario {
  static final String DAY = "2026-11-20";
  final List<InputRow> skus = new ArrayList<>();
  final List<InputRow> movements = new ArrayList<>();
  final List<InputRow> orders = new ArrayList<>();

  Scenario sku(String sku, String tracking, String policy) {
    return row(skus, InputSource.SKUS, "sku=" + sku + " tracking=" + tracking + (policy == null ? "" : " policy=" + policy));
  }

  Scenario move(String pairs) {
    return row(movements, InputSource.MOVEMENTS, pairs);
  }

  Scenario order(String pairs) {
    return row(orders, InputSource.ORDERS, pairs);
  }

  /** A row the CSV reader could not parse. */
  Scenario unparseable(InputSource table, String raw) {
    List<InputRow> rows = rows(table);
    rows.add(new InputRow(table, table.tableName() + ".csv", rows.size() + 2, raw, Map.of(), "unterminated quote"));
    return this;
  }

  private List<InputRow> rows(InputSource table) {
    return switch (table) {
      case SKUS -> skus;
      case MOVEMENTS -> movements;
      case ORDERS -> orders;
    };
  }

  private Scenario row(List<InputRow> rows, InputSource table, String pairs) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : pairs.trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("not column=value: " + pair);
      }
      String column = pair.substring(0, eq);
      String value = pair.substring(eq + 1);
      if (column.equals("ts") && value.matches("\\d\\d:\\d\\d")) {
        value = DAY + "T" + value + ":00Z";
      }
      if (!value.isEmpty()) {
        fields.put(column, value);
      }
    }
    rows.add(new InputRow(table, table.tableName() + ".csv", rows.size() + 2, pairs, fields, null));
    return this;
  }

  AllocationResult run() {
    try (StockIndex index = new OnHeapStockIndex()) {
      return run(index);
    }
  }

  AllocationResult run(StockIndex index) {
    return ReferenceAllocation.run(skus, movements, orders, index);
  }
}
