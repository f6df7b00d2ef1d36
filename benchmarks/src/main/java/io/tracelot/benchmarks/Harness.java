package io.tracelot.benchmarks;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** What the end-to-end and trace harnesses both need: writing JSON strings. */
public final class Harness {
  private Harness() {}

  /** A JSON string literal ("null" for null), escaped by Jackson's encoder. */
  public static String jsonString(String s) {
    if (s == null) {
      return "null";
    }
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }
}
