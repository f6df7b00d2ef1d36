package io.tracelot.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** What the end-to-end and trace harnesses both need: writing JSON strings. */
public final class Harness {
  private Harness() {}

  /** A JSON string literal ("null" for null), escaping quotes, backslashes and control characters. */
  public static String jsonString(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
