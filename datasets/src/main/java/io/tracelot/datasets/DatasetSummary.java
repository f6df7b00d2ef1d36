package io.tracelot.datasets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a generation run wrote.
 *
 * @param tables per table name ({@code skus}, {@code movements}, {@code orders}), in that order
 * @param unitsReceived units brought into stock by the good RECEIPT and PRODUCE rows
 * @param elapsed wall time of the run
 */
public record DatasetSummary(Map<String, Table> tables, long unitsReceived, Duration elapsed) {

  public DatasetSummary {
    tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
  }

  /**
   * @param rows data rows written (headers not counted), bad rows included
   * @param badRows the deliberately bad rows, per reject reason code of inputs.md
   * @param bytes size of the table's files
   * @param files the files, in file order
   */
  public record Table(long rows, Map<String, Long> badRows, long bytes, List<Path> files) {
    public Table {
      badRows = Collections.unmodifiableMap(new LinkedHashMap<>(badRows));
      files = List.copyOf(files);
    }

    public long badRowCount() {
      return badRows.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public Table table(String name) {
    Table table = tables.get(name);
    if (table == null) {
      throw new IllegalArgumentException("no table '" + name + "', have " + tables.keySet());
    }
    return table;
  }

  public long totalRows() {
    return tables.values().stream().mapToLong(Table::rows).sum();
  }

  public long totalBytes() {
    return tables.values().stream().mapToLong(Table::bytes).sum();
  }
}
