package io.tracelot.jobs.allocation;

import io.tracelot.jobs.common.RunProgress;
import java.io.PrintStream;
import java.util.Locale;

/** One console line, rewritten every second: phase, rows read, rows/s, events applied, ETA. */
final class ProgressLine implements AutoCloseable {
  private final PrintStream out;
  private final long totalBytes;
  private final Thread thread;
  private final long start = System.nanoTime();
  private volatile boolean running = true;

  ProgressLine(PrintStream out, long totalBytes) {
    this.out = out;
    this.totalBytes = Math.max(1, totalBytes);
    this.thread = new Thread(this::loop, "tracelot-progress");
    thread.setDaemon(true);
    if (out != null) {
      thread.start();
    }
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      out.print("\r" + line() + "   ");
      out.flush();
    }
  }

  String line() {
    double secs = Math.max(0.001, (System.nanoTime() - start) / 1e9);
    long rows = RunProgress.ROWS_READ.get();
    long bytes = RunProgress.BYTES_READ.get();
    long applied = RunProgress.EVENTS_APPLIED.get();
    String phase = bytes < totalBytes && applied == 0 ? "reading" : applied < rows ? "allocating" : "writing";
    double fraction = Math.min(1.0, (bytes / (double) totalBytes) * 0.5 + (rows == 0 ? 0 : applied / (double) rows) * 0.5);
    String eta = fraction <= 0.01 ? "?" : String.format(Locale.ROOT, "%.0fs", secs / fraction - secs);
    return String.format(Locale.ROOT, "[%s] rows read %,d (%,.0f/s), events applied %,d (%,.0f/s), %.0f%%, ETA %s",
        phase, rows, rows / secs, applied, applied / secs, fraction * 100, eta);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    if (out != null) {
      out.print("\r" + line() + "   \n");
      out.flush();
    }
  }
}
