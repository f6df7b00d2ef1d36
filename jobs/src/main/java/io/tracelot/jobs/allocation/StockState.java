package io.tracelot.jobs.allocation;

import io.tracelot.snapshot.SnapshotFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
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
  /** ChronicleStockIndex's marker of a file open for writing (left behind by a writer that died). */
  static final String OPEN_MARKER = ".open";

  private StockState() {}

  static Path create(Path staging, int keyGroups) throws IOException {
    Path dir = Files.createDirectories(staging.resolve(DIR));
    Files.writeString(dir.resolve(KEY_GROUPS), keyGroups + "\n");
    return dir;
  }

  /**
   * The earlier snapshot's stock index as this run's starting index: hard links where the file
   * system allows (nothing writes these files in place: every attempt works on its own copy, and a
   * link keeps them if the earlier version is deleted meanwhile), copies otherwise. A file with a
   * crash marker ({@code .open}, see ChronicleStockIndex) is refused: a published index was closed
   * cleanly before publishing and is never written again, so a marker means some process opened it
   * later and died or is still writing, and its contents cannot be trusted (Chronicle's recovery
   * repairs the structure, not the stock).
   */
  static Path copy(Path prior, Path staging) throws IOException {
    Path from = prior.resolve(DIR);
    keyGroups(prior);
    List<Path> files;
    try (Stream<Path> all = Files.list(from)) {
      files = all.sorted().toList();
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (name.endsWith(OPEN_MARKER)) {
        throw new SnapshotFormatException(from.resolve(name.substring(0, name.length() - OPEN_MARKER.length())),
            "this stock index file was left open (its " + OPEN_MARKER + " crash marker is there): a process opened the snapshot's"
                + " stock index for writing after it was published and died without closing it (or still has it open), so it"
                + " cannot be trusted. Nothing was written; start from an earlier snapshot or allocate from the inputs without --from");
      }
    }
    Path to = Files.createDirectories(staging.resolve(DIR));
    for (Path f : files) {
      try {
        Files.createLink(to.resolve(f.getFileName()), f);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
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
