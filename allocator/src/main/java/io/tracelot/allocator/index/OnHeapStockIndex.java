package io.tracelot.allocator.index;

import io.tracelot.allocator.SkuBook;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Books as plain objects in a HashMap: nothing survives the JVM. The baseline that the Chronicle
 * index is measured against, and the reference in differential tests. It hands out its live
 * books, so a change is kept even without {@link #store}; callers must not rely on that.
 */
public final class OnHeapStockIndex implements StockIndex {
  private final Map<String, SkuBook> books = new HashMap<>();

  @Override
  public SkuBook load(String sku) {
    return books.get(sku);
  }

  @Override
  public void store(SkuBook book) {
    books.put(book.skuId(), book);
  }

  @Override
  public void forEach(Consumer<SkuBook> action) {
    books.values().forEach(action);
  }

  @Override
  public long size() {
    return books.size();
  }

  @Override
  public void close() {
    books.clear();
  }
}
