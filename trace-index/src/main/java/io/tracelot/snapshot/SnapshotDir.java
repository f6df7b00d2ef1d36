package io.tracelot.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a snapshot's files are. A published snapshot {@code <parent>/<name>} is a symbolic link
 * to {@code <parent>/.<name>.versions/<run_id>/}; publishing swaps the link. Readers resolve the
 * link once and read only from the directory they got, so a concurrent publish never mixes two
 * versions (the previous version is kept until the next publish after that).
 */
public final class SnapshotDir {
  private SnapshotDir() {}

  /**
   * The directory holding the current version of {@code snapshot}: the link's target for a
   * published snapshot, the directory itself for a plain one (e.g. a copied snapshot).
   */
  public static Path resolve(Path snapshot) throws IOException {
    if (!Files.exists(snapshot)) {
      throw new NoSuchFileException(snapshot.toString(), null, "no snapshot here");
    }
    return snapshot.toRealPath();
  }

  static Path parent(Path snapshot) {
    Path parent = snapshot.toAbsolutePath().normalize().getParent();
    if (parent == null) {
      throw new IllegalArgumentException("a snapshot needs a parent directory: " + snapshot);
    }
    return parent;
  }

  static String name(Path snapshot) {
    return snapshot.toAbsolutePath().normalize().getFileName().toString();
  }

  /** {@code <parent>/.<name>.versions}: one directory per published run. */
  static Path versions(Path snapshot) {
    return parent(snapshot).resolve("." + name(snapshot) + ".versions");
  }
}
