package io.tracelot.snapshot;

import java.util.Iterator;

/**
 * The rows of one table file. Close it to release the file; I/O errors while iterating surface
 * as {@link java.io.UncheckedIOException}.
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
  @Override
  void close();
}
