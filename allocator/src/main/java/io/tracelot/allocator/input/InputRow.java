package io.tracelot.allocator.input;

import io.tracelot.allocator.model.InputSource;
import java.util.Map;

/** One record of an input file: its fields by column name, or why it could not be parsed. */
public record InputRow(InputSource table, String file, long lineNo, String raw, Map<String, String> fields, String parseError) {
  public String get(String column) {
    return fields.get(column);
  }
}
