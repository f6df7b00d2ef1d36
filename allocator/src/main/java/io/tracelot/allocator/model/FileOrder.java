package io.tracelot.allocator.model;

import io.tracelot.allocator.policy.CodePoints;

/** "File order" of inputs.md: by file name (code point order), then by line. */
public final class FileOrder {
  private FileOrder() {}

  public static int compare(String fileA, long lineA, String fileB, long lineB) {
    int c = CodePoints.compare(fileA, fileB);
    return c != 0 ? c : Long.compare(lineA, lineB);
  }

  public static boolean before(InputEvent a, InputEvent b) {
    return compare(a.file(), a.lineNo(), b.file(), b.lineNo()) < 0;
  }
}
