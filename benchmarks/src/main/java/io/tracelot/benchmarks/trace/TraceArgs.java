package io.tracelot.benchmarks.trace;

import java.util.Locale;

/** Command-line helpers of the trace harness: messages name the option and the bad value. */
final class TraceArgs {
  private TraceArgs() {}

  static String value(String[] argv, int i, String option) {
    if (i >= argv.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return argv[i];
  }

  /** A number; underscores and a k/M suffix are allowed (2_000_000, 2M, 500k). */
  static long parseLong(String option, String v) {
    String t = v.replace("_", "").strip();
    long scale = 1;
    if (t.endsWith("k") || t.endsWith("K")) {
      scale = 1_000;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("M")) {
      scale = 1_000_000;
      t = t.substring(0, t.length() - 1);
    }
    try {
      return Math.multiplyExact(Long.parseLong(t), scale);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(option + " must be a number, got '" + v + "'");
    }
  }

  static long parseLong(String option, String v, long min, long max) {
    long n = parseLong(option, v);
    if (n < min || n > max) {
      throw new IllegalArgumentException(option + " must be in " + min + ".." + max + ", got " + n);
    }
    return n;
  }

  /** 100M, 2M, 20k or the plain number. */
  static String sizeLabel(long rows) {
    if (rows % 1_000_000 == 0) {
      return rows / 1_000_000 + "M";
    }
    return rows % 1_000 == 0 ? rows / 1_000 + "k" : Long.toString(rows);
  }

  /** Seconds as h:mm:ss; "?" when unknown (negative). */
  static String duration(long seconds) {
    if (seconds < 0) {
      return "?";
    }
    return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
}
