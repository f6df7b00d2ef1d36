package io.tracelot.query;

import io.tracelot.arrow.ArrowMemory;
import io.tracelot.arrow.MappedArrowFile;
import io.tracelot.arrow.RowSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One memory-mapped index file sorted by its key, with the first key of every record batch in
 * memory (the sparse directory). {@link #range} finds the rows of a key prefix in O(log n) (binary
 * search over batches, then inside one) plus the rows returned. Thread-safe: every lookup opens
 * its own zero-copy view of the batches it reads.
 */
final class SortedFile implements AutoCloseable {
  private final IndexLayout.FileSpec spec;
  private final MappedArrowFile file;
  private final BufferAllocator reads;
  private final int[] keyCols;
  private final Object[][] firstKeys;
  /** The row number of each batch's first row. */
  private final long[] batchStart;
  private final long rows;

  private SortedFile(IndexLayout.FileSpec spec, MappedArrowFile file, BufferAllocator reads, List<Object[]> firstKeys)
      throws IOException {
    this.spec = spec;
    this.file = file;
    this.reads = reads;
    this.keyCols = spec.keyColumns();
    if (firstKeys.size() != file.batchCount()) {
      throw new IndexFormatException(file.file(), "corrupt: " + file.batchCount() + " record batches, its keys file lists "
          + firstKeys.size());
    }
    this.firstKeys = firstKeys.toArray(new Object[0][]);
    this.batchStart = new long[file.batchCount()];
    long n = 0;
    for (int b = 0; b < file.batchCount(); b++) {
      batchStart[b] = n;
      n += file.rowCount(b);
      if (file.rowCount(b) == 0) {
        throw new IndexFormatException(file.file(), "corrupt: empty record batch " + b);
      }
    }
    this.rows = n;
  }

  /**
   * Maps {@code dir/<spec>.arrow}, checks that it is this file of this index version, and reads
   * the first key of each of its batches from {@code <spec>.keys.arrow} (one small read, where
   * opening every batch to read its first row made opening grow with the index: 23k batches at
   * 100M allocations).
   */
  static SortedFile open(Path dir, IndexLayout.FileSpec spec, int batchRows, long rows, ArrowMemory memory,
      BufferAllocator reads) throws IOException {
    Path path = dir.resolve(spec.fileName());
    List<Object[]> firstKeys = new ArrayList<>();
    try (MappedArrowFile keys = openChecked(MappedArrowFile.open(dir.resolve(spec.keysFileName()), memory), spec.keysName(),
        spec.keySchema())) {
      for (int b = 0; b < keys.batchCount(); b++) {
        try (VectorSchemaRoot root = keys.batch(b, reads)) {
          for (int i = 0; i < root.getRowCount(); i++) {
            firstKeys.add(spec.keySchema().row(root, i));
          }
        }
      }
    }
    MappedArrowFile file = openChecked(MappedArrowFile.open(path, memory, batchRows, rows), spec.name(), spec.schema());
    try {
      return new SortedFile(spec, file, reads, firstKeys);
    } catch (IOException | RuntimeException e) {
      try {
        file.close();
      } catch (RuntimeException x) {
        e.addSuppressed(x);
      }
      throw e;
    }
  }

  /** Checks that a mapped file is this index file of this version; closes it if not. */
  private static MappedArrowFile openChecked(MappedArrowFile file, String name, RowSchema schema) throws IOException {
    Path path = file.file();
    try {
      Map<String, String> meta = file.metadata();
      if (!IndexLayout.FORMAT.equals(meta.get(IndexLayout.META_FORMAT))) {
        throw new IndexFormatException(path, "corrupt: not a Tracelot trace index file");
      }
      IndexHeader.checkVersion(path, meta.get(IndexLayout.META_VERSION));
      if (!name.equals(meta.get(IndexLayout.META_FILE))) {
        throw new IndexFormatException(path, "corrupt: holds index file '" + meta.get(IndexLayout.META_FILE)
            + "', expected '" + name + "'");
      }
      if (!schema.matches(file.schema())) {
        throw new IndexFormatException(path, "corrupt: columns " + file.schema().getFields() + ", expected " + schema);
      }
      return file;
    } catch (IOException | RuntimeException e) {
      try {
        file.close();
      } catch (RuntimeException x) {
        e.addSuppressed(x);
      }
      throw e;
    }
  }

  long rows() {
    return rows;
  }

  Path path() {
    return file.file();
  }

  private int comparePrefix(Object[] key, Object[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      int c = Keys.compareValues(key[i], prefix[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /**
   * Compares row {@code index}'s key with {@code prefix}; string keys by their UTF-8 bytes
   * ({@code utf8}: the prefix's strings encoded once per lookup), so a binary search decodes no
   * string (code point order = unsigned byte order).
   */
  private int comparePrefix(VectorSchemaRoot root, int index, Object[] prefix, byte[][] utf8) {
    for (int i = 0; i < prefix.length; i++) {
      int c;
      if (utf8[i] != null) {
        VarCharVector v = (VarCharVector) root.getVector(keyCols[i]);
        c = v.isNull(index) ? -1 : compareUtf8(v, index, utf8[i]);
      } else {
        c = Keys.compareValues(spec.schema().get(root, keyCols[i], index), prefix[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Value {@code i} of {@code v} against {@code key}, as unsigned bytes, eight at a time. */
  static int compareUtf8(VarCharVector v, int i, byte[] key) {
    ArrowBuf offsets = v.getOffsetBuffer();
    long start = offsets.getInt((long) i * VarCharVector.OFFSET_WIDTH);
    int length = offsets.getInt((long) (i + 1) * VarCharVector.OFFSET_WIDTH) - (int) start;
    ArrowBuf data = v.getDataBuffer();
    int n = Math.min(length, key.length);
    int k = 0;
    for (; k + 8 <= n; k += 8) {
      long x = Long.reverseBytes(data.getLong(start + k));
      long y = (long) LONG_BE.get(key, k);
      if (x != y) {
        return Long.compareUnsigned(x, y);
      }
    }
    for (; k < n; k++) {
      int x = data.getByte(start + k) & 0xFF;
      int y = key[k] & 0xFF;
      if (x != y) {
        return x - y;
      }
    }
    return Integer.compare(length, key.length);
  }

  private static final java.lang.invoke.VarHandle LONG_BE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

  /** The prefix's strings as UTF-8 (null for other values and for nulls). */
  private byte[][] utf8(Object[] prefix) {
    byte[][] out = new byte[prefix.length][];
    for (int i = 0; i < prefix.length; i++) {
      if (prefix[i] instanceof String s && spec.schema().cols().get(keyCols[i]).kind() == RowSchema.Kind.STRING) {
        out[i] = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return out;
  }

  /**
   * Visits the rows {@code [from, to)} of a batch in place (the root is valid only during the
   * call): one call per batch, so a visitor looks its vectors up once, not once per row.
   */
  interface RangeVisitor {
    void visit(VectorSchemaRoot root, int from, int to);
  }

  /** Every row whose first key columns equal {@code prefix}, in key order. */
  List<Object[]> range(Object... prefix) {
    List<Object[]> out = new ArrayList<>();
    RowSchema schema = spec.schema();
    scan((root, from, to) -> {
      for (int i = from; i < to; i++) {
        out.add(schema.row(root, i));
      }
    }, prefix);
    return out;
  }

  /**
   * Visits every row whose first key columns equal {@code prefix}, in key order: a binary search
   * over the batches' first keys, then in each batch a binary search for the first and the last
   * row, so the rows between are visited without decoding their keys.
   */
  void scan(RangeVisitor visitor, Object... prefix) {
    if (prefix.length == 0 || prefix.length > keyCols.length) {
      throw new IllegalArgumentException("key prefix of 1 to " + keyCols.length + " values expected");
    }
    // the last batch whose first key is < prefix: equal rows may begin at its end
    int lo = 0;
    int hi = firstKeys.length - 1;
    int start = 0;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (comparePrefix(firstKeys[mid], prefix) < 0) {
        start = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    byte[][] utf8 = utf8(prefix);
    try {
      for (int b = start; b < firstKeys.length; b++) {
        if (b > start && comparePrefix(firstKeys[b], prefix) > 0) {
          return;
        }
        try (VectorSchemaRoot root = file.batch(b, reads)) {
          int n = root.getRowCount();
          int from = b == start ? bound(root, prefix, utf8, 0, n, false) : 0;
          // the rows equal to prefix end here unless the next batch starts with it too
          boolean more = b + 1 < firstKeys.length && comparePrefix(firstKeys[b + 1], prefix) == 0;
          int to = more ? n : end(root, prefix, utf8, from, n);
          if (from < to) {
            visitor.visit(root, from, to);
          }
          if (!more) {
            return;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The first index in [from, n) whose key is > prefix, where the row at {@code from} (if any)
   * starts the range: galloping from {@code from} (1, 2, 4, … rows on) before the binary search,
   * since most ranges are a few rows long and the rows just after {@code from} are on the pages
   * already read, where a binary search over the whole rest of the batch touches new ones.
   */
  private int end(VectorSchemaRoot root, Object[] prefix, byte[][] utf8, int from, int n) {
    int lo = from;
    int step = 1;
    while (lo + step < n && comparePrefix(root, lo + step, prefix, utf8) == 0) {
      lo += step;
      step <<= 1;
    }
    return bound(root, prefix, utf8, lo, Math.min(n, lo + step), true);
  }

  /** The first index in [l, h) whose key is >= prefix (or > prefix when {@code after}). */
  private int bound(VectorSchemaRoot root, Object[] prefix, byte[][] utf8, int l, int h, boolean after) {
    while (l < h) {
      int m = (l + h) >>> 1;
      int c = comparePrefix(root, m, prefix, utf8);
      if (c < 0 || (after && c == 0)) {
        l = m + 1;
      } else {
        h = m;
      }
    }
    return l;
  }

  /**
   * The rows at the given row numbers (ascending), each batch opened once.
   *
   * @throws IndexFormatException if a row number is outside the file (a reference file that does
   *     not belong to this one)
   */
  List<Object[]> rowsAt(long[] positions) {
    List<Object[]> out = new ArrayList<>(positions.length);
    RowSchema schema = spec.schema();
    int i = 0;
    try {
      while (i < positions.length) {
        long p = positions[i];
        if (p < 0 || p >= rows) {
          throw new IndexFormatException(file.file(), "corrupt: a reference names row " + p + " of " + rows);
        }
        int b = java.util.Arrays.binarySearch(batchStart, p);
        if (b < 0) {
          b = -b - 2;
        }
        long end = batchStart[b] + file.rowCount(b);
        try (VectorSchemaRoot root = file.batch(b, reads)) {
          while (i < positions.length && positions[i] >= batchStart[b] && positions[i] < end) {
            out.add(schema.row(root, (int) (positions[i] - batchStart[b])));
            i++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Opens every batch of the file (zero-copy views); the caller closes them. */
  List<VectorSchemaRoot> openBatches() throws IOException {
    List<VectorSchemaRoot> out = new ArrayList<>(file.batchCount());
    try {
      for (int b = 0; b < file.batchCount(); b++) {
        out.add(file.batch(b, reads));
      }
      return out;
    } catch (IOException | RuntimeException e) {
      out.forEach(VectorSchemaRoot::close);
      throw e;
    }
  }

  /** Every row, in key order (small files such as the item master). */
  List<Object[]> all() {
    List<Object[]> out = new ArrayList<>();
    try {
      for (int b = 0; b < file.batchCount(); b++) {
        try (VectorSchemaRoot root = file.batch(b, reads)) {
          for (int i = 0; i < root.getRowCount(); i++) {
            out.add(spec.schema().row(root, i));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Override
  public void close() {
    file.close();
  }
}
