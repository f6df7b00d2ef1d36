package io.tracelot.datasets;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The generator's own, deliberately approximate and bounded picture of stock: a few recent lot
 * slots per sku, a ring of recent serials per serial sku, a few recent shipments per sku (for
 * plausible returns) and a ring of held lots. Older entries are forgotten, so memory is
 * O(skus), never O(units). The real allocation may differ from this picture (it sees stock the
 * model forgot), which makes an occasional return or transfer be refused, as in real life.
 */
final class StockModel {
  static final int SLOTS = 8;
  static final int SERIALS = 128;
  static final int SHIPMENTS = 4;
  static final int HELD = 256;
  /** Lot number of NONE and ELECTRONICS stock (lot ""). */
  static final int NO_LOT = 0;
  static final int FREE = Integer.MIN_VALUE;

  // lot slots, SLOTS per sku; slotLot FREE when unused
  final int[] slotLot;
  final int[] slotWh;
  final long[] slotQty;
  final int[] slotExpiry;
  final boolean[] slotHeld;
  final int[] lastLot;
  final int[] pendingHold;
  /** Entries of the sku in the held ring: lets isHeld skip the ring scan for almost every sku. */
  private final int[] holds;
  /** Policy per sku: 0 FEFO, 1 FIFO, 2 LIFO. */
  private final byte[] policy;
  // serial rings, SERIALS per serial sku; state: warehouse >= 0 in stock, -1 - customer when shipped
  final int[] ringOf;
  final long[] ringSerial;
  final int[] ringLot;
  final int[] ringState;
  final int[] ringHead;
  final long[] lastSerial;
  // recent lot shipments, SHIPMENTS per sku
  final int[] shipCustomer;
  final int[] shipLot;
  final int[] shipWh;
  final long[] shipQty;
  final int[] shipNext;
  // held lots, oldest first
  final int[] heldSku = new int[HELD];
  final int[] heldLot = new int[HELD];
  int heldStart;
  int heldCount;

  StockModel(Catalog catalog) {
    int n = catalog.size;
    slotLot = new int[n * SLOTS];
    Arrays.fill(slotLot, FREE);
    slotWh = new int[n * SLOTS];
    slotQty = new long[n * SLOTS];
    slotExpiry = new int[n * SLOTS];
    slotHeld = new boolean[n * SLOTS];
    lastLot = new int[n];
    pendingHold = new int[n];
    holds = new int[n];
    policy = new byte[n];
    for (int i = 0; i < n; i++) {
      policy[i] = (byte) ("FIFO".equals(catalog.policy[i]) ? 1 : "LIFO".equals(catalog.policy[i]) ? 2 : 0);
    }
    ringOf = new int[n];
    int rings = 0;
    for (int i = 0; i < n; i++) {
      ringOf[i] = catalog.category[i].serial() ? rings++ : -1;
    }
    ringSerial = new long[rings * SERIALS];
    ringLot = new int[rings * SERIALS];
    ringState = new int[rings * SERIALS];
    Arrays.fill(ringState, FREE);
    ringHead = new int[rings];
    lastSerial = new long[n];
    shipCustomer = new int[n * SHIPMENTS];
    shipLot = new int[n * SHIPMENTS];
    shipWh = new int[n * SHIPMENTS];
    shipQty = new long[n * SHIPMENTS];
    shipNext = new int[n];
  }

  // ---- lots

  /** Adds units of a lot at a warehouse; when all slots are busy the oldest lot is forgotten. */
  void add(int sku, int lot, int wh, long qty, int expiry, boolean held) {
    int base = sku * SLOTS;
    int target = -1;
    int oldest = -1;
    for (int s = base; s < base + SLOTS; s++) {
      if (slotLot[s] == lot && slotWh[s] == wh) {
        slotQty[s] += qty;
        slotHeld[s] |= held;
        return;
      }
      if (target < 0 && (slotLot[s] == FREE || slotQty[s] == 0)) {
        target = s;
      }
      if (oldest < 0 || slotLot[s] < slotLot[oldest]) {
        oldest = s;
      }
    }
    int s = target >= 0 ? target : oldest;
    slotLot[s] = lot;
    slotWh[s] = wh;
    slotQty[s] = qty;
    slotExpiry[s] = expiry;
    slotHeld[s] = held;
  }

  /** A slot of the sku at the warehouse (any warehouse when wh < 0) with stock, picked at random; -1 if none. */
  int anySlot(int sku, int wh, boolean allowHeld, SplittableRandom rng) {
    int base = sku * SLOTS;
    int start = rng.nextInt(SLOTS);
    for (int k = 0; k < SLOTS; k++) {
      int s = base + (start + k) % SLOTS;
      if (slotLot[s] != FREE && slotQty[s] > 0 && (wh < 0 || slotWh[s] == wh) && (allowHeld || !slotHeld[s])) {
        return s;
      }
    }
    return -1;
  }

  /** True when the model knows the lot is held (a slot flag, a pending hold, or the held ring). */
  boolean isHeld(int sku, int lot) {
    int base = sku * SLOTS;
    for (int s = base; s < base + SLOTS; s++) {
      if (slotLot[s] == lot && slotHeld[s]) {
        return true;
      }
    }
    if (pendingHold[sku] == lot && lot != NO_LOT) {
      return true;
    }
    if (holds[sku] == 0) {
      return false;
    }
    for (int k = 0; k < heldCount; k++) {
      int h = (heldStart + k) % HELD;
      if (heldSku[h] == sku && heldLot[h] == lot) {
        return true;
      }
    }
    return false;
  }

  /** The expiry the model remembers for a lot, 0 when unknown or none. */
  int expiryOf(int sku, int lot) {
    int base = sku * SLOTS;
    for (int s = base; s < base + SLOTS; s++) {
      if (slotLot[s] == lot && slotExpiry[s] != 0) {
        return slotExpiry[s];
      }
    }
    return 0;
  }

  void setHeld(int sku, int lot, boolean held) {
    int base = sku * SLOTS;
    for (int s = base; s < base + SLOTS; s++) {
      if (slotLot[s] == lot) {
        slotHeld[s] = held;
      }
    }
  }

  /**
   * Takes up to qty units at the warehouse in the sku's policy order, skipping held lots and lots
   * expiring before minExpiry; remembers the shipment for later returns. Returns units taken.
   */
  long allocate(int sku, int wh, long qty, int minExpiry, int customer) {
    byte policy = this.policy[sku];
    long open = qty;
    while (open > 0) {
      int best = -1;
      for (int s = sku * SLOTS; s < sku * SLOTS + SLOTS; s++) {
        if (slotLot[s] == FREE || slotQty[s] == 0 || slotWh[s] != wh || slotHeld[s]
            || (slotExpiry[s] != 0 && slotExpiry[s] < minExpiry)) {
          continue;
        }
        if (best < 0 || before(policy, s, best)) {
          best = s;
        }
      }
      if (best < 0) {
        break;
      }
      long take = Math.min(open, slotQty[best]);
      slotQty[best] -= take;
      open -= take;
      int k = sku * SHIPMENTS + shipNext[sku];
      shipNext[sku] = (shipNext[sku] + 1) % SHIPMENTS;
      shipCustomer[k] = customer;
      shipLot[k] = slotLot[best];
      shipWh[k] = wh;
      shipQty[k] = take;
    }
    return qty - open;
  }

  private boolean before(byte policy, int a, int b) {
    if (policy == 2) {
      return slotLot[a] > slotLot[b];
    }
    if (policy == 0) {
      long ea = slotExpiry[a] == 0 ? Long.MAX_VALUE : slotExpiry[a];
      long eb = slotExpiry[b] == 0 ? Long.MAX_VALUE : slotExpiry[b];
      if (ea != eb) {
        return ea < eb;
      }
    }
    return slotLot[a] < slotLot[b];
  }

  // ---- holds

  void hold(int sku, int lot) {
    if (heldCount == HELD) {
      // the oldest hold is forgotten: it stays held for good, like a recall never cleared
      holds[heldSku[heldStart]]--;
      heldStart = (heldStart + 1) % HELD;
      heldCount--;
    }
    int h = (heldStart + heldCount++) % HELD;
    holds[sku]++;
    heldSku[h] = sku;
    heldLot[h] = lot;
    setHeld(sku, lot, true);
  }

  /** Releases the oldest hold; returns its index in the ring, -1 when nothing is held. */
  int releaseOldest() {
    if (heldCount == 0) {
      return -1;
    }
    int h = heldStart;
    heldStart = (heldStart + 1) % HELD;
    heldCount--;
    holds[heldSku[h]]--;
    setHeld(heldSku[h], heldLot[h], false);
    if (pendingHold[heldSku[h]] == heldLot[h]) {
      pendingHold[heldSku[h]] = NO_LOT;
    }
    return h;
  }

  // ---- serials

  /** Records a serial that entered stock; the oldest serial of the ring is forgotten. */
  void addSerial(int sku, long serial, int lot, int wh) {
    int ring = ringOf[sku];
    int k = ring * SERIALS + ringHead[ring];
    ringHead[ring] = (ringHead[ring] + 1) % SERIALS;
    ringSerial[k] = serial;
    ringLot[k] = lot;
    ringState[k] = wh;
  }

  /** The ring index of the oldest remembered serial in stock at the warehouse, or -1: FIFO, as allocation takes them. */
  int oldestSerialAt(int sku, int wh) {
    int ring = ringOf[sku];
    for (int k = 0; k < SERIALS; k++) {
      int i = ring * SERIALS + (ringHead[ring] + k) % SERIALS;
      if (ringState[i] == wh) {
        return i;
      }
    }
    return -1;
  }

  /** A serial of the sku now out with a customer, starting the search at a random place; -1 if none. */
  int shippedSerial(int sku, SplittableRandom rng) {
    int ring = ringOf[sku];
    int start = rng.nextInt(SERIALS);
    for (int k = 0; k < SERIALS; k++) {
      int i = ring * SERIALS + (start + k) % SERIALS;
      if (ringState[i] != FREE && ringState[i] < 0) {
        return i;
      }
    }
    return -1;
  }

  /** Any serial the sku ever had that the model still remembers; -1 if none. */
  int knownSerial(int sku, SplittableRandom rng) {
    int ring = ringOf[sku];
    int start = rng.nextInt(SERIALS);
    for (int k = 0; k < SERIALS; k++) {
      int i = ring * SERIALS + (start + k) % SERIALS;
      if (ringState[i] != FREE) {
        return i;
      }
    }
    return -1;
  }

  /** A recent lot shipment of the sku with units left to return; -1 if none. */
  int shipment(int sku, SplittableRandom rng) {
    int start = rng.nextInt(SHIPMENTS);
    for (int k = 0; k < SHIPMENTS; k++) {
      int i = sku * SHIPMENTS + (start + k) % SHIPMENTS;
      if (shipQty[i] > 0) {
        return i;
      }
    }
    return -1;
  }
}
