package io.tracelot.allocator.index.chronicle;

import io.tracelot.allocator.SkuBook;
import io.tracelot.allocator.index.StockIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sku books in a persisted, off-heap Chronicle Map: the file is memory-mapped, so opening an
 * index of millions of lots costs milliseconds and almost no heap.
 *
 * <p>Chronicle Map cannot hold entries larger than a segment, and books of serial items grow large,
 * so a book is stored as pages of at most {@link #PAGE_BYTES}: key {@code sku + NUL + page}. Page 0
 * starts with the page count. A reserved entry holds this index's magic and format version, checked
 * on open. A marker file next to the map tells whether the last writer closed it; if not, the map is
 * recovered by Chronicle before use (the allocation job never relies on that: it works on a copy).
 *
 * <p>With {@link Builder#cacheBytes} set, recently used books stay decoded on the heap and are
 * written back when evicted, on {@link #flush} and on {@link #close}: a sku visited again and
 * again (a streaming run, a hot item) then costs no decode and encode per visit. What is only in
 * the cache is lost if the process dies; the allocation job works on a copy of the index and
 * publishes it only after a clean close.
 */
public final class ChronicleStockIndex implements StockIndex {
  /** Largest page; a file's own page size (in its header) may be smaller, see {@link Builder#pageBytes}. */
  static final int PAGE_BYTES = 32 * 1024;
  static final String HEADER_KEY = "\u0000tracelot-stock-index";
  static final int MAGIC = 0x544C5349; // "TLSI"
  static final int VERSION = 1;
  private static final Logger LOG = LoggerFactory.getLogger(ChronicleStockIndex.class);

  private final Path file;
  private final Path openMarker;
  private final ChronicleMap<String, byte[]> map;
  private final BookCache cache;
  private int pageBytes;
  private boolean closed;

  private ChronicleStockIndex(Builder b) throws IOException {
    this.file = b.file;
    this.openMarker = file.resolveSibling(file.getFileName() + ".open");
    this.cache = b.cacheBytes > 0 ? new BookCache(b.cacheBytes) : null;
    boolean exists = Files.exists(file);
    boolean crashed = exists && Files.exists(openMarker);
    Files.createDirectories(file.toAbsolutePath().getParent());
    ChronicleMapBuilder<String, byte[]> builder =
        ChronicleMapBuilder.of(String.class, byte[].class)
            .name("tracelot-stock-index")
            .entries(b.entries())
            .averageKeySize(b.averageSkuLength + 3)
            .averageValueSize(b.averageValueSize())
            .maxBloatFactor(b.maxBloatFactor);
    if (crashed) {
      LOG.warn("stock index {} was not closed cleanly; recovering it", file);
      map = builder.recoverPersistedTo(file.toFile(), true);
    } else {
      map = builder.createPersistedTo(file.toFile());
    }
    Files.write(openMarker, new byte[0]);
    try {
      checkHeader(exists, b.pageBytes());
    } catch (RuntimeException e) {
      map.close();
      Files.deleteIfExists(openMarker);
      throw e;
    }
  }

  public static Builder builder(Path file) {
    return new Builder(file);
  }

  private void checkHeader(boolean existed, int newPageBytes) {
    byte[] header = map.get(HEADER_KEY);
    if (header == null) {
      if (existed && map.size() > 0) {
        throw new IllegalStateException("not a Tracelot stock index (no header entry): " + file);
      }
      pageBytes = newPageBytes;
      map.put(HEADER_KEY, ByteBuffer.allocate(12).putInt(MAGIC).putInt(VERSION).putInt(pageBytes).array());
      return;
    }
    ByteBuffer h = ByteBuffer.wrap(header);
    if (header.length < 8 || h.getInt() != MAGIC) {
      throw new IllegalStateException("not a Tracelot stock index (bad magic): " + file);
    }
    int version = h.getInt();
    if (version > VERSION) {
      throw new IllegalStateException("stock index format " + version + " is too new (this build reads " + VERSION + "): " + file);
    }
    if (version < VERSION) {
      throw new IllegalStateException("stock index format " + version + " is too old (this build reads " + VERSION + "); rebuild it from the snapshot: " + file);
    }
    pageBytes = header.length >= 12 ? h.getInt() : 0;
    if (pageBytes < 256 || pageBytes > PAGE_BYTES) {
      throw new IllegalStateException("corrupt stock index header (page size " + pageBytes + "): " + file);
    }
  }

  @Override
  public SkuBook load(String sku) {
    ensureOpen();
    if (cache != null) {
      BookCache.Entry cached = cache.get(sku);
      if (cached != null) {
        return cached.book;
      }
      SkuBook book = read(sku);
      if (book != null) {
        cache.put(sku, book, false);
      }
      return book;
    }
    return read(sku);
  }

  private SkuBook read(String sku) {
    byte[] first = map.get(pageKey(sku, 0));
    if (first == null) {
      return null;
    }
    int pages = ByteBuffer.wrap(first).getInt();
    if (pages == 1) {
      return SkuBook.decode(Arrays.copyOfRange(first, 4, first.length));
    }
    byte[][] parts = new byte[pages][];
    int total = first.length - 4;
    parts[0] = Arrays.copyOfRange(first, 4, first.length);
    for (int p = 1; p < pages; p++) {
      parts[p] = map.get(pageKey(sku, p));
      if (parts[p] == null) {
        throw new IllegalStateException("stock index " + file + " lacks page " + p + " of " + pages + " of sku " + sku);
      }
      total += parts[p].length;
    }
    byte[] all = new byte[total];
    int pos = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, pos, part.length);
      pos += part.length;
    }
    return SkuBook.decode(all);
  }

  @Override
  public void store(SkuBook book) {
    ensureOpen();
    if (cache != null) {
      cache.put(book.skuId(), book, true);
      return;
    }
    write(book);
  }

  /** Writes every changed book held in the cache to the map. */
  public void flush() {
    ensureOpen();
    if (cache != null) {
      cache.flush();
    }
  }

  private void write(SkuBook book) {
    String sku = book.skuId();
    byte[] bytes = book.encode();
    int oldPages = pageCount(sku);
    int pages = Math.max(1, (bytes.length + 4 + pageBytes - 1) / pageBytes);
    // Later pages first: a reader of page 0 never finds it pointing at pages not yet written.
    for (int p = pages - 1; p >= 1; p--) {
      int from = p * pageBytes - 4;
      map.put(pageKey(sku, p), Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + pageBytes)));
    }
    int firstLen = Math.min(bytes.length, pageBytes - 4);
    map.put(pageKey(sku, 0), ByteBuffer.allocate(4 + firstLen).putInt(pages).put(bytes, 0, firstLen).array());
    for (int p = pages; p < oldPages; p++) {
      map.remove(pageKey(sku, p));
    }
  }

  private int pageCount(String sku) {
    byte[] first = map.get(pageKey(sku, 0));
    return first == null ? 0 : ByteBuffer.wrap(first).getInt();
  }

  @Override
  public void forEach(Consumer<SkuBook> action) {
    flush();
    for (String key : map.keySet()) {
      if (key.endsWith("\u00000") && !key.equals(HEADER_KEY)) {
        action.accept(load(key.substring(0, key.length() - 2)));
      }
    }
  }

  @Override
  public long size() {
    flush();
    long n = 0;
    for (String key : map.keySet()) {
      if (key.endsWith("\u00000") && !key.equals(HEADER_KEY)) {
        n++;
      }
    }
    return n;
  }

  /** The file backing this index. */
  public Path file() {
    return file;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (cache != null) {
      cache.flush();
    }
    closed = true;
    map.close();
    try {
      Files.deleteIfExists(openMarker);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the open marker of " + file, e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("stock index is closed: " + file);
    }
  }

  private static String pageKey(String sku, int page) {
    return sku + '\u0000' + page;
  }

  /** Least recently used decoded books within a heap budget; changed ones are written on eviction. */
  private final class BookCache {
    private final long budget;
    private long used;
    private final java.util.LinkedHashMap<String, Entry> books = new java.util.LinkedHashMap<>(256, 0.75f, true);

    BookCache(long budget) {
      this.budget = budget;
    }

    final class Entry {
      final SkuBook book;
      final long bytes;
      boolean dirty;

      Entry(SkuBook book, boolean dirty) {
        this.book = book;
        this.bytes = book.estimatedHeapBytes();
        this.dirty = dirty;
      }
    }

    Entry get(String sku) {
      return books.get(sku);
    }

    void put(String sku, SkuBook book, boolean dirty) {
      Entry old = books.remove(sku);
      if (old != null) {
        used -= old.bytes;
      }
      Entry e = new Entry(book, dirty);
      books.put(sku, e);
      used += e.bytes;
      var it = books.values().iterator();
      while (used > budget && books.size() > 1 && it.hasNext()) {
        Entry eldest = it.next();
        if (eldest == e) {
          break;
        }
        if (eldest.dirty) {
          write(eldest.book);
        }
        used -= eldest.bytes;
        it.remove();
      }
    }

    void flush() {
      for (Entry e : books.values()) {
        if (e.dirty) {
          write(e.book);
          e.dirty = false;
        }
      }
    }
  }

  /**
   * Sizes a new index up front, as Chronicle Map requires; reopening an existing file keeps the
   * sizes it was created with.
   */
  public static final class Builder {
    private final Path file;
    private long expectedSkus = 10_000;
    private long expectedLots = 100_000;
    private long expectedSerials = 0;
    private double averageSkuLength = 14;
    // Chronicle adds segment tiers lazily; a chained run may grow far beyond the first run's sizing
    private double maxBloatFactor = 1000.0;
    private long cacheBytes = 0;

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    public Builder expectedSkus(long n) {
      if (n < 1) {
        throw new IllegalArgumentException("expectedSkus must be >= 1, got " + n);
      }
      this.expectedSkus = n;
      return this;
    }

    public Builder expectedLots(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("expectedLots must be >= 0, got " + n);
      }
      this.expectedLots = n;
      return this;
    }

    public Builder expectedSerials(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("expectedSerials must be >= 0, got " + n);
      }
      this.expectedSerials = n;
      return this;
    }

    public Builder averageSkuLength(double chars) {
      if (!(chars >= 1 && chars <= 128)) {
        throw new IllegalArgumentException("averageSkuLength must be in 1..128, got " + chars);
      }
      this.averageSkuLength = chars;
      return this;
    }

    /** Heap budget for decoded books kept between visits (0: none, every load decodes). */
    public Builder cacheBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("cacheBytes must be >= 0, got " + bytes);
      }
      this.cacheBytes = bytes;
      return this;
    }

    /** How far the index may outgrow its expected size (Chronicle adds segment tiers). */
    public Builder maxBloatFactor(double factor) {
      if (!(factor >= 1 && factor <= 1000)) {
        throw new IllegalArgumentException("maxBloatFactor must be in 1..1000, got " + factor);
      }
      this.maxBloatFactor = factor;
      return this;
    }

    long bytesPerSku() {
      // ~48 bytes a lot with its stock in one warehouse, ~40 a serial unit, ~64 of header
      return 64 + (48 * expectedLots + 40 * expectedSerials) / expectedSkus;
    }

    long entries() {
      long pages = 0;
      long perSku = bytesPerSku();
      pages = expectedSkus * Math.max(1, (perSku + PAGE_BYTES - 1) / PAGE_BYTES);
      return pages + 16;
    }

    double averageValueSize() {
      return Math.min(PAGE_BYTES, Math.max(64, bytesPerSku()));
    }

    /**
     * Pages of a new file: Chronicle refuses entries of many more chunks than the average it was
     * sized for, so pages stay within a few average values.
     */
    int pageBytes() {
      return (int) Math.min(PAGE_BYTES, Math.max(1024, 4 * averageValueSize()));
    }

    /** Opens the index at the file, creating it if it does not exist. */
    public ChronicleStockIndex open() {
      try {
        return new ChronicleStockIndex(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open stock index " + file, e);
      }
    }
  }
}
