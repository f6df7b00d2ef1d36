package io.tracelot.trace;

import java.util.Locale;

/** Output formats of a trace answer. */
public enum TraceFormat {
  /** Aligned text sections for people. */
  TABLE,
  /** trace.md's JSON: snake_case names, ISO-8601 UTC instants, absent = null. */
  JSON,
  /** One CSV table of every row, a {@code record} column saying which list it belongs to. */
  CSV,
  /** The FSMA 204 shipping key data elements, one row per allocation (a sortable spreadsheet). */
  FSMA204,
  /** An Arrow IPC stream of the CSV table, typed (pyarrow, DuckDB). */
  ARROW;

  /** Parses table | json | csv | fsma204 | arrow (any case). */
  public static TraceFormat parse(String text) {
    try {
      return valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown format '" + text + "': use table, json, csv, fsma204 or arrow");
    }
  }
}
