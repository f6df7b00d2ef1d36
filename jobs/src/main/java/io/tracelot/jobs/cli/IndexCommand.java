package io.tracelot.jobs.cli;

import io.tracelot.query.IndexProgress;
import io.tracelot.query.TraceIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tracelot index SNAPSHOT}: builds the snapshot's trace index. */
@Command(name = "index", description = "Builds the recall trace index of a snapshot (<snapshot>/index/).")
final class IndexCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SNAPSHOT", description = "snapshot directory (or its published link)")
  Path snapshot;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    boolean tty = System.console() != null;
    Path dir = TraceIndex.build(snapshot, progress(tty));
    double seconds = (System.nanoTime() - start) / 1e9;
    long bytes;
    try (Stream<Path> files = Files.list(dir)) {
      bytes = files.mapToLong(f -> f.toFile().length()).sum();
    }
    if (tty) {
      System.err.print("\r\033[K");
    }
    System.out.printf(Locale.ROOT, "indexed %s in %.1fs (%,d bytes)%n", dir, seconds, bytes);
    return 0;
  }

  static IndexProgress progress(boolean tty) {
    return (phase, rows, total, rate) -> {
      String pct = total > 0 ? String.format(Locale.ROOT, " %3d%%", Math.min(99, rows * 100 / total)) : "";
      String line = String.format(Locale.ROOT, "index:%s %-28s %,12d rows %,10.0f rows/s", pct, phase, rows, rate);
      if (tty) {
        System.err.print("\r\033[K" + line);
      } else if (phase.startsWith("read") || phase.equals("done")) {
        System.err.println(line);
      }
    };
  }
}
