package io.tracelot.allocator.index;

class OnHeapStockIndexTest extends StockIndexContract {
  @Override
  protected StockIndex newIndex() {
    return new OnHeapStockIndex();
  }
}
