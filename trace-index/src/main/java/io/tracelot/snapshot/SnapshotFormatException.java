package io.tracelot.snapshot;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not what a Tracelot snapshot of this build can read: not a snapshot at all, a
 * format version too new or too old, or corrupt. The message names the file.
 */
public class SnapshotFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public SnapshotFormatException(Path file, String problem) {
    this(file, problem, null);
  }

  public SnapshotFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file that could not be read. */
  public Path file() {
    return file;
  }
}
