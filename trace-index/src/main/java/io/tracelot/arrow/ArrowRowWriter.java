package io.tracelot.arrow;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;

/**
 * Appends rows to an Arrow IPC file (random access, the index's files) or stream (the
 * {@code arrow} output format), {@code batchRows} rows per record batch. Not thread-safe.
 */
public final class ArrowRowWriter implements AutoCloseable {
  private final RowSchema schema;
  private final int batchRows;
  private final BufferAllocator allocator;
  private final VectorSchemaRoot root;
  /** The root's vectors: the same objects for every batch (allocateNew only replaces their buffers). */
  private final FieldVector[] vectors;
  private final ArrowWriter writer;
  private final AutoCloseable sink;
  private int pending;
  private long rows;
  private long batches;
  private boolean closed;

  private ArrowRowWriter(RowSchema schema, Map<String, String> metadata, int batchRows, ArrowMemory memory,
      String name, java.util.function.Function<VectorSchemaRoot, ArrowWriter> open, AutoCloseable sink) {
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
    }
    this.schema = schema;
    this.batchRows = batchRows;
    this.allocator = memory.child(name);
    this.root = schema.newRoot(allocator, metadata);
    this.vectors = root.getFieldVectors().toArray(new FieldVector[0]);
    this.writer = open.apply(root);
    this.sink = sink;
  }

  /** A new IPC file (fails if it exists). */
  public static ArrowRowWriter file(Path file, RowSchema schema, Map<String, String> metadata, int batchRows,
      ArrowMemory memory) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    ArrowRowWriter w = new ArrowRowWriter(schema, metadata, batchRows, memory, "write " + file.getFileName(),
        root -> new ArrowFileWriter(root, null, channel), channel);
    w.start();
    return w;
  }

  /** An IPC stream on {@code out} (left open). */
  public static ArrowRowWriter stream(OutputStream out, RowSchema schema, Map<String, String> metadata,
      int batchRows, ArrowMemory memory) throws IOException {
    ArrowRowWriter w = new ArrowRowWriter(schema, metadata, batchRows, memory, "stream",
        root -> new ArrowStreamWriter(root, null, Channels.newChannel(new java.io.FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            out.flush(); // the caller owns out
          }
        })), out::flush);
    w.start();
    return w;
  }

  private void start() throws IOException {
    allocate();
    writer.start();
  }

  /** Fresh buffers with room for a whole batch: no doubling and copying while the batch fills. */
  private void allocate() {
    for (FieldVector v : vectors) {
      v.setInitialCapacity(batchRows);
    }
    root.allocateNew();
  }

  public void write(Object[] row) throws IOException {
    schema.set(vectors, pending++, row);
    rows++;
    if (pending == batchRows) {
      flush();
    }
  }

  private void flush() throws IOException {
    if (pending == 0) {
      return;
    }
    root.setRowCount(pending);
    writer.writeBatch();
    batches++;
    pending = 0;
    // start the next batch from empty buffers so that no value of this batch survives
    allocate();
  }

  public long rows() {
    return rows;
  }

  public long batches() {
    return batches;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flush();
      writer.end();
    } finally {
      try {
        writer.close();
        if (sink != null) {
          sink.close();
        }
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      } finally {
        root.close();
        allocator.close();
      }
    }
  }
}
