package io.tracelot.allocator.input;

import java.io.Closeable;
import java.util.Iterator;

/**
 * Streams the rows of one input file, one {@link InputRow} per record, in file order. Bad content
 * never throws: it becomes a row with a parse error. An I/O error while reading surfaces as an
 * {@link java.io.UncheckedIOException} from {@code hasNext}/{@code next}. Closing closes the stream.
 */
public interface RowReader extends Iterator<InputRow>, Closeable {
  /**
   * Counts the rows left, exactly as many as {@code next} would give, and consumes them; readers
   * may do it without building the rows.
   */
  default long countRemaining() {
    long n = 0;
    for (; hasNext(); next()) {
      n++;
    }
    return n;
  }
}
