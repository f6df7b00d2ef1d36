package io.tracelot.jobs.common;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters the embedded run reads to show progress. They live in the JVM that runs the tasks: on a
 * real cluster the Flink web UI shows the same through its metrics.
 */
public final class RunProgress {
  public static final AtomicLong ROWS_READ = new AtomicLong();
  public static final AtomicLong BYTES_READ = new AtomicLong();
  public static final AtomicLong EVENTS_APPLIED = new AtomicLong();

  private RunProgress() {}

  public static void reset() {
    ROWS_READ.set(0);
    BYTES_READ.set(0);
    EVENTS_APPLIED.set(0);
  }
}
