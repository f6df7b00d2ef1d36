package io.tracelot.allocator.index.chronicle;

import io.tracelot.allocator.index.StockIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A stock index split into one Chronicle file per key group ({@code kg-00042.cm}), so that the
 * subtask owning a range of key groups opens just its files, and a later run with another
 * parallelism (same number of key groups) finds every sku where it left it. Opened lazily; one
 * shard set belongs to one thread.
 */
public final class ChronicleShards implements AutoCloseable {
  private static final Pattern FILE = Pattern.compile("kg-(\\d{5})\\.cm");

  private final Path dir;
  private final long expectedSkusPerShard;
  private final long expectedLotsPerShard;
  private final Map<Integer, ChronicleStockIndex> open = new TreeMap<>();

  /**
   * @param expectedSkus skus expected in all shards together (sizes new files)
   * @param expectedLots lots expected in all shards together
   * @param keyGroups the number of key groups (Flink's max parallelism)
   */
  public ChronicleShards(Path dir, long expectedSkus, long expectedLots, int keyGroups) {
    if (keyGroups < 1) {
      throw new IllegalArgumentException("keyGroups must be >= 1, got " + keyGroups);
    }
    this.dir = dir;
    this.expectedSkusPerShard = Math.max(16, expectedSkus / keyGroups * 2);
    this.expectedLotsPerShard = Math.max(64, expectedLots / keyGroups * 2);
  }

  public static String fileName(int keyGroup) {
    return String.format("kg-%05d.cm", keyGroup);
  }

  /** The index of a key group, opened (and created) on first use. */
  public StockIndex shard(int keyGroup) {
    return open.computeIfAbsent(keyGroup, kg -> ChronicleStockIndex.builder(dir.resolve(fileName(kg)))
        .expectedSkus(expectedSkusPerShard).expectedLots(expectedLotsPerShard).open());
  }

  /** Key groups in {@code [from, to]} that have a file in the directory. */
  public List<Integer> existing(int from, int to) {
    List<Integer> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(f -> {
        Matcher m = FILE.matcher(f.getFileName().toString());
        if (m.matches()) {
          int kg = Integer.parseInt(m.group(1));
          if (kg >= from && kg <= to) {
            found.add(kg);
          }
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list stock index shards in " + dir, e);
    }
    found.sort(null);
    return found;
  }

  /** Visits every book of the key groups in {@code [from, to]}, opening their files as needed. */
  public void forEachBook(int from, int to, Consumer<io.tracelot.allocator.SkuBook> action) {
    for (int kg : existing(from, to)) {
      shard(kg).forEach(action);
    }
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (ChronicleStockIndex index : open.values()) {
      try {
        index.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }
}
