package io.tracelot.snapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;

/**
 * A run in progress: the staging directory it writes into, the run id, and the lock that keeps
 * other runs off the same snapshot. Publish it with {@link SnapshotPublisher#publish}; closing an
 * unpublished staging aborts it (so try-with-resources cleans up after a failed run).
 */
public final class Staging implements AutoCloseable {
  private final Path snapshot;
  private final Path dir;
  private final String runId;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private boolean finished;

  Staging(Path snapshot, Path dir, String runId, FileChannel lockChannel, FileLock lock) {
    this.snapshot = snapshot;
    this.dir = dir;
    this.runId = runId;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** The snapshot this run will replace when published. */
  public Path snapshot() {
    return snapshot;
  }

  /** Where the run writes its tables and manifest. */
  public Path dir() {
    return dir;
  }

  public String runId() {
    return runId;
  }

  boolean finished() {
    return finished;
  }

  /** Marks the run done and releases the lock; idempotent. */
  void finish() throws IOException {
    if (!finished) {
      finished = true;
      try (lockChannel) {
        lock.release();
      }
    }
  }

  /** Aborts the run unless it was published or aborted already. */
  @Override
  public void close() throws IOException {
    if (!finished) {
      SnapshotPublisher.abort(this);
    }
  }

  @Override
  public String toString() {
    return "staging " + dir + " of run " + runId;
  }
}
