package io.tracelot.allocator.index.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.AllocationResult;
import io.tracelot.allocator.index.StockIndex;
import io.tracelot.allocator.index.StockIndexContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract again with a cache so small that nearly every store evicts a changed book. */
class CachedChronicleStockIndexTest extends StockIndexContract {
  @TempDir Path dir;
  private int opened;

  @Override
  protected StockIndex newIndex() {
    return ChronicleStockIndex.builder(dir.resolve("cached-" + (opened++) + ".cm")).expectedSkus(100).expectedLots(1_000).cacheBytes(2_000).open();
  }

  @Test
  void changesHeldOnlyInTheCache_areOnDiskAfterClose() {
    Path file = dir.resolve("writeback.cm");
    AllocationResult expected;
    try (StockIndex index = ChronicleStockIndex.builder(file).expectedSkus(10).expectedLots(100).cacheBytes(64L << 20).open()) {
      expected = runInto(index, "A");
    }
    try (StockIndex index = ChronicleStockIndex.builder(file).open()) {
      assertThat(index.load("A").stockPositions()).containsExactlyInAnyOrderElementsOf(expected.stock());
    }
  }
}
