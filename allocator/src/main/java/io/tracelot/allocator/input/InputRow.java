package io.tracelot.allocator.input;

import io.tracelot.allocator.model.InputSource;
import java.util.Map;
import java.util.Objects;

/**
 * One record of an input file as read, before any validation.
 *
 * @param table the table the file belongs to
 * @param file the file name relative to the input directory, with '/' separators
 * @param lineNo the 1-based physical line the record starts on (a CSV header is line 1)
 * @param raw the record's text without its line break, at most {@link #MAX_RAW_BYTES} bytes of it
 *     (then ending in {@link #TRUNCATED}); malformed UTF-8 shows as U+FFFD
 * @param fields column name to value; values are trimmed and empty values are absent
 * @param parseError why the record could not be parsed, or null; when set, fields is empty
 */
public record InputRow(
    InputSource table, String file, long lineNo, String raw, Map<String, String> fields, String parseError) {
  public static final int MAX_RAW_BYTES = 64 * 1024;
  public static final String TRUNCATED = "…[truncated]";

  public InputRow {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(raw, "raw");
    if (lineNo < 1) {
      throw new IllegalArgumentException("lineNo must be >= 1, got " + lineNo);
    }
    fields = fields instanceof RowFields ? fields : Map.copyOf(fields); // RowFields is immutable already
    if (parseError != null && !fields.isEmpty()) {
      throw new IllegalArgumentException("a row with a parse error has no fields, got " + fields.keySet());
    }
  }

  static InputRow parseError(InputSource table, String file, long lineNo, String raw, String error) {
    return new InputRow(table, file, lineNo, raw, Map.of(), Objects.requireNonNull(error, "error"));
  }

  /** The trimmed, non-empty value of a column, or null when the column is absent or empty. */
  public String get(String column) {
    return fields.get(column);
  }

  public boolean hasParseError() {
    return parseError != null;
  }
}
