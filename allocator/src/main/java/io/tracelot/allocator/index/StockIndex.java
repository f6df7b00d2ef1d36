package io.tracelot.allocator.index;

import io.tracelot.allocator.SkuBook;
import java.util.function.Consumer;

/**
 * Where the allocator keeps what must outlive a batch of events, and a run: one {@link SkuBook}
 * per sku (lots, stock per warehouse and serial, holds, customer holdings, open backorders).
 * The allocator loads a sku's book, applies the sku's events in order and stores it back, so an
 * index sees one load and one store per sku and batch.
 *
 * <p>Implementations are not thread-safe: one index belongs to one thread (one Flink subtask owns
 * the indexes of its key groups).
 */
public interface StockIndex extends AutoCloseable {
  /** The sku's book, or null when this index has none. Changes persist only through {@link #store}. */
  SkuBook load(String sku);

  void store(SkuBook book);

  /** Visits every book this index holds, in no particular order. */
  void forEach(Consumer<SkuBook> action);

  /** Number of skus held. */
  long size();

  /** Releases the index; a persistent one is then complete on disk and can be reopened. */
  @Override
  void close();
}
