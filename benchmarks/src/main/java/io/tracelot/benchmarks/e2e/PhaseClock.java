package io.tracelot.benchmarks.e2e;

import io.tracelot.jobs.common.RunProgress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an embedded run's time goes, from the job's own progress counters ({@link RunProgress}),
 * polled every 20 ms: when the first and the last input row were read, and when the first and the
 * last event was applied by the allocator. The phases between those instants are start-up, reading,
 * the wait for the first applied event (the de-duplication exchange and sort, and in BATCH mode the
 * sort of the allocation input), allocation, and the rest (end of input, sinks, manifest, publish).
 */
final class PhaseClock implements AutoCloseable {
  private static final long POLL_MS = 20;

  private final long start = System.nanoTime();
  private final Thread poller;
  private volatile boolean running = true;
  private long firstRead = -1;
  private long lastRead = -1;
  private long firstApplied = -1;
  private long lastApplied = -1;
  private long rows;
  private long applied;
  private volatile long end = -1;

  PhaseClock() {
    poller = new Thread(this::poll, "phase-clock");
    poller.setDaemon(true);
    poller.start();
  }

  private void poll() {
    while (running) {
      tick();
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void tick() {
    long now = System.nanoTime() - start;
    long r = RunProgress.ROWS_READ.get();
    long a = RunProgress.EVENTS_APPLIED.get();
    if (r > 0 && firstRead < 0) {
      firstRead = now;
    }
    if (r > rows) {
      rows = r;
      lastRead = now;
    }
    if (a > 0 && firstApplied < 0) {
      firstApplied = now;
    }
    if (a > applied) {
      applied = a;
      lastApplied = now;
    }
  }

  /** Phase name to milliseconds, in order; -1 where an instant was never seen. */
  synchronized Map<String, Long> phases() {
    tick();
    long stop = end < 0 ? System.nanoTime() - start : end;
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("startup", ms(0, firstRead));
    m.put("reading", ms(firstRead, lastRead));
    m.put("toFirstApplied", ms(lastRead, firstApplied));
    m.put("allocating", ms(firstApplied, lastApplied));
    m.put("finishing", ms(lastApplied, stop));
    return m;
  }

  private static long ms(long from, long to) {
    return from < 0 || to < 0 ? -1 : Math.max(0, (to - from) / 1_000_000);
  }

  @Override
  public synchronized void close() {
    end = System.nanoTime() - start;
    running = false;
    poller.interrupt();
  }
}
