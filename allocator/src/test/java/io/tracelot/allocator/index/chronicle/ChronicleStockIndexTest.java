package io.tracelot.allocator.index.chronicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.allocator.AllocationResult;
import io.tracelot.allocator.SerialBooks;
import io.tracelot.allocator.SkuBook;
import io.tracelot.allocator.index.StockIndex;
import io.tracelot.allocator.index.StockIndexContract;
import io.tracelot.allocator.model.Policy;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.Tracking;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleStockIndexTest extends StockIndexContract {
  @TempDir Path dir;
  private int opened;

  @Override
  protected StockIndex newIndex() {
    return ChronicleStockIndex.builder(dir.resolve("index-" + (opened++) + ".cm")).expectedSkus(100).expectedLots(1_000).open();
  }

  @Test
  void reopen_keepsEveryBook() {
    Path file = dir.resolve("stock.cm");
    AllocationResult expected;
    try (StockIndex index = ChronicleStockIndex.builder(file).expectedSkus(10).expectedLots(100).open()) {
      expected = runInto(index, "A");
    }
    assertThat(file.resolveSibling("stock.cm.open")).doesNotExist();
    try (StockIndex index = ChronicleStockIndex.builder(file).open()) {
      assertThat(index.size()).isEqualTo(1);
      assertThat(index.load("A").stockPositions()).containsExactlyInAnyOrderElementsOf(expected.stock());
      assertThat(index.load("A").openBackorders()).containsExactlyInAnyOrderElementsOf(expected.backorders());
    }
  }

  @Test
  void bookLargerThanAPage_isSplit_andShrinkingDropsStalePages() throws Exception {
    Path file = dir.resolve("big.cm");
    Sku sku = new Sku("PHARMA", Tracking.SERIAL, Policy.FEFO, null, null);
    try (ChronicleStockIndex index = ChronicleStockIndex.builder(file).expectedSkus(4).expectedSerials(50_000).open()) {
      SkuBook big = SerialBooks.withUnits(sku, 20_000);
      assertThat(big.encode().length).isGreaterThan(5 * ChronicleStockIndex.PAGE_BYTES);
      index.store(big);
      assertThat(index.load("PHARMA").stockPositions()).hasSize(20_000);
      index.store(SerialBooks.withUnits(sku, 3));
      assertThat(index.load("PHARMA").stockPositions()).hasSize(3);
      assertThat(index.size()).isEqualTo(1);
    }
  }

  @Test
  void booksFarLargerThanTheIndexWasSizedFor_stillFit_evenAfterReopen() {
    // a chained run grows books beyond what the first (small) run sized the file for
    Path file = dir.resolve("small.cm");
    Sku sku = new Sku("GROWS", Tracking.SERIAL, Policy.FEFO, null, null);
    try (ChronicleStockIndex index = ChronicleStockIndex.builder(file).expectedSkus(16).expectedLots(64).open()) {
      index.store(SerialBooks.withUnits(sku, 10));
    }
    try (ChronicleStockIndex index = ChronicleStockIndex.builder(file).open()) {
      index.store(SerialBooks.withUnits(sku, 30_000));
      for (int i = 0; i < 200; i++) {
        index.store(SerialBooks.withUnits(new Sku("MORE-" + i, Tracking.SERIAL, Policy.FEFO, null, null), 300));
      }
    }
    try (ChronicleStockIndex index = ChronicleStockIndex.builder(file).open()) {
      assertThat(index.load("GROWS").stockPositions()).hasSize(30_000);
      assertThat(index.size()).isEqualTo(201);
    }
  }

  @Test
  void open_ofAFileFromANewerFormat_failsNamingTheFile() {
    Path file = dir.resolve("future.cm");
    writeHeader(file, ChronicleStockIndex.VERSION + 1);
    assertThatThrownBy(() -> ChronicleStockIndex.builder(file).open())
        .hasMessageContaining("too new").hasMessageContaining(file.toString());
  }

  @Test
  void open_ofAFileFromAnOlderFormat_failsNamingTheFile() {
    Path file = dir.resolve("past.cm");
    writeHeader(file, ChronicleStockIndex.VERSION - 1);
    assertThatThrownBy(() -> ChronicleStockIndex.builder(file).open())
        .hasMessageContaining("too old").hasMessageContaining(file.toString());
  }

  @Test
  void open_afterAnUncleanClose_recovers() throws Exception {
    Path file = dir.resolve("crashed.cm");
    AllocationResult expected;
    try (StockIndex index = ChronicleStockIndex.builder(file).expectedSkus(10).expectedLots(100).open()) {
      expected = runInto(index, "A");
    }
    Files.write(file.resolveSibling("crashed.cm.open"), new byte[0]); // as if the writer died
    try (StockIndex index = ChronicleStockIndex.builder(file).open()) {
      assertThat(index.load("A").stockPositions()).containsExactlyInAnyOrderElementsOf(expected.stock());
    }
  }

  @Test
  void builder_rejectsBadSettings_namingTheValue() {
    assertThatThrownBy(() -> ChronicleStockIndex.builder(dir.resolve("x")).expectedSkus(0)).hasMessageContaining("got 0");
    assertThatThrownBy(() -> ChronicleStockIndex.builder(dir.resolve("x")).expectedLots(-5)).hasMessageContaining("got -5");
    assertThatThrownBy(() -> ChronicleStockIndex.builder(dir.resolve("x")).maxBloatFactor(0.5)).hasMessageContaining("got 0.5");
  }

  private static void writeHeader(Path file, int version) {
    try (ChronicleMap<String, byte[]> map = ChronicleMapBuilder.of(String.class, byte[].class)
        .entries(10).averageKeySize(20).averageValueSize(64).createPersistedTo(file.toFile())) {
      map.put(ChronicleStockIndex.HEADER_KEY, ByteBuffer.allocate(8).putInt(ChronicleStockIndex.MAGIC).putInt(version).array());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
