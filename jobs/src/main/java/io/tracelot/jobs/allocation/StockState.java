package io.tracelot.jobs.allocation;

import io.tracelot.snapshot.SnapshotFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The stock index a snapshot carries under {@code state/stock/}: one Chronicle file per key group,
 * and a {@code key-groups} file with their number, which every later run must keep (a sku's key
 * group, and so its file, depends on it). A run never writes the earlier snapshot's files, nor
 * those under its own {@code state/stock} during the job: every attempt of an allocation subtask
 * works on its own copy ({@link StockAttempts}), and the finished run moves the copies of the
 * attempts that succeeded into its {@code state/stock}, published with the snapshot.
 */
final class StockState {
  static final String DIR = "state/stock";
  static final String KEY_GROUPS = "key-groups";

  private StockState() {}

  static Path create(Path staging, int keyGroups) throws IOException {
    Path dir = Files.createDirectories(staging.resolve(DIR));
    Files.writeString(dir.resolve(KEY_GROUPS), keyGroups + "\n");
    return dir;
  }

  /**
   * The earlier snapshot's index as this run's starting index: hard links where the file system
   * allows (nothing writes these files in place any more, and a link keeps them if the earlier
   * version is deleted meanwhile), copies otherwise.
   */
  static Path copy(Path prior, Path staging) throws IOException {
    Path from = prior.resolve(DIR);
    keyGroups(prior);
    Path to = Files.createDirectories(staging.resolve(DIR));
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.filter(x -> !x.getFileName().toString().endsWith(".open")).toList()) {
        try {
          Files.createLink(to.resolve(f.getFileName()), f);
        } catch (IOException | UnsupportedOperationException e) {
          Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return to;
  }

  static int keyGroups(Path snapshot) throws IOException {
    Path file = snapshot.resolve(DIR).resolve(KEY_GROUPS);
    if (!Files.isRegularFile(file)) {
      throw new SnapshotFormatException(file, "the snapshot has no stock index to start from");
    }
    try {
      return Integer.parseInt(Files.readString(file).trim());
    } catch (NumberFormatException e) {
      throw new SnapshotFormatException(file, "corrupt key group count", e);
    }
  }
}
