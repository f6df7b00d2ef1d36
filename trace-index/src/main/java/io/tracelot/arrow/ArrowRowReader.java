package io.tracelot.arrow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;

/**
 * Reads the rows of an Arrow IPC file in order, one record batch in memory at a time, with their
 * strings as UTF-8 bytes ({@link RowSchema#utf8Row}): the index build's sorted runs.
 */
public final class ArrowRowReader implements AutoCloseable {
  private final RowSchema schema;
  private final BufferAllocator allocator;
  private final ArrowFileReader reader;
  private final VectorSchemaRoot root;
  private final VarCharVector[] strings;
  private int index;

  public ArrowRowReader(Path file, RowSchema schema, ArrowMemory memory) throws IOException {
    this.schema = schema;
    this.allocator = memory.child("read " + file.getFileName());
    try {
      this.reader = new ArrowFileReader(FileChannel.open(file, StandardOpenOption.READ), allocator);
      this.root = reader.getVectorSchemaRoot();
      this.strings = schema.stringVectors(root); // the reader loads every batch into these vectors
    } catch (IOException | RuntimeException e) {
      allocator.close();
      throw e;
    }
  }

  /** The next row, or null at the end. */
  public Object[] next() {
    try {
      while (index >= root.getRowCount()) {
        if (!reader.loadNextBatch()) {
          return null;
        }
        index = 0;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return schema.utf8Row(strings, root, index++);
  }

  @Override
  public void close() throws IOException {
    try {
      reader.close();
    } finally {
      allocator.close();
    }
  }
}
