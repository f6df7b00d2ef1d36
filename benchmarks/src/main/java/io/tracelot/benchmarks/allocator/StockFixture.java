package io.tracelot.benchmarks.allocator;

import io.tracelot.allocator.AllocationOutput;
import io.tracelot.allocator.Allocator;
import io.tracelot.allocator.index.StockIndex;
import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.Policy;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.Times;
import io.tracelot.allocator.model.Tracking;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * A deterministic stock for the allocator benchmarks: {@code skus} LOT-tracked FEFO skus with
 * {@code lotsPerSku} lots each, lot i of a sku at warehouse {@code W(i % 3)}, every lot with an
 * expiry 10 to 730 days after {@link #TODAY} and {@link #LOT_QTY} units, so that no order line
 * ever runs a lot out. The stock goes in through the allocator itself (RECEIPT movements), so a
 * book looks exactly as one built by the allocation job.
 */
public final class StockFixture {
  public static final String[] WAREHOUSES = {"W-NORTH", "W-SOUTH", "W-EAST"};
  /** Large enough never to run out, whatever a benchmark allocates. */
  public static final long LOT_QTY = 1_000_000_000_000L;
  /** The ship date of every order line; lots expire after it. */
  public static final int TODAY = (int) LocalDate.of(2026, 11, 20).toEpochDay();
  static final long RECEIVED_TS = Times.startOf(LocalDate.of(2026, 1, 1));

  private final int skus;
  private final int lotsPerSku;
  private final long seed;

  public StockFixture(int skus, int lotsPerSku, long seed) {
    if (skus < 1) {
      throw new IllegalArgumentException("skus must be >= 1, got " + skus);
    }
    if (lotsPerSku < 1) {
      throw new IllegalArgumentException("lotsPerSku must be >= 1, got " + lotsPerSku);
    }
    this.skus = skus;
    this.lotsPerSku = lotsPerSku;
    this.seed = seed;
  }

  public int skus() {
    return skus;
  }

  public int lotsPerSku() {
    return lotsPerSku;
  }

  public long lots() {
    return (long) skus * lotsPerSku;
  }

  public static String skuId(int i) {
    return String.format("SKU-%07d", i);
  }

  public static Sku sku(int i) {
    return Sku.of(skuId(i), Tracking.LOT, Policy.FEFO);
  }

  /** The receipts that stock sku i, in ts order. */
  public List<InputEvent> receipts(int i) {
    SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + i);
    String sku = skuId(i);
    List<InputEvent> events = new ArrayList<>(lotsPerSku);
    for (int l = 0; l < lotsPerSku; l++) {
      long lotNo = (long) i * lotsPerSku + l;
      String lot = "L" + lotNo;
      int expiry = TODAY + 10 + rnd.nextInt(721);
      Movement m = new Movement("R" + lotNo, RECEIVED_TS + l, MovementType.RECEIPT, sku, lot, null, LOT_QTY, WAREHOUSES[l % WAREHOUSES.length], null, expiry, "SUPPLIER-1", null);
      events.add(new InputEvent(m, "movements.csv", lotNo + 2, null));
    }
    return events;
  }

  /**
   * Stocks every sku into the index through an allocator; {@code progress} hears the number of
   * skus done every {@code every} skus.
   */
  public void fill(StockIndex index, int every, LongConsumer progress) {
    Allocator allocator = new Allocator(index, DISCARD);
    for (int i = 0; i < skus; i++) {
      allocator.apply(sku(i), receipts(i));
      if (every > 0 && (i + 1) % every == 0) {
        progress.accept(i + 1);
      }
    }
  }

  /** An output that drops everything but fails on a reject: the fixture must be valid. */
  static final AllocationOutput DISCARD =
      new AllocationOutput() {
        @Override
        public void allocated(Allocation allocation) {}

        @Override
        public void accepted(Movement movement) {}

        @Override
        public void rejected(Reject reject) {
          throw new IllegalStateException("fixture event rejected: " + reject);
        }
      };
}
