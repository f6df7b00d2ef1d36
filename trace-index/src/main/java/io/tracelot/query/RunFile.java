package io.tracelot.query;

import io.tracelot.arrow.RowSchema;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A sorted run of an {@link ExternalSorter} on disk: its rows one after the other, each column a
 * tag and the value's bytes (strings as their UTF-8 bytes). Not Arrow, unlike the index's files: a
 * run is written once and read back once, in order, by the same build, and filling Arrow vectors
 * value by value and reading them back cost about as much as sorting the run.
 */
final class RunFile {
  private RunFile() {}

  private static final int BUFFER = 64 * 1024;
  private static final byte NULL = 0;
  private static final byte VALUE = 1;
  private static final byte FALSE = 1;
  private static final byte TRUE = 2;

  private static RowSchema.Kind[] kinds(RowSchema schema) {
    return schema.cols().stream().map(RowSchema.Col::kind).toArray(RowSchema.Kind[]::new);
  }

  /** Writes rows to a new run file. */
  static final class Writer implements AutoCloseable {
    private final RowSchema.Kind[] kinds;
    private final FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(BUFFER);

    Writer(Path file, RowSchema schema) throws IOException {
      this.kinds = kinds(schema);
      this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    void write(Object[] row) throws IOException {
      for (int c = 0; c < kinds.length; c++) {
        Object v = row[c];
        if (v == null) {
          room(1);
          buffer.put(NULL);
          continue;
        }
        switch (kinds[c]) {
          case STRING -> {
            byte[] utf8 = (byte[]) v;
            room(5 + utf8.length);
            buffer.put(VALUE).putInt(utf8.length).put(utf8);
          }
          case INT64, TIMESTAMP -> {
            room(9);
            buffer.put(VALUE).putLong((Long) v);
          }
          case INT32, DATE -> {
            room(5);
            buffer.put(VALUE).putInt((Integer) v);
          }
          case BOOL -> {
            room(1);
            buffer.put((Boolean) v ? TRUE : FALSE);
          }
        }
      }
    }

    private void room(int bytes) throws IOException {
      if (buffer.remaining() < bytes) {
        flush();
        if (buffer.capacity() < bytes) {
          buffer = ByteBuffer.allocate(bytes); // a value longer than the buffer
        }
      }
    }

    private void flush() throws IOException {
      buffer.flip();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      buffer.clear();
    }

    @Override
    public void close() throws IOException {
      try (channel) {
        flush();
      }
    }
  }

  /** Reads the rows of a run file in order. */
  static final class Reader implements AutoCloseable {
    private final RowSchema.Kind[] kinds;
    private final FileChannel channel;
    private final Path file;
    private ByteBuffer buffer = ByteBuffer.allocate(BUFFER).flip();
    private boolean eof;

    Reader(Path file, RowSchema schema) throws IOException {
      this.kinds = kinds(schema);
      this.file = file;
      this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /** The next row, or null at the end. */
    Object[] next() throws IOException {
      if (!available(1)) {
        return null;
      }
      Object[] row = new Object[kinds.length];
      for (int c = 0; c < kinds.length; c++) {
        need(1);
        byte tag = buffer.get();
        if (tag == NULL) {
          continue;
        }
        row[c] = switch (kinds[c]) {
          case STRING -> {
            need(4);
            int length = buffer.getInt();
            need(length);
            byte[] utf8 = new byte[length];
            buffer.get(utf8);
            yield utf8;
          }
          case INT64, TIMESTAMP -> {
            need(8);
            yield buffer.getLong();
          }
          case INT32, DATE -> {
            need(4);
            yield buffer.getInt();
          }
          case BOOL -> tag == TRUE;
        };
      }
      return row;
    }

    private void need(int bytes) throws IOException {
      if (!available(bytes)) {
        throw new EOFException(file + ": run file ends inside a row");
      }
    }

    /** Whether {@code bytes} more bytes are buffered, reading on as needed. */
    private boolean available(int bytes) throws IOException {
      while (buffer.remaining() < bytes) {
        if (eof) {
          return false;
        }
        if (buffer.capacity() < bytes) {
          buffer = ByteBuffer.allocate(bytes).put(buffer).flip();
        }
        buffer.compact();
        eof = channel.read(buffer) < 0;
        buffer.flip();
      }
      return true;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
