package io.tracelot.datasets;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/** Redraws one status line with a carriage return; throttled so printing never slows the run. */
final class ConsoleProgress implements ProgressListener {
  private static final long REDRAW_NANOS = 250_000_000L;

  private final PrintStream out;
  private final LongSupplier clock;
  private String phase;
  private long phaseStart;
  private long lastDraw;
  private int lastWidth;

  ConsoleProgress(PrintStream out, LongSupplier clock) {
    this.out = out;
    this.clock = clock;
  }

  @Override
  public void progress(String phase, long rowsDone, long rowsTotal) {
    long now = clock.getAsLong();
    if (!phase.equals(this.phase)) {
      if (lastWidth > 0 && !finished(phase)) {
        // keep the finished phase's last line, start the next one below it
        out.print(System.lineSeparator());
        lastWidth = 0;
      }
      this.phase = phase;
      phaseStart = now;
      lastDraw = Long.MIN_VALUE;
    }
    boolean finished = finished(phase);
    if (!finished && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    String line = finished ? String.format(Locale.ROOT, "done: %,d rows", rowsDone) : line(phase, rowsDone, rowsTotal, now - phaseStart);
    // pad over the previous, possibly longer, line
    StringBuilder text = new StringBuilder("\r").append(line);
    for (int i = line.length(); i < lastWidth; i++) {
      text.append(' ');
    }
    lastWidth = line.length();
    out.print(finished ? text.append(System.lineSeparator()) : text);
    out.flush();
  }

  private static boolean finished(String phase) {
    return "done".equals(phase);
  }

  static String line(String phase, long rowsDone, long rowsTotal, long elapsedNanos) {
    double seconds = elapsedNanos / 1e9;
    double rate = seconds > 0 ? rowsDone / seconds : 0;
    String eta = rate > 0 && rowsTotal > rowsDone ? duration((long) ((rowsTotal - rowsDone) / rate)) : "-";
    return String.format(Locale.ROOT, "%-7s %,d / %,d rows  %,.0f rows/s  ETA %s", phase, rowsDone, rowsTotal, rate, eta);
  }

  private static String duration(long seconds) {
    return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
}
