package io.tracelot.allocator.input;

import io.tracelot.allocator.model.InputSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;

/** What both row readers share: the stream they own, its buffer, and the iterator protocol. */
abstract class ByteRowReader implements RowReader {
  final InputSource table;
  final String file;
  final int maxRecordBytes;
  final ByteInput src;
  final Utf8 utf8 = new Utf8();
  private final InputStream in;
  private InputRow next;

  ByteRowReader(InputStream in, InputSource table, String file, int maxRecordBytes) {
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException("maxRecordBytes must be positive, got " + maxRecordBytes);
    }
    this.in = in;
    this.table = table;
    this.file = file;
    this.maxRecordBytes = maxRecordBytes;
    try {
      this.src = new ByteInput(in);
    } catch (IOException e) {
      throw closeAfter(e);
    }
  }

  /** The next row, or null at the end of the input. */
  abstract InputRow readRow() throws IOException;

  /** Passes over the next row without building it; false at the end of the input. */
  abstract boolean skipRow() throws IOException;

  @Override
  public final long countRemaining() {
    long n = 0;
    if (next != null) {
      next = null;
      n++;
    }
    try {
      while (skipRow()) {
        n++;
      }
    } catch (IOException e) {
      throw unreadable(e);
    }
    return n;
  }

  /** Closes the stream after a constructor failed, and returns the failure to throw. */
  final RuntimeException closeAfter(Exception e) {
    try {
      in.close();
    } catch (IOException suppressed) {
      e.addSuppressed(suppressed);
    }
    return e instanceof IOException io ? unreadable(io) : (RuntimeException) e;
  }

  @Override
  public final boolean hasNext() {
    if (next == null) {
      try {
        next = readRow();
      } catch (IOException e) {
        throw unreadable(e);
      }
    }
    return next != null;
  }

  @Override
  public final InputRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException(file + ": no more rows");
    }
    InputRow row = next;
    next = null;
    return row;
  }

  @Override
  public final void close() throws IOException {
    in.close();
  }

  private UncheckedIOException unreadable(IOException e) {
    return new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
  }
}
