package io.tracelot.snapshot;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Publishes a snapshot atomically. For a snapshot {@code <parent>/<name>}:
 *
 * <pre>
 * &lt;parent&gt;/&lt;name&gt;                      symlink to .&lt;name&gt;.versions/&lt;run_id&gt; (relative)
 * &lt;parent&gt;/.&lt;name&gt;.versions/&lt;run_id&gt;/  the current version and the previous one
 * &lt;parent&gt;/.&lt;name&gt;.staging-&lt;run_id&gt;/   a run in progress
 * &lt;parent&gt;/.&lt;name&gt;.lock                 held (FileChannel.tryLock) from stage() to publish/abort
 * &lt;parent&gt;/.&lt;name&gt;.link-&lt;run_id&gt;       the new link, for a moment before it replaces &lt;name&gt;
 * &lt;parent&gt;/.&lt;name&gt;.deleting-&lt;run_id&gt;/  an old version being deleted
 * </pre>
 *
 * rename(2) cannot replace a non-empty directory, so the one atomic step is replacing the link:
 * a new link is created under a temporary name and moved over {@code <name>}. The previous
 * version is kept for rollback and for runs chained from it; older ones are deleted on publish.
 *
 * <p>Crash recovery: a run that dies leaves its staging directory (and perhaps a temporary link,
 * a half-deleted old version or an unlinked version). Since every run holds the lock, whoever
 * next acquires it knows that none of these is live: {@link #stage} deletes all staging, link
 * and deleting leftovers of this snapshot, and the next {@link #publish} deletes unlinked
 * versions. The lock file itself is never deleted (that would let two runs lock two different
 * files). Readers take no lock.
 */
public final class SnapshotPublisher {
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private SnapshotPublisher() {}

  /** A fresh run id: the UTC start time, sortable, and a random suffix, e.g. {@code 20261120T081500Z-3fa9c1d2}. */
  public static String newRunId() {
    byte[] suffix = new byte[4];
    RANDOM.nextBytes(suffix);
    return RUN_ID_TIME.format(Instant.now()) + "-" + HexFormat.of().formatHex(suffix);
  }

  /** {@link #stage(Path, String)} with a {@link #newRunId() new run id}. */
  public static Staging stage(Path snapshot) throws IOException {
    return stage(snapshot, newRunId());
  }

  /**
   * Starts a run that will replace {@code snapshot}: takes the lock, checks that the snapshot
   * may be replaced, removes what crashed runs left, and creates an empty staging directory
   * {@code <parent>/.<name>.staging-<runId>}.
   *
   * @throws IOException when another run holds the lock, or {@code snapshot} is a directory or
   *     file that this class did not publish (an empty directory is fine)
   */
  public static Staging stage(Path snapshot, String runId) throws IOException {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException(
          "run id must be 1 to 100 of [A-Za-z0-9._-], not starting with '.', '_' or '-', got '" + runId + "'");
    }
    Path parent = SnapshotDir.parent(snapshot);
    String name = SnapshotDir.name(snapshot);
    Files.createDirectories(parent);
    Path lockFile = parent.resolve("." + name + ".lock");
    FileChannel channel = FileChannel.open(lockFile, CREATE, WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by a run in this JVM
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IOException("another run is writing snapshot " + snapshot + " (it holds " + lockFile + ")");
    }
    Staging staging = new Staging(snapshot, parent.resolve("." + name + ".staging-" + runId), runId, channel, lock);
    try {
      currentVersion(snapshot);
      if (Files.exists(SnapshotDir.versions(snapshot).resolve(runId), LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("run " + runId + " was already published to " + snapshot);
      }
      try (DirectoryStream<Path> leftovers =
          Files.newDirectoryStream(parent, "." + name + ".{staging,link,deleting}-*")) {
        for (Path leftover : leftovers) {
          FileTrees.delete(leftover);
        }
      }
      Files.createDirectory(staging.dir());
      return staging;
    } catch (IOException | RuntimeException e) {
      staging.finish();
      throw e;
    }
  }

  /**
   * Makes the staged run the snapshot in one atomic step and releases the lock. The staging
   * directory must hold a valid {@code _manifest.json} of the same run id. On failure the
   * staging stays open: fix the cause and publish again, or abort it.
   *
   * @return the version directory now published
   */
  public static Path publish(Staging staging) throws IOException {
    if (staging.finished()) {
      throw new IllegalStateException(staging + " was already published or aborted");
    }
    Manifest manifest = Manifest.read(staging.dir());
    if (!manifest.runId().equals(staging.runId())) {
      throw new IOException(
          "manifest of " + staging + " names run " + manifest.runId() + "; refusing to publish it");
    }
    Path snapshot = staging.snapshot();
    Path parent = SnapshotDir.parent(snapshot);
    String name = SnapshotDir.name(snapshot);
    String previous = currentVersion(snapshot);

    syncTree(staging.dir());
    Path versions = SnapshotDir.versions(snapshot);
    Files.createDirectories(versions);
    Path version = versions.resolve(staging.runId());
    Files.move(staging.dir(), version, ATOMIC_MOVE);
    sync(versions);

    if (previous == null && Files.isDirectory(snapshot, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(snapshot); // empty, checked by currentVersion: rename cannot replace it
    }
    Path link = parent.resolve("." + name + ".link-" + staging.runId());
    Files.deleteIfExists(link);
    // relative, so that the parent directory can be moved or mounted elsewhere
    Files.createSymbolicLink(link, parent.relativize(version));
    Files.move(link, snapshot, ATOMIC_MOVE);
    sync(parent);
    staging.finish();

    try (DirectoryStream<Path> all = Files.newDirectoryStream(versions)) {
      for (Path v : all) {
        String id = v.getFileName().toString();
        if (!id.equals(staging.runId()) && !id.equals(previous)) {
          // moved out first: a reader of that version finds it whole or not at all
          Path doomed = parent.resolve("." + name + ".deleting-" + id);
          Files.move(v, doomed, ATOMIC_MOVE);
          FileTrees.delete(doomed);
        }
      }
    }
    return version;
  }

  /** Deletes the staging directory of a failed run and releases the lock; the published snapshot is untouched. */
  public static void abort(Staging staging) throws IOException {
    if (staging.finished()) {
      return;
    }
    try {
      FileTrees.delete(staging.dir());
    } finally {
      staging.finish();
    }
  }

  /**
   * The run id the snapshot links to now, or null when there is none yet (nothing, or an empty
   * directory).
   *
   * @throws IOException when {@code snapshot} is something this class would not replace
   */
  private static String currentVersion(Path snapshot) throws IOException {
    Path versions = SnapshotDir.versions(snapshot);
    if (Files.isSymbolicLink(snapshot)) {
      Path target = SnapshotDir.parent(snapshot).resolve(Files.readSymbolicLink(snapshot)).normalize();
      if (!versions.equals(target.getParent())) {
        throw new IOException("refusing to replace " + snapshot + ": it links to " + target
            + ", not to a version in " + versions);
      }
      return target.getFileName().toString();
    }
    if (Files.isDirectory(snapshot, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(snapshot)) {
        if (entries.iterator().hasNext()) {
          throw new IOException("refusing to replace " + snapshot
              + ": it is a non-empty directory that Tracelot did not publish (move it away or write elsewhere)");
        }
      }
      return null;
    }
    if (Files.exists(snapshot, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("refusing to replace " + snapshot + ": it is a file, not a snapshot");
    }
    return null;
  }

  /** Flushes the staged files and directories to disk before they become visible. */
  private static void syncTree(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          sync(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        sync(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void sync(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, READ)) {
      channel.force(true);
    }
  }
}
