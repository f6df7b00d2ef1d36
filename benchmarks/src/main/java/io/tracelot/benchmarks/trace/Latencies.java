package io.tracelot.benchmarks.trace;

import java.util.Arrays;

/**
 * Latencies of one query set in milliseconds, and the answer sizes: p50, p99 and max by nearest
 * rank (with fewer than 100 samples p99 is the largest or the second largest; the sample count is
 * reported next to it).
 */
record Latencies(double[] ms, long[] answerRows) {
  static final Latencies NONE = new Latencies(new double[0], new long[0]);

  Latencies {
    ms = ms.clone();
    answerRows = answerRows.clone();
  }

  int n() {
    return ms.length;
  }

  double p50() {
    return percentile(ms, 0.50);
  }

  double p99() {
    return percentile(ms, 0.99);
  }

  double max() {
    return ms.length == 0 ? Double.NaN : Arrays.stream(ms).max().getAsDouble();
  }

  double mean() {
    return ms.length == 0 ? Double.NaN : Arrays.stream(ms).average().getAsDouble();
  }

  /** The median allocation rows of the answers. */
  long medianRows() {
    if (answerRows.length == 0) {
      return -1;
    }
    long[] sorted = answerRows.clone();
    Arrays.sort(sorted);
    return sorted[(sorted.length - 1) / 2];
  }

  long maxRows() {
    return answerRows.length == 0 ? -1 : Arrays.stream(answerRows).max().getAsLong();
  }

  /** Nearest rank: the smallest value with at least {@code q} of the samples at or below it. */
  static double percentile(double[] values, double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Collects samples. */
  static final class Recorder {
    private double[] ms = new double[64];
    private long[] rows = new long[64];
    private int n;

    void add(double millis, long answerRows) {
      if (n == ms.length) {
        ms = Arrays.copyOf(ms, n * 2);
        rows = Arrays.copyOf(rows, n * 2);
      }
      ms[n] = millis;
      rows[n++] = answerRows;
    }

    int size() {
      return n;
    }

    Latencies done() {
      return new Latencies(Arrays.copyOf(ms, n), Arrays.copyOf(rows, n));
    }
  }
}
