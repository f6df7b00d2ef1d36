package io.tracelot.arrow;

import io.tracelot.snapshot.SnapshotFormatException;
import java.nio.file.Path;

/** An Arrow file that cannot be read as one; the message names the file. */
public final class CorruptArrowFileException extends SnapshotFormatException {
  private static final long serialVersionUID = 1L;

  public CorruptArrowFileException(Path file, String problem) {
    super(file, "corrupt: " + problem);
  }
}
