package io.tracelot.query;

import io.tracelot.snapshot.SnapshotFormatException;
import java.nio.file.Path;

/** A trace index this build cannot read: missing, too old, too new, stale or corrupt. Names the file. */
public final class IndexFormatException extends SnapshotFormatException {
  private static final long serialVersionUID = 1L;

  public IndexFormatException(Path file, String problem) {
    super(file, problem);
  }
}
