package io.tracelot.allocator.input;

import io.tracelot.allocator.model.Ids;
import io.tracelot.allocator.model.InputSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The column names of a CSV file, trimmed and checked against its table. Names match exactly
 * (case-sensitive, like identifiers): {@code SKU} is an unknown extra column, not {@code sku}. A
 * column whose name is empty is ignored (a trailing comma in a spreadsheet export).
 */
public final class Header {
  private final InputSource table;
  private final List<String> columns;

  private Header(InputSource table, List<String> columns) {
    this.table = table;
    this.columns = columns;
  }

  /**
   * Trims the names and checks them.
   *
   * @throws InputException naming the file when a name repeats or a required column is missing
   */
  public static Header of(InputSource table, String file, List<String> names) {
    List<String> columns = new ArrayList<>(names.size());
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      String column = name.strip();
      if (!column.isEmpty() && !seen.add(column)) {
        throw new InputException(file + ": header has column '" + column + "' twice");
      }
      columns.add(column);
    }
    List<String> missing = requiredColumns(table).stream().filter(c -> !seen.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new InputException(
          file
              + ": header has no column "
              + missing.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "))
              + " (found: "
              + Ids.abbreviate(String.join(", ", columns))
              + ")");
    }
    return new Header(table, List.copyOf(columns));
  }

  /** The columns every file of the table must have, whatever its rows hold. */
  public static List<String> requiredColumns(InputSource table) {
    return switch (table) {
      case SKUS -> List.of("sku", "tracking");
      case MOVEMENTS -> List.of("event_id", "ts", "type", "sku");
      case ORDERS -> List.of("order_id", "line", "ts", "customer", "sku", "qty", "warehouse");
    };
  }

  public InputSource table() {
    return table;
  }

  /** The trimmed names in file order; an ignored column is "". */
  public List<String> columns() {
    return columns;
  }
}
