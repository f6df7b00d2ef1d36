package io.tracelot.server;

import io.tracelot.query.IndexLayout;
import io.tracelot.query.TraceIndex;
import io.tracelot.snapshot.SnapshotDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The trace index of the snapshot a server serves, switched atomically when a new version is
 * published at the snapshot path (or its index is rebuilt).
 *
 * <p>Each open index is a {@link Version} with a reference count: one reference for being
 * current, one per request using it. A request {@link #acquire() acquires} the current version
 * and answers from it alone; {@link #poll} opens a new version, makes it current and drops the
 * old one's "current" reference, so the old index is closed by whichever of the switch and the
 * last request using it finishes last. A version whose count reached 0 can never be acquired
 * again ({@link Version#tryRetain} fails, and {@code acquire} reads the new current one).
 *
 * <p>A new version without a usable index (none yet, stale, corrupt) is not switched to: the
 * old one keeps serving and the problem is reported once per version.
 */
final class LiveIndex implements AutoCloseable {
  /** What identifies one index on disk: the version directory and its header file (inode, mtime). */
  record Key(Path versionDir, Object headerFileKey, FileTime headerModified) {}

  /** One open index and its reference count. */
  static final class Version {
    final TraceIndex index;
    final Key key;
    final Instant opened;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final LiveIndex owner;
    private volatile boolean closed;

    Version(TraceIndex index, Key key, Instant opened, LiveIndex owner) {
      this.index = index;
      this.key = key;
      this.opened = opened;
      this.owner = owner;
    }

    /** The version directory's name: the run id for a published snapshot. */
    String versionName() {
      return key.versionDir().getFileName().toString();
    }

    boolean tryRetain() {
      for (;;) {
        int n = refs.get();
        if (n == 0) {
          return false;
        }
        if (refs.compareAndSet(n, n + 1)) {
          return true;
        }
      }
    }

    void release() {
      int n = refs.decrementAndGet();
      if (n == 0) {
        closed = true;
        try {
          index.close();
          owner.log.accept("closed the index of run " + index.runId() + " (" + key.versionDir() + ")");
        } catch (RuntimeException e) {
          owner.closeFailures.incrementAndGet();
          owner.log.accept("WARNING: closing the index of run " + index.runId() + " failed: " + e.getMessage());
        } finally {
          owner.openVersions.decrementAndGet();
        }
      } else if (n < 0) {
        throw new IllegalStateException("released more often than retained: " + key);
      }
    }

    boolean closed() {
      return closed;
    }
  }

  /** A request's hold on one version; closing it releases the version. */
  static final class Lease implements AutoCloseable {
    private final Version version;
    private boolean released;

    Lease(Version version) {
      this.version = version;
    }

    TraceIndex index() {
      return version.index;
    }

    Version version() {
      return version;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        version.release();
      }
    }
  }

  private final Path snapshot;
  private final Consumer<String> log;
  private final AtomicReference<Version> current = new AtomicReference<>();
  private final AtomicInteger openVersions = new AtomicInteger();
  private final AtomicInteger closeFailures = new AtomicInteger();
  private final AtomicLong switches = new AtomicLong();
  private volatile String problem = "not started";
  private Key lastFailed; // guarded by this
  private boolean closed; // guarded by this

  LiveIndex(Path snapshot, Consumer<String> log) {
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    this.log = Objects.requireNonNull(log, "log");
  }

  /** The current version, retained for one request; null when there is no usable index. */
  Lease acquire() {
    for (;;) {
      Version v = current.get();
      if (v == null) {
        return null;
      }
      if (v.tryRetain()) {
        return new Lease(v);
      }
      // v was retired and closed between get() and tryRetain(): current is already its successor
    }
  }

  /** Why there is no usable index, or why the last switch was refused; null when all is well. */
  String problem() {
    return problem;
  }

  Path snapshot() {
    return snapshot;
  }

  long switches() {
    return switches.get();
  }

  /** Indexes open now: the current one plus retired ones that requests still use. */
  int openVersions() {
    return openVersions.get();
  }

  /** Retired indexes whose close failed (an Arrow memory leak); 0 in a healthy server. */
  int closeFailures() {
    return closeFailures.get();
  }

  /**
   * Looks at the snapshot path; when it now points to another version, or the index there was
   * rebuilt, opens that index and makes it current. Never throws: problems are reported through
   * the log and {@link #problem()}.
   *
   * @return true when it switched
   */
  synchronized boolean poll() {
    if (closed) {
      return false;
    }
    Key key;
    try {
      key = key(snapshot);
    } catch (IOException | RuntimeException e) {
      report("no snapshot at " + snapshot + ": " + describe(e), null);
      return false;
    }
    Version cur = current.get();
    if (cur != null && cur.key.equals(key)) {
      problem = null;
      return false;
    }
    if (key.equals(lastFailed)) {
      return false;
    }
    TraceIndex index;
    try {
      index = TraceIndex.open(key.versionDir());
    } catch (IOException | RuntimeException e) {
      report("no usable trace index in " + key.versionDir() + ": " + describe(e), key);
      return false;
    }
    Version next = new Version(index, key, Instant.now(), this);
    openVersions.incrementAndGet();
    Version old = current.getAndSet(next);
    lastFailed = null;
    problem = null;
    switches.incrementAndGet();
    log.accept("serving run " + index.runId() + " (" + key.versionDir() + ")"
        + (old == null ? "" : ", replacing run " + old.index.runId()));
    if (old != null) {
      old.release();
    }
    return true;
  }

  private void report(String message, Key failed) {
    boolean fresh = !message.equals(problem);
    problem = message;
    lastFailed = failed;
    if (fresh) {
      log.accept("WARNING: " + message + (current.get() == null ? "" : "; still serving run "
          + current.get().index.runId()));
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  static Key key(Path snapshot) throws IOException {
    Path dir = SnapshotDir.resolve(snapshot);
    Path header = dir.resolve(IndexLayout.DIR).resolve(IndexLayout.HEADER);
    try {
      BasicFileAttributes a = Files.readAttributes(header, BasicFileAttributes.class);
      return new Key(dir, a.fileKey(), a.lastModifiedTime());
    } catch (NoSuchFileException e) {
      return new Key(dir, null, null);
    }
  }

  /** Stops switching and drops the current version (closed once its last request finishes). */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    Version v = current.getAndSet(null);
    if (v != null) {
      v.release();
    }
  }
}
