package io.tracelot.jobs.allocation;

import io.tracelot.allocator.index.chronicle.ChronicleShards;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The stock index files of a run while its tasks may fail and be restarted. Chronicle Map writes
 * into its memory-mapped file in place, so an attempt that failed half-way has changed the files
 * it worked on; Flink's restart strategy cannot undo that, so no attempt works on the run's own
 * index:
 *
 * <pre>
 * state/stock/kg-00042.cm                the index the run starts from: never written during the job
 * state/stock-attempts/kg-00000-00063-attempt-1/
 *                                        one attempt of the subtask owning key groups 0..63: a copy
 *                                        of them made when the attempt opens, from the starting
 *                                        index or from the checkpoint it restores;
 *                                        {@value #ORIGIN} says which, {@value #COMPLETE} that the
 *                                        attempt emitted its final stock
 * state/stock-checkpoints/chk-12/kg-00000-00063/
 *                                        STREAMING: the index of those key groups as of checkpoint
 *                                        12, next to the events Flink keeps in that checkpoint
 * </pre>
 *
 * <p>After the job, {@link #promote} moves, per key group, the files of the highest completed
 * attempt into {@code state/stock} and removes the attempts. The highest completed attempt is the
 * one whose output the sinks committed: a later attempt of a subtask exists only because an earlier
 * one failed, and a successful job ends with every subtask's last attempt complete. Key groups are
 * per file, so an attempt never shares a file with another subtask.
 */
final class StockAttempts {
  static final String ATTEMPTS = "stock-attempts";
  static final String CHECKPOINTS = "stock-checkpoints";
  static final String COMPLETE = "_complete";
  static final String ORIGIN = "_origin";
  private static final Pattern ATTEMPT = Pattern.compile("kg-(\\d{5})-(\\d{5})-attempt-(\\d+)");
  private static final Pattern RANGE = Pattern.compile("kg-(\\d{5})-(\\d{5})");
  private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");

  /** Where an attempt's working copy came from, for the run's report. */
  record Promoted(int firstKeyGroup, int lastKeyGroup, int attempt, String origin) {}

  /**
   * A checkpoint's copy of some key groups: the directory of each key group's file, and whether
   * the copy was taken after the final stock of those key groups was emitted.
   */
  record Restored(Map<Integer, Path> sources, boolean ended) {}

  private StockAttempts() {}

  static Path attemptsRoot(Path stockDir) {
    return stockDir.resolveSibling(ATTEMPTS);
  }

  static Path checkpointsRoot(Path stockDir) {
    return stockDir.resolveSibling(CHECKPOINTS);
  }

  static String rangeName(int first, int last) {
    return String.format("kg-%05d-%05d", first, last);
  }

  /**
   * A fresh working copy of key groups {@code [first, last]} for one attempt: each key group's file
   * copied from the directory {@code sources} names for it (a key group without a file there starts
   * empty). Copies, not links: the attempt writes into these files in place.
   */
  static Path prepare(Path stockDir, int first, int last, int attempt, Map<Integer, Path> sources, String origin) throws IOException {
    Path work = attemptsRoot(stockDir).resolve(rangeName(first, last) + "-attempt-" + attempt);
    deleteTree(work); // a leftover of the same attempt number (the operator harness reuses them)
    Files.createDirectories(work);
    for (int kg = first; kg <= last; kg++) {
      Path from = source(sources, kg).resolve(ChronicleShards.fileName(kg));
      if (Files.exists(from)) {
        Files.copy(from, work.resolve(from.getFileName()));
      }
    }
    Files.writeString(work.resolve(ORIGIN), origin + "\n");
    return work;
  }

  /** The directory a key group's file is taken from; it must exist (a missing file in it is an empty key group). */
  private static Path source(Map<Integer, Path> sources, int kg) {
    Path dir = sources.get(kg);
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalStateException("no directory to take the stock index of key group " + kg + " from (" + dir + ")");
    }
    return dir;
  }

  /** Every key group of {@code [first, last]} taken from one directory (the run's starting index). */
  static Map<Integer, Path> all(int first, int last, Path dir) {
    Map<Integer, Path> sources = new TreeMap<>();
    for (int kg = first; kg <= last; kg++) {
      sources.put(kg, dir);
    }
    return sources;
  }

  /** Marks an attempt's working copy final: every file closed, the final stock emitted. */
  static void complete(Path work) throws IOException {
    try (Stream<Path> files = Files.list(work)) {
      List<Path> open = files.filter(f -> f.getFileName().toString().endsWith(".open")).toList();
      if (!open.isEmpty()) {
        throw new IllegalStateException("stock index files still open at the end of the attempt: " + open);
      }
    }
    Files.writeString(work.resolve(COMPLETE), "complete\n");
  }

  /**
   * Copies the index of key groups {@code [first, last]} as of a checkpoint. Files that will not
   * change any more ({@code immutable}: the starting index, a restored checkpoint's copy, or a
   * completed attempt's files) are hard-linked where the file system allows it; the others are
   * copied. {@code ended}: the subtask emitted its final stock before this checkpoint. Written
   * under a temporary name and renamed, so a copy that exists is complete.
   */
  static Path copyForCheckpoint(Path stockDir, long checkpointId, int first, int last, Map<Integer, Path> from, boolean immutable, boolean ended,
      int attempt) throws IOException {
    Path chk = Files.createDirectories(checkpointsRoot(stockDir).resolve("chk-" + checkpointId));
    Path tmp = chk.resolve(rangeName(first, last) + ".tmp-attempt-" + attempt);
    deleteTree(tmp);
    Files.createDirectories(tmp);
    for (int kg = first; kg <= last; kg++) {
      Path f = source(from, kg).resolve(ChronicleShards.fileName(kg));
      if (!Files.exists(f)) {
        continue;
      }
      Path to = tmp.resolve(f.getFileName());
      if (immutable) {
        try {
          Files.createLink(to, f);
          continue;
        } catch (IOException | UnsupportedOperationException e) {
          // another file system, or no hard links: copy
        }
      }
      Files.copy(f, to);
    }
    if (ended) {
      Files.writeString(tmp.resolve(COMPLETE), "final stock emitted before checkpoint " + checkpointId + "\n");
    }
    Path done = chk.resolve(rangeName(first, last));
    deleteTree(done);
    Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
    return done;
  }

  /**
   * Where each key group of {@code [first, last]} is kept in a checkpoint's copy, whatever the
   * ranges of the subtasks that wrote it. A key group that no completed copy holds means the
   * checkpoint cannot restore this index: fail rather than start from a wrong one.
   */
  static Restored checkpointSources(Path stockDir, long checkpointId, int first, int last) throws IOException {
    Path chk = checkpointsRoot(stockDir).resolve("chk-" + checkpointId);
    Map<Integer, Path> sources = new TreeMap<>();
    if (Files.isDirectory(chk)) {
      try (Stream<Path> ranges = Files.list(chk)) {
        for (Path r : ranges.toList()) {
          Matcher m = RANGE.matcher(r.getFileName().toString());
          if (m.matches()) {
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(2));
            for (int kg = Math.max(a, first); kg <= Math.min(b, last); kg++) {
              sources.put(kg, r);
            }
          }
        }
      }
    }
    for (int kg = first; kg <= last; kg++) {
      if (!sources.containsKey(kg)) {
        throw new IllegalStateException("checkpoint " + checkpointId + " holds no copy of the stock index for key group " + kg + " (looked in " + chk
            + "); the job restored a subtask that had not saved its index with that checkpoint");
      }
    }
    long ended = sources.values().stream().distinct().filter(d -> Files.exists(d.resolve(COMPLETE))).count();
    if (ended > 0 && ended < sources.values().stream().distinct().count()) {
      throw new IllegalStateException("checkpoint " + checkpointId + " holds key groups " + first + ".." + last
          + " partly before and partly after their final stock was emitted (was the job rescaled?)");
    }
    return new Restored(sources, ended > 0);
  }

  /**
   * Removes this subtask's copies of checkpoints older than a completed one: Flink restores from
   * the latest completed checkpoint, so older copies are never read again. Best effort: what is
   * left goes with the run's checkpoints at the end.
   */
  static void discardCheckpointsBefore(Path stockDir, long completedId, int first, int last) {
    Path root = checkpointsRoot(stockDir);
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> chks = Files.list(root)) {
      for (Path chk : chks.toList()) {
        Matcher m = CHECKPOINT.matcher(chk.getFileName().toString());
        if (m.matches() && Long.parseLong(m.group(1)) < completedId) {
          deleteTree(chk.resolve(rangeName(first, last)));
          try {
            Files.deleteIfExists(chk); // the last subtask to clean up removes the checkpoint's directory
          } catch (DirectoryNotEmptyException e) {
            // other subtasks' copies are still there
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // a copy we could not remove now is removed with the run's checkpoints
    }
  }

  /**
   * After the job: per key group, the files of the highest completed attempt replace the starting
   * index in {@code stockDir} (atomic moves within the staging directory), then the attempts and
   * the checkpoint copies are removed. Returns the promoted attempts, first key group first.
   *
   * @throws IllegalStateException when a key group has no completed attempt (the job cannot have
   *     succeeded then) or a completed attempt left a file open
   */
  static List<Promoted> promote(Path stockDir, int keyGroups) throws IOException {
    Path root = attemptsRoot(stockDir);
    List<Path> completed = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> dirs = Files.list(root)) {
        completed.addAll(dirs.filter(d -> ATTEMPT.matcher(d.getFileName().toString()).matches() && Files.exists(d.resolve(COMPLETE))).toList());
      }
    }
    // per key group the highest completed attempt
    Path[] chosen = new Path[keyGroups];
    int[] chosenAttempt = new int[keyGroups];
    java.util.Arrays.fill(chosenAttempt, -1);
    for (Path d : completed) {
      Matcher m = ATTEMPT.matcher(d.getFileName().toString());
      m.matches();
      int first = Integer.parseInt(m.group(1));
      int last = Integer.parseInt(m.group(2));
      int attempt = Integer.parseInt(m.group(3));
      if (last >= keyGroups) {
        throw new IllegalStateException("attempt " + d + " holds key groups beyond the index's " + keyGroups);
      }
      for (int kg = first; kg <= last; kg++) {
        if (attempt > chosenAttempt[kg]) {
          chosenAttempt[kg] = attempt;
          chosen[kg] = d;
        }
      }
    }
    for (int kg = 0; kg < keyGroups; kg++) {
      if (chosen[kg] == null) {
        throw new IllegalStateException("no completed allocation attempt holds key group " + kg + " of the stock index (attempts in " + root + ")");
      }
    }
    Map<Path, Promoted> promoted = new TreeMap<>();
    for (int kg = 0; kg < keyGroups; kg++) {
      String name = ChronicleShards.fileName(kg);
      Path from = chosen[kg].resolve(name);
      if (Files.exists(from.resolveSibling(name + ".open"))) {
        throw new IllegalStateException("stock index file " + from + " was not closed by its attempt");
      }
      Path to = stockDir.resolve(name);
      if (Files.exists(from)) {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.deleteIfExists(to);
      }
      promoted.computeIfAbsent(chosen[kg], d -> {
        Matcher m = ATTEMPT.matcher(d.getFileName().toString());
        m.matches();
        return new Promoted(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), origin(d));
      });
    }
    deleteTree(root);
    deleteTree(checkpointsRoot(stockDir));
    return promoted.values().stream().sorted(Comparator.comparingInt(Promoted::firstKeyGroup)).toList();
  }

  private static String origin(Path attempt) {
    try {
      return Files.readString(attempt.resolve(ORIGIN), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Deletes a tree; entries that vanish meanwhile are fine. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (NoSuchFileException e) {
          // gone already
        }
      }
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof NoSuchFileException)) {
        throw e.getCause();
      }
    }
  }
}
