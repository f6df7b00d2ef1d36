package io.tracelot.allocator.model;

import java.util.Locale;

/** The three input tables; the rejects output names them in lower case. */
public enum InputSource {
  SKUS,
  MOVEMENTS,
  ORDERS;

  /** The table name as it appears in file names and in the rejects output. */
  public String tableName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static InputSource ofTableName(String name) {
    for (InputSource s : values()) {
      if (s.tableName().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown input table '" + name + "' (expected skus, movements or orders)");
  }
}
