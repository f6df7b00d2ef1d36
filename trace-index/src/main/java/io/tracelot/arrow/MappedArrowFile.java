package io.tracelot.arrow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow IPC file, memory-mapped read-only: record batches are opened zero-copy (the vectors'
 * buffers are slices of the mapping, wrapped as a foreign allocation of this file's allocator),
 * any batch at random, from any number of threads at once. Files larger than 2 GiB are mapped in
 * chunks of whole batches. Close it after every batch opened from it.
 */
public final class MappedArrowFile implements AutoCloseable {
  private static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
  private static final long MAX_CHUNK = Integer.MAX_VALUE - 8L;

  private final Path file;
  private final Schema schema;
  private final BufferAllocator allocator;
  private final List<ArrowBlock> blocks;
  private final int[] chunkOf;
  private final long[] chunkStart;
  private final ArrowBuf[] chunkBufs;
  private final MappedByteBuffer[] chunkMaps;
  private final int[] rowCounts;

  private MappedArrowFile(Path file, ArrowMemory memory, int batchRows, long rows) throws IOException {
    this.file = file;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 2L * MAGIC.length + 4) {
        throw new CorruptArrowFileException(file, "too short for an Arrow IPC file (" + size + " bytes)");
      }
      checkMagic(ch, 0);
      checkMagic(ch, size - MAGIC.length);
      BufferAllocator footerAllocator = memory.child("footer " + file.getFileName());
      try (footerAllocator; ArrowFileReader reader = new ArrowFileReader(new NonClosingChannel(ch), footerAllocator)) {
        this.schema = reader.getVectorSchemaRoot().getSchema();
        this.blocks = List.copyOf(reader.getRecordBlocks());
      } catch (IOException | RuntimeException e) {
        if (e instanceof CorruptArrowFileException c) {
          throw c;
        }
        throw new CorruptArrowFileException(file, "unreadable Arrow IPC footer: " + e.getMessage());
      }
      // chunks of whole batches, each at most 2 GiB (one MappedByteBuffer each)
      chunkOf = new int[blocks.size()];
      List<long[]> chunks = new ArrayList<>();
      for (int i = 0; i < blocks.size(); i++) {
        ArrowBlock b = blocks.get(i);
        long end = b.getOffset() + b.getMetadataLength() + b.getBodyLength();
        if (b.getOffset() < 0 || end > size) {
          throw new CorruptArrowFileException(file, "record batch " + i + " lies outside the file");
        }
        long[] last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
        if (last == null || end - last[0] > MAX_CHUNK) {
          chunks.add(new long[] {b.getOffset(), end});
        } else {
          last[1] = Math.max(last[1], end);
        }
        chunkOf[i] = chunks.size() - 1;
      }
      this.allocator = memory.child("mapped " + file.getFileName());
      chunkStart = new long[chunks.size()];
      chunkBufs = new ArrowBuf[chunks.size()];
      chunkMaps = new MappedByteBuffer[chunks.size()];
      try {
        for (int c = 0; c < chunks.size(); c++) {
          long start = chunks.get(c)[0];
          long length = chunks.get(c)[1] - start;
          MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, start, length);
          chunkStart[c] = start;
          chunkMaps[c] = map;
          chunkBufs[c] = allocator.wrapForeignAllocation(new MappedAllocation(length, map));
        }
        rowCounts = new int[blocks.size()];
        if (batchRows > 0) {
          long expected = (rows + batchRows - 1) / batchRows;
          if (blocks.size() != expected) {
            throw new CorruptArrowFileException(file, blocks.size() + " record batches, expected " + expected + " ("
                + rows + " rows in batches of " + batchRows + ")");
          }
          for (int i = 0; i < rowCounts.length; i++) {
            rowCounts[i] = (int) Math.min(batchRows, rows - (long) i * batchRows);
          }
        }
        for (int i = 0; batchRows == 0 && i < blocks.size(); i++) {
          RecordBatch header = (RecordBatch) metadata(i).getMessage().header(new RecordBatch());
          if (header == null || header.length() < 0 || header.length() > Integer.MAX_VALUE) {
            throw new CorruptArrowFileException(file, "record batch " + i + " has no valid header");
          }
          rowCounts[i] = (int) header.length();
        }
      } catch (IOException | RuntimeException e) {
        releaseChunks();
        if (e instanceof CorruptArrowFileException c) {
          throw c;
        }
        throw new CorruptArrowFileException(file, "unreadable record batch: " + e);
      }
    }
  }

  /**
   * Maps {@code file}.
   *
   * @throws CorruptArrowFileException naming the file when it is not a whole Arrow IPC file
   */
  public static MappedArrowFile open(Path file, ArrowMemory memory) throws IOException {
    return new MappedArrowFile(file, memory, 0, 0);
  }

  /**
   * Maps a file whose writer cut a batch every {@code batchRows} rows, {@code rows} in all: the
   * row count of each batch follows, so open checks the number of batches and reads none of their
   * headers (at 100M rows that was 23k page reads scattered over 22 GB), and {@link #batch} checks
   * each batch's row count when it is read.
   */
  public static MappedArrowFile open(Path file, ArrowMemory memory, int batchRows, long rows) throws IOException {
    if (batchRows < 1 || rows < 0) {
      throw new IllegalArgumentException("batchRows must be >= 1 and rows >= 0, got " + batchRows + " and " + rows);
    }
    return new MappedArrowFile(file, memory, batchRows, rows);
  }

  private void checkMagic(FileChannel ch, long position) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(MAGIC.length);
    while (buf.hasRemaining() && ch.read(buf, position + buf.position()) > 0) {
      // read fully
    }
    if (buf.hasRemaining() || !java.util.Arrays.equals(buf.array(), MAGIC)) {
      throw new CorruptArrowFileException(file, "not an Arrow IPC file (no ARROW1 magic at byte " + position + ")");
    }
  }

  public Path file() {
    return file;
  }

  public Schema schema() {
    return schema;
  }

  public Map<String, String> metadata() {
    return schema.getCustomMetadata() == null ? Map.of() : schema.getCustomMetadata();
  }

  public int batchCount() {
    return blocks.size();
  }

  public int rowCount(int batch) {
    return rowCounts[batch];
  }

  private MessageMetadataResult metadata(int batch) throws IOException {
    ArrowBlock b = blocks.get(batch);
    int c = chunkOf[batch];
    ByteBuffer view = chunkMaps[c].duplicate();
    view.position((int) (b.getOffset() - chunkStart[c]));
    view.limit(view.position() + b.getMetadataLength());
    MessageMetadataResult result = MessageSerializer.readMessage(new ReadChannel(new BufferChannel(view)));
    if (result == null) {
      throw new CorruptArrowFileException(file, "record batch " + batch + " has no message");
    }
    return result;
  }

  /**
   * Opens record batch {@code batch} zero-copy into a new root on {@code target} (an allocator of
   * the same {@link ArrowMemory}). The caller closes the root.
   */
  public VectorSchemaRoot batch(int batch, BufferAllocator target) throws IOException {
    ArrowBlock b = blocks.get(batch);
    int c = chunkOf[batch];
    MessageMetadataResult md = metadata(batch);
    long bodyStart = b.getOffset() + b.getMetadataLength() - chunkStart[c];
    ArrowBuf body = chunkBufs[c].slice(bodyStart, b.getBodyLength());
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, target);
    // deserializeRecordBatch consumes one reference to the body (it expects a body read for it)
    body.getReferenceManager().retain();
    try (ArrowRecordBatch records = MessageSerializer.deserializeRecordBatch(md, body)) {
      new VectorLoader(root).load(records);
      if (root.getRowCount() != rowCounts[batch]) {
        throw new IOException("record batch " + batch + " has " + root.getRowCount() + " rows, expected "
            + rowCounts[batch]);
      }
      return root;
    } catch (IOException | RuntimeException e) {
      root.close();
      throw new CorruptArrowFileException(file, "unreadable record batch " + batch + ": " + e);
    }
  }

  private void releaseChunks() {
    for (int c = 0; c < chunkBufs.length; c++) {
      if (chunkBufs[c] != null) {
        chunkBufs[c].close();
        chunkBufs[c] = null;
      }
      chunkMaps[c] = null;
    }
    allocator.close();
  }

  @Override
  public void close() {
    releaseChunks();
  }

  @Override
  public String toString() {
    return file.toString();
  }

  /** A mapping as Arrow memory; the mapping goes when the garbage collector drops it. */
  private static final class MappedAllocation extends ForeignAllocation {
    private MappedByteBuffer map;

    MappedAllocation(long size, MappedByteBuffer map) {
      super(size, MemoryUtil.getByteBufferAddress(map));
      this.map = map;
    }

    @Override
    protected void release0() {
      // the last reference to the mapping is gone (Arrow counts the batch views): unmap it now
      unmap(map);
      map = null;
    }
  }

  private static final sun.misc.Unsafe UNSAFE = unsafe();

  private static sun.misc.Unsafe unsafe() {
    try {
      java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return (sun.misc.Unsafe) f.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // then the garbage collector unmaps, later
    }
  }

  /**
   * Unmaps a mapping now rather than when the garbage collector finds its buffer unreachable. A
   * late unmap of gigabytes runs while queries run, and holds the process's memory-map lock that
   * their page faults need (measured: one round of big-lot queries 100–270 ms slower in a JVM that
   * had opened and closed the 100M index a hundred times).
   */
  private static void unmap(MappedByteBuffer map) {
    if (UNSAFE != null && map != null) {
      try {
        UNSAFE.invokeCleaner(map);
      } catch (RuntimeException e) {
        // not a buffer that can be unmapped now: the collector will
      }
    }
  }

  /** Reads a ByteBuffer as a channel (the flatbuffer header of a batch, from the mapping). */
  private static final class BufferChannel implements ReadableByteChannel {
    private final ByteBuffer source;

    BufferChannel(ByteBuffer source) {
      this.source = source;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (!source.hasRemaining()) {
        return -1;
      }
      int n = Math.min(dst.remaining(), source.remaining());
      ByteBuffer slice = source.slice();
      slice.limit(n);
      dst.put(slice);
      source.position(source.position() + n);
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** The footer reader must not close the channel the mappings are made from. */
  private static final class NonClosingChannel implements java.nio.channels.SeekableByteChannel {
    private final FileChannel ch;

    NonClosingChannel(FileChannel ch) {
      this.ch = ch;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return ch.read(dst);
    }

    @Override
    public int write(ByteBuffer src) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long position() throws IOException {
      return ch.position();
    }

    @Override
    public java.nio.channels.SeekableByteChannel position(long p) throws IOException {
      ch.position(p);
      return this;
    }

    @Override
    public long size() throws IOException {
      return ch.size();
    }

    @Override
    public java.nio.channels.SeekableByteChannel truncate(long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen() {
      return ch.isOpen();
    }

    @Override
    public void close() {}
  }
}
