package io.tracelot.datasets;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Walks the covered days once and writes movements and order lines as they happen, so both files
 * come out sorted by ts. Each step is one business event (a PO receipt, a work order, a transfer,
 * a customer order with its lines...) whose randomness comes from its own seed (seed, event
 * number). Quantities are steered by a few feedback factors so that units received track the
 * configured units and demand tracks supply, whatever row counts were asked for.
 */
final class Simulation {
  static final String[] MOVEMENT_COLUMNS = {
    "event_id", "ts", "type", "sku", "lot", "serial", "qty", "warehouse", "to_warehouse", "expiry", "party", "ref"
  };
  static final boolean[] MOVEMENT_NUMERIC = {false, false, false, false, false, false, true, false, false, false, false, false};
  static final String[] ORDER_COLUMNS = {
    "order_id", "line", "ts", "customer", "sku", "qty", "warehouse", "ship_date", "min_shelf_days", "priority"
  };
  static final boolean[] ORDER_NUMERIC = {false, true, false, false, false, true, false, false, true, true};

  private static final int M_ID = 0, M_TS = 1, M_TYPE = 2, M_SKU = 3, M_LOT = 4, M_SERIAL = 5, M_QTY = 6,
      M_WH = 7, M_TO = 8, M_EXPIRY = 9, M_PARTY = 10, M_REF = 11;
  private static final int O_ID = 0, O_LINE = 1, O_TS = 2, O_CUSTOMER = 3, O_SKU = 4, O_QTY = 5, O_WH = 6,
      O_SHIP = 7, O_SHELF = 8, O_PRIORITY = 9;

  private static final String[] DC_NAMES = {"DC-EAST", "DC-WEST", "DC-NORTH", "DC-SOUTH", "DC-CENTRAL"};
  /** The top customer places ~8% of orders, the top 10% of customers ~60%. */
  private static final double CUSTOMER_ZIPF = 0.9;
  /** Working hours of the covered days, in which all events fall. */
  private static final int DAY_START_SECOND = 6 * 3600;
  private static final int WORKING_SECONDS = 16 * 3600;
  private static final int PROGRESS_EVERY = 1 << 14;

  private static final Category[] RECEIPT_CATEGORIES = {
    Category.TRADED, Category.RAW, Category.BULK, Category.STACKED, Category.PHARMA, Category.ELECTRONICS
  };
  private static final int[] RECEIPT_WEIGHTS = {48, 15, 24, 3, 6, 4};
  private static final Category[] ORDER_LOT_CATEGORIES = {Category.TRADED, Category.FINISHED, Category.BULK, Category.STACKED};
  private static final int[] ORDER_LOT_WEIGHTS = {55, 15, 25, 5};
  private static final Category[] ADJUST_CATEGORIES = {Category.TRADED, Category.RAW, Category.BULK, Category.STACKED, Category.FINISHED};
  private static final Category[] HOLD_CATEGORIES = {Category.TRADED, Category.FINISHED, Category.RAW, Category.INTERMEDIATE};

  private static final Reason[] MOVEMENT_BAD = {
    Reason.PARSE_ERROR, Reason.MISSING_FIELD, Reason.UNKNOWN_SKU, Reason.TRACKING_MISMATCH, Reason.DUPLICATE_EVENT,
    Reason.DUPLICATE_SERIAL, Reason.UNKNOWN_SERIAL, Reason.INSUFFICIENT_STOCK, Reason.EXPIRY_MISMATCH, Reason.LOT_HELD
  };
  private static final Reason[] ORDER_BAD = {
    Reason.PARSE_ERROR, Reason.MISSING_FIELD, Reason.BAD_VALUE, Reason.UNKNOWN_SKU, Reason.DUPLICATE_ORDER_LINE
  };

  /** The reject reasons of inputs.md that the deliberately bad rows provoke. */
  enum Reason {
    PARSE_ERROR, MISSING_FIELD, BAD_VALUE, UNKNOWN_SKU, TRACKING_MISMATCH, DUPLICATE_EVENT, DUPLICATE_ORDER_LINE,
    DUPLICATE_SERIAL, UNKNOWN_SERIAL, INSUFFICIENT_STOCK, EXPIRY_MISMATCH, LOT_HELD
  }

  private final GeneratorConfig config;
  private final long seed;
  private final Catalog catalog;
  private final StockModel stock;
  private final TableWriter movements;
  private final TableWriter orders;
  private final ProgressListener listener;
  private final String[] warehouses;
  private final int dcs;
  private final int plant;
  private final long startEpochDay;
  /** No row brings more than 2% of all units, so small datasets still land near their units. */
  private final long maxRowUnits;
  private final Text.Instants instants = new Text.Instants();
  private final Seeds.Zipf customerZipf;

  // the clock of the current event
  private long epochSecond = Long.MIN_VALUE;
  private String ts;
  private int day;

  private long eventSeq;
  private long poSeq;
  private long woSeq;
  private long orderSeq;
  private long goodMovements;
  private long goodOrderLines;
  private long unitsIn;
  /** Units of lot receipts, and what they would have been at lotScale 1: the basis of the forecast. */
  private long lotUnits;
  private double baseLotUnits;
  private String[] lastMovement;
  private String[] lastOrderLine;

  // feedback factors, see the class comment
  private double lotScale = 1;
  private final double[] demandScale = new double[Category.values().length];
  private final long[] supplied = new long[Category.values().length];
  private final long[] ordered = new long[Category.values().length];
  private double serialShare = 0.2;

  private final Map<Reason, Long> badMovements = new EnumMap<>(Reason.class);
  private final Map<Reason, Long> badOrders = new EnumMap<>(Reason.class);
  private long badMovementCount;
  private long badOrderCount;

  Simulation(GeneratorConfig config, Catalog catalog, TableWriter movements, TableWriter orders, ProgressListener listener) {
    this.config = config;
    this.seed = config.seed();
    this.catalog = catalog;
    this.stock = new StockModel(catalog);
    this.movements = movements;
    this.orders = orders;
    this.listener = listener;
    this.dcs = config.warehouses();
    this.plant = dcs;
    this.warehouses = new String[dcs + 1];
    for (int w = 0; w < dcs; w++) {
      warehouses[w] = w < DC_NAMES.length ? DC_NAMES[w] : Text.pad("DC-", w + 1, 2);
    }
    warehouses[plant] = "PLANT-01";
    this.startEpochDay = config.startDate().toEpochDay();
    this.maxRowUnits = Math.max(10, config.units() / 50);
    this.customerZipf = new Seeds.Zipf(config.customers(), CUSTOMER_ZIPF);
    Arrays.fill(demandScale, 1.0);
  }

  long unitsIn() {
    return unitsIn;
  }

  private static Map<String, Long> badRows(Map<Reason, Long> counts) {
    Map<String, Long> result = new LinkedHashMap<>();
    counts.forEach((reason, n) -> result.put(reason.name(), n));
    return result;
  }

  Map<String, Long> badMovements() {
    return badRows(badMovements);
  }

  Map<String, Long> badOrders() {
    return badRows(badOrders);
  }

  void run() throws IOException {
    long plannedMovements = config.movements();
    long plannedOrders = config.orderLines();
    long planned = plannedMovements + plannedOrders;
    double bad = config.badRowFraction();
    long nextProgress = PROGRESS_EVERY;
    while (goodMovements < plannedMovements || goodOrderLines < plannedOrders) {
      // interleave the two streams in proportion, as a merge would
      boolean movement = goodOrderLines >= plannedOrders
          || (goodMovements < plannedMovements && (double) goodMovements * plannedOrders <= (double) goodOrderLines * plannedMovements);
      setClock((double) (goodMovements + goodOrderLines) / planned);
      if (movement) {
        movementEvent(Seeds.rng(seed, Seeds.MOVEMENT, eventSeq), plannedMovements);
      } else {
        orderEvent(Seeds.rng(seed, Seeds.ORDER, orderSeq + 1), plannedOrders - goodOrderLines);
      }
      if (bad > 0) {
        while (movements.rows() >= badAt(Seeds.MOVEMENT, badMovementCount, bad)) {
          badMovement(Seeds.rng(seed, Seeds.BAD_ROW, 2 * badMovementCount));
        }
        while (orders.rows() >= badAt(Seeds.ORDER, badOrderCount, bad)) {
          badOrder(Seeds.rng(seed, Seeds.BAD_ROW, 2 * badOrderCount + 1));
        }
      }
      long done = goodMovements + goodOrderLines;
      if (done >= nextProgress) {
        listener.progress("events", done, planned);
        nextProgress = done + PROGRESS_EVERY;
      }
    }
    listener.progress("events", goodMovements + goodOrderLines, planned);
  }

  /** Row position of the k-th bad row of a table: one per 1/fraction rows, jittered within its interval. */
  private double badAt(long table, long k, double fraction) {
    double jitter = (Seeds.hash(seed, Seeds.BAD_ROW + table, k) >>> 11) * 0x1.0p-53;
    return (k + jitter) / fraction;
  }

  private void setClock(double progress) {
    double position = Math.min(progress, 1) * config.days();
    int d = (int) Math.min(config.days() - 1, (long) position);
    long second = (startEpochDay + d) * 86_400L + DAY_START_SECOND + (long) ((position - d) * WORKING_SECONDS);
    if (second != epochSecond) {
      epochSecond = Math.max(second, epochSecond);
      ts = instants.format(epochSecond);
      day = (int) (startEpochDay + d);
    }
  }

  // ---------------------------------------------------------------- movements

  private void movementEvent(SplittableRandom rng, long plannedMovements) {
    int kind = rng.nextInt(1000);
    boolean done;
    if (kind < 450) {
      done = false;
    } else if (kind < 630) {
      done = transfer(rng);
    } else if (kind < 750) {
      done = workOrder(rng, rng.nextBoolean() ? Category.INTERMEDIATE : Category.FINISHED);
    } else if (kind < 810) {
      done = adjust(rng);
    } else if (kind < 890) {
      done = customerReturn(rng);
    } else if (kind < 910) {
      done = hold(rng);
    } else if (kind < 925) {
      done = release();
    } else {
      done = false;
    }
    if (!done) {
      receipt(rng, catalog.pick(weighted(rng, RECEIPT_CATEGORIES, RECEIPT_WEIGHTS), rng));
    }
    steerLotSizes(plannedMovements);
  }

  private void receipt(SplittableRandom rng, int sku) {
    Category cat = catalog.category[sku];
    int wh = cat == Category.RAW ? plant : demandDc(rng);
    String po = rng.nextInt(10) == 0 ? null : Text.pad("PO-", ++poSeq, 8);
    String supplier = catalog.supplier(sku);
    if (cat.serial()) {
      int lot = cat.hasLots() ? newLot(sku) : StockModel.NO_LOT;
      int expiry = expiryFor(sku, rng);
      long carton = Math.max(1, Math.round(catalog.lotSize[sku] * Seeds.spread(rng, 0.3)));
      for (int k = 0; k < carton; k++) {
        long serial = ++stock.lastSerial[sku];
        begin("RECEIPT", sku, lot);
        movements.set(M_SERIAL, serial(sku, serial));
        movements.set(M_QTY, rng.nextInt(4) == 0 ? null : "1");
        movements.set(M_WH, warehouses[wh]);
        expiry(expiry);
        movements.set(M_PARTY, supplier);
        movements.set(M_REF, po);
        endMovement();
        stock.addSerial(sku, serial, lot, wh);
        received(cat, wh, 1);
      }
      return;
    }
    int lots = cat.hasLots() ? 1 + (rng.nextInt(10) < 3 ? 1 : 0) + (rng.nextInt(10) == 0 ? 1 : 0) : 1;
    for (int k = 0; k < lots; k++) {
      int lot = cat.hasLots() ? newLot(sku) : StockModel.NO_LOT;
      int expiry = expiryFor(sku, rng);
      long qty = lotQty(sku, rng);
      begin("RECEIPT", sku, lot);
      movements.set(M_QTY, qty);
      movements.set(M_WH, warehouses[wh]);
      expiry(expiry);
      movements.set(M_PARTY, supplier);
      movements.set(M_REF, po);
      endMovement();
      stock.add(sku, lot, wh, qty, expiry, lot != StockModel.NO_LOT && stock.isHeld(sku, lot));
      received(cat, wh, qty);
      lotUnits += qty;
    }
  }

  private boolean transfer(SplittableRandom rng) {
    if (rng.nextBoolean()) {
      // finished goods leave the plant for the DCs
      for (int attempt = 0; attempt < 3; attempt++) {
        int sku = catalog.pick(Category.FINISHED, rng);
        int s = stock.anySlot(sku, plant, true, rng);
        if (s >= 0) {
          long qty = Math.max(1, Math.round(stock.slotQty[s] * (0.6 + 0.4 * rng.nextDouble())));
          moveLot(sku, s, qty, demandDc(rng));
          supplied[Category.FINISHED.ordinal()] += qty;
          return true;
        }
      }
    }
    if (dcs < 2) {
      return false;
    }
    // rebalancing between DCs
    int to = demandDc(rng);
    int from = (to + 1 + rng.nextInt(dcs - 1)) % dcs;
    if (rng.nextInt(10) < 3) {
      int sku = catalog.pick(rng.nextInt(3) < 2 ? Category.PHARMA : Category.ELECTRONICS, rng);
      int n = 1 + rng.nextInt(8);
      int moved = 0;
      for (; moved < n; moved++) {
        int i = stock.oldestSerialAt(sku, from);
        if (i < 0) {
          break;
        }
        begin("TRANSFER", sku, stock.ringLot[i]);
        movements.set(M_SERIAL, serial(sku, stock.ringSerial[i]));
        movements.set(M_QTY, "1");
        movements.set(M_WH, warehouses[from]);
        movements.set(M_TO, warehouses[to]);
        endMovement();
        // moved to the front: it re-enters stock at the destination now
        int lot = stock.ringLot[i];
        long serial = stock.ringSerial[i];
        stock.ringState[i] = StockModel.FREE;
        stock.addSerial(sku, serial, lot, to);
      }
      return moved > 0;
    }
    int sku = catalog.pick(weighted(rng, ORDER_LOT_CATEGORIES, ORDER_LOT_WEIGHTS), rng);
    int s = stock.anySlot(sku, from, true, rng);
    if (s < 0) {
      return false;
    }
    // half at most: the model may have missed allocations the engine made from this slot
    long qty = Math.max(1, Math.round(stock.slotQty[s] * (0.2 + 0.3 * rng.nextDouble())));
    if (qty > stock.slotQty[s] / 2) {
      return false;
    }
    moveLot(sku, s, qty, to);
    return true;
  }

  private void moveLot(int sku, int s, long qty, int to) {
    int lot = stock.slotLot[s];
    begin("TRANSFER", sku, lot);
    movements.set(M_QTY, qty);
    movements.set(M_WH, warehouses[stock.slotWh[s]]);
    movements.set(M_TO, warehouses[to]);
    endMovement();
    stock.slotQty[s] -= qty;
    stock.add(sku, lot, to, qty, stock.slotExpiry[s], stock.slotHeld[s]);
  }

  /**
   * A work order at the plant consumes component lots and produces a new lot with the same ref.
   * Without component stock it runs the intermediate's work order instead, or receives the raw
   * ingredient, so raw -> intermediate -> finished chains build up.
   */
  private boolean workOrder(SplittableRandom rng, Category target) {
    int sku = catalog.pick(target, rng);
    int a = catalog.componentA[sku];
    int b = catalog.componentB[sku];
    if (stock.anySlot(a, plant, false, rng) < 0) {
      if (catalog.category[a] == Category.INTERMEDIATE) {
        return workOrder(rng, Category.INTERMEDIATE);
      }
      receipt(rng, a);
      return true;
    }
    String ref = Text.pad("WO-", ++woSeq, 8);
    long consumed = consume(rng, a, ref);
    if (b >= 0) {
      consume(rng, b, ref);
    }
    // yield: a little more or less than went in, never a multiplier that would inflate units
    double ratio = clamp((double) catalog.lotSize[sku] / catalog.lotSize[a], 0.5, 1.5);
    long qty = Math.max(1, Math.min(maxRowUnits, Math.round(consumed * ratio * (0.9 + 0.1 * rng.nextDouble()))));
    int lot = newLot(sku);
    int expiry = expiryFor(sku, rng);
    begin("PRODUCE", sku, lot);
    movements.set(M_QTY, qty);
    movements.set(M_WH, warehouses[plant]);
    expiry(expiry);
    movements.set(M_REF, ref);
    endMovement();
    stock.add(sku, lot, plant, qty, expiry, stock.isHeld(sku, lot));
    received(catalog.category[sku], plant, qty);
    return true;
  }

  /** Consumes part of one or two unheld lots of the component at the plant; returns units consumed. */
  private long consume(SplittableRandom rng, int component, String ref) {
    long total = 0;
    int lots = 1 + rng.nextInt(2);
    int previous = -1;
    for (int k = 0; k < lots; k++) {
      int s = stock.anySlot(component, plant, false, rng);
      if (s < 0 || s == previous) {
        break;
      }
      previous = s;
      long qty = Math.max(1, Math.min(stock.slotQty[s], Math.round(stock.slotQty[s] * (0.4 + 0.6 * rng.nextDouble()))));
      begin("CONSUME", component, stock.slotLot[s]);
      movements.set(M_QTY, qty);
      movements.set(M_WH, warehouses[plant]);
      movements.set(M_REF, ref);
      endMovement();
      stock.slotQty[s] -= qty;
      total += qty;
    }
    return total;
  }

  /** Cycle counts: a small signed correction of a lot the model knows. */
  private boolean adjust(SplittableRandom rng) {
    int sku = catalog.pick(ADJUST_CATEGORIES[rng.nextInt(ADJUST_CATEGORIES.length)], rng);
    int s = stock.anySlot(sku, -1, true, rng);
    if (s < 0) {
      return false;
    }
    long magnitude = 1 + rng.nextInt((int) Math.min(1000, Math.max(1, stock.slotQty[s] / 50)));
    boolean down = rng.nextBoolean() && magnitude <= stock.slotQty[s] / 10;
    begin("ADJUST", sku, stock.slotLot[s]);
    movements.set(M_QTY, down ? -magnitude : magnitude);
    movements.set(M_WH, warehouses[stock.slotWh[s]]);
    endMovement();
    stock.slotQty[s] += down ? -magnitude : magnitude;
    return true;
  }

  /** A customer sends back part of a recent shipment, or a serial the model shipped to it. */
  private boolean customerReturn(SplittableRandom rng) {
    if (rng.nextInt(10) < 3) {
      int sku = catalog.pick(rng.nextInt(3) < 2 ? Category.PHARMA : Category.ELECTRONICS, rng);
      int i = stock.shippedSerial(sku, rng);
      if (i < 0) {
        return false;
      }
      int customer = -1 - stock.ringState[i];
      int wh = homeDc(customer);
      begin("RETURN", sku, stock.ringLot[i]);
      movements.set(M_SERIAL, serial(sku, stock.ringSerial[i]));
      movements.set(M_QTY, "1");
      movements.set(M_WH, warehouses[wh]);
      movements.set(M_PARTY, customerId(customer));
      endMovement();
      stock.ringState[i] = wh;
      return true;
    }
    int sku = catalog.pick(weighted(rng, ORDER_LOT_CATEGORIES, ORDER_LOT_WEIGHTS), rng);
    int i = stock.shipment(sku, rng);
    if (i < 0) {
      return false;
    }
    long qty = 1 + rng.nextInt((int) Math.min(1000, Math.max(1, stock.shipQty[i] / 5)));
    int lot = stock.shipLot[i];
    int wh = stock.shipWh[i];
    begin("RETURN", sku, lot);
    movements.set(M_QTY, qty);
    movements.set(M_WH, warehouses[wh]);
    movements.set(M_PARTY, customerId(stock.shipCustomer[i]));
    endMovement();
    stock.shipQty[i] -= qty;
    stock.add(sku, lot, wh, qty, stock.expiryOf(sku, lot), stock.isHeld(sku, lot));
    return true;
  }

  /** Quarantine of a lot in stock, or, one time in four, of the next lot before it arrives (a recall announced ahead). */
  private boolean hold(SplittableRandom rng) {
    int sku = catalog.pick(HOLD_CATEGORIES[rng.nextInt(HOLD_CATEGORIES.length)], rng);
    int lot;
    if (rng.nextInt(4) == 0) {
      if (stock.pendingHold[sku] != StockModel.NO_LOT) {
        return false;
      }
      lot = stock.lastLot[sku] + 1;
      stock.pendingHold[sku] = lot;
    } else {
      int s = stock.anySlot(sku, -1, false, rng);
      if (s < 0) {
        return false;
      }
      lot = stock.slotLot[s];
    }
    holdRow(sku, lot);
    return true;
  }

  private void holdRow(int sku, int lot) {
    begin("HOLD", sku, lot);
    endMovement();
    stock.hold(sku, lot);
  }

  private boolean release() {
    int h = stock.releaseOldest();
    if (h < 0) {
      return false;
    }
    begin("RELEASE", stock.heldSku[h], stock.heldLot[h]);
    endMovement();
    return true;
  }

  private int newLot(int sku) {
    return ++stock.lastLot[sku];
  }

  private long lotQty(int sku, SplittableRandom rng) {
    double base = catalog.lotSize[sku] * Seeds.spread(rng, 0.5);
    baseLotUnits += base;
    return Math.max(1, Math.min(maxRowUnits, Math.round(base * lotScale)));
  }

  /**
   * Sets the factor on lot sizes so that units received end near the configured units: a
   * forecast (the units still wanted over the lot units the remaining rows will bring at the rates
   * seen so far, serial and produced units set aside) times a bounded correction for the current
   * lag. No accumulated error term, so a run of serial cartons cannot wind it up.
   */
  private void steerLotSizes(long plannedMovements) {
    if (goodMovements < 50) {
      return;
    }
    double rows = goodMovements;
    double units = config.units();
    double otherUnits = unitsIn - lotUnits;
    double forecast = (units - otherUnits / rows * plannedMovements) / (baseLotUnits / rows * plannedMovements + 1);
    double target = units * Math.min(1, rows / plannedMovements);
    double ratio = (target + 0.01 * units) / (unitsIn + 0.01 * units);
    double lag = clamp(ratio * ratio, 0.25, 4);
    lotScale = clamp(Math.max(forecast, 1e-4) * lag, 1e-4, 1e5);
  }

  private int expiryFor(int sku, SplittableRandom rng) {
    int life = catalog.shelfLife[sku];
    return life == 0 ? 0 : day + life - rng.nextInt(1 + life / 10);
  }

  private void received(Category cat, int wh, long qty) {
    unitsIn += qty;
    if (cat.sellable && wh != plant) {
      supplied[cat.ordinal()] += qty;
    }
  }

  private void begin(String type, int sku, int lot) {
    movements.set(M_ID, Text.pad("M", ++eventSeq, 9));
    movements.set(M_TS, ts);
    movements.set(M_TYPE, type);
    movements.set(M_SKU, catalog.code[sku]);
    if (catalog.category[sku].hasLots()) {
      movements.set(M_LOT, lotCode(lot));
    }
  }

  private void expiry(int epochDay) {
    if (epochDay != 0) {
      movements.set(M_EXPIRY, instants.date(epochDay));
    }
  }

  private void endMovement() {
    lastMovement = movements.snapshot();
    movements.endRow();
    goodMovements++;
  }

  static String lotCode(int lot) {
    return Text.pad("L", lot, 6);
  }

  /** Serial numbers look random but are a bijection of the sku's counter, so never repeat within a sku. */
  private String serial(int sku, long counter) {
    return Text.base36(catalog.category[sku] == Category.ELECTRONICS ? "SN" : "", Seeds.mix(counter ^ ((long) sku << 40)));
  }

  // ---------------------------------------------------------------- orders

  private void orderEvent(SplittableRandom rng, long linesLeft) {
    int customer = customerZipf.sample(rng);
    SplittableRandom who = Seeds.rng(seed, Seeds.CUSTOMER, customer);
    int home = who.nextInt(dcs);
    int keyAccounts = keyAccounts();
    boolean key = customer < keyAccounts;
    boolean chain = key || who.nextInt(5) == 0;
    String minShelf = chain ? (who.nextBoolean() ? "30" : "90") : (who.nextInt(4) == 0 ? "0" : null);
    // key accounts get 50, and 10 for their rush orders; everyone else mostly the default 100
    int rush = rng.nextInt(100);
    String priority = key ? (rush < 30 ? "10" : "50") : rush < 5 ? "50" : (who.nextInt(3) == 0 ? null : "100");
    double size = key ? 2.5 : 1;
    String customerId = customerId(customer);
    String orderId = Text.pad("SO", ++orderSeq, 9);
    int wh = rng.nextInt(10) == 0 ? rng.nextInt(dcs) : home;
    int shipDay = day + (rng.nextInt(4) == 0 ? 1 + rng.nextInt(5) : 0);
    String shipDate = shipDay != day || rng.nextBoolean() ? instants.date(shipDay) : null;
    int minExpiry = shipDay + (minShelf == null ? 0 : Integer.parseInt(minShelf));
    int lines = 1;
    while (lines < 12 && rng.nextInt(100) < 55) {
      lines++;
    }
    lines = (int) Math.min(lines, linesLeft);
    for (int line = 1; line <= lines; line++) {
      boolean serial = rng.nextDouble() < serialShare;
      Category cat = serial ? (rng.nextInt(3) < 2 ? Category.PHARMA : Category.ELECTRONICS) : weighted(rng, ORDER_LOT_CATEGORIES, ORDER_LOT_WEIGHTS);
      int sku = catalog.pick(cat, rng);
      long qty = serial
          ? (rng.nextInt(4) == 0 ? 2 + rng.nextInt(2) : 1)
          : Math.max(1, Math.round(catalog.lotSize[sku] / 12.0 * catalog.demand[sku] * demandScale[cat.ordinal()] * size * Seeds.spread(rng, 0.7)));
      orders.set(O_ID, orderId);
      orders.set(O_LINE, line);
      orders.set(O_TS, ts);
      orders.set(O_CUSTOMER, customerId);
      orders.set(O_SKU, catalog.code[sku]);
      orders.set(O_QTY, qty);
      orders.set(O_WH, warehouses[wh]);
      orders.set(O_SHIP, shipDate);
      orders.set(O_SHELF, minShelf);
      orders.set(O_PRIORITY, priority);
      lastOrderLine = orders.snapshot();
      orders.endRow();
      goodOrderLines++;
      if (serial) {
        for (long k = 0; k < qty; k++) {
          int i = stock.oldestSerialAt(sku, wh);
          if (i < 0) {
            break;
          }
          stock.ringState[i] = -1 - customer;
        }
      } else {
        stock.allocate(sku, wh, qty, minExpiry, customer);
      }
      ordered[cat.ordinal()] += qty;
      if (!serial) {
        int c = cat.ordinal();
        demandScale[c] = clamp(demandScale[c] * StrictMath.pow((supplied[c] + 100.0) / (ordered[c] + 100.0), 0.05), 1e-4, 1e5);
      }
    }
    long serialSupply = supplied[Category.PHARMA.ordinal()] + supplied[Category.ELECTRONICS.ordinal()];
    long serialDemand = ordered[Category.PHARMA.ordinal()] + ordered[Category.ELECTRONICS.ordinal()];
    serialShare = clamp(serialShare * StrictMath.pow((serialSupply + 10.0) / (serialDemand + 10.0), 0.05), 0.001, 0.9);
  }

  /** A DC picked in proportion to the demand it serves: the home DC of a customer drawn like orders draw them. */
  private int demandDc(SplittableRandom rng) {
    return homeDc(customerZipf.sample(rng));
  }

  private int homeDc(int customer) {
    return Seeds.rng(seed, Seeds.CUSTOMER, customer).nextInt(dcs);
  }

  /** The biggest customers (by Zipf rank) are key accounts: bigger orders, retail-chain shelf-life terms. */
  private int keyAccounts() {
    return Math.max(1, config.customers() / 200);
  }

  private String customerId(int customer) {
    return Text.pad(customer < keyAccounts() ? "KA-" : "C-", customer + 1, 6);
  }

  // ---------------------------------------------------------------- bad rows

  private void badMovement(SplittableRandom rng) {
    for (int k = 0; k < MOVEMENT_BAD.length; k++) {
      Reason reason = MOVEMENT_BAD[(int) ((badMovementCount + k) % MOVEMENT_BAD.length)];
      if (writeBadMovement(reason, rng)) {
        badMovements.merge(reason, 1L, Long::sum);
        break;
      }
    }
    badMovementCount++;
  }

  private boolean writeBadMovement(Reason reason, SplittableRandom rng) {
    int traded = catalog.pick(Category.TRADED, rng);
    switch (reason) {
      case PARSE_ERROR -> {
        badReceipt(traded, stock.lastLot[traded] + 1, rng.nextInt(dcs));
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        movements.set(M_TS, String.format(Locale.ROOT, "%02d/%02d/%d %02d:%02d", t.getDayOfMonth(), t.getMonthValue(), t.getYear(), t.getHour(), t.getMinute()));
      }
      case MISSING_FIELD -> badReceipt(traded, stock.lastLot[traded] + 1, -1);
      case UNKNOWN_SKU -> {
        badReceipt(traded, 1, rng.nextInt(dcs));
        movements.set(M_SKU, Catalog.unknownGtin(badMovementCount));
      }
      case TRACKING_MISMATCH -> {
        int bulk = catalog.pick(Category.BULK, rng);
        badReceipt(bulk, 0, rng.nextInt(dcs));
        movements.set(M_LOT, lotCode(1 + rng.nextInt(1000)));
      }
      case DUPLICATE_EVENT -> {
        if (lastMovement == null) {
          return false;
        }
        movements.load(lastMovement);
      }
      case DUPLICATE_SERIAL -> {
        int sku = catalog.pick(rng.nextBoolean() ? Category.PHARMA : Category.ELECTRONICS, rng);
        int i = stock.knownSerial(sku, rng);
        if (i < 0) {
          return false;
        }
        begin("RECEIPT", sku, stock.ringLot[i]);
        movements.set(M_SERIAL, serial(sku, stock.ringSerial[i]));
        movements.set(M_QTY, "1");
        movements.set(M_WH, warehouses[rng.nextInt(dcs)]);
        movements.set(M_PARTY, catalog.supplier(sku));
      }
      case UNKNOWN_SERIAL -> {
        int sku = catalog.pick(Category.ELECTRONICS, rng);
        int customer = customerZipf.sample(rng);
        begin("RETURN", sku, StockModel.NO_LOT);
        // counters with bit 62 set are never issued
        movements.set(M_SERIAL, serial(sku, (1L << 62) | badMovementCount));
        movements.set(M_QTY, "1");
        movements.set(M_WH, warehouses[homeDc(customer)]);
        movements.set(M_PARTY, customerId(customer));
      }
      case INSUFFICIENT_STOCK -> {
        int raw = catalog.pick(Category.RAW, rng);
        int s = stock.anySlot(raw, plant, false, rng);
        // the plant's stock is exact in the model: only work orders and cycle counts touch it
        long qty = (s >= 0 ? stock.slotQty[s] : 0) + 1 + rng.nextInt(1000);
        begin("CONSUME", raw, s >= 0 ? stock.slotLot[s] : 0);
        movements.set(M_QTY, qty);
        movements.set(M_WH, warehouses[plant]);
        movements.set(M_REF, Text.pad("WO-", ++woSeq, 8));
      }
      case EXPIRY_MISMATCH -> {
        int s = -1;
        int sku = -1;
        for (int attempt = 0; attempt < 8 && s < 0; attempt++) {
          sku = catalog.pick(rng.nextBoolean() ? Category.TRADED : Category.RAW, rng);
          s = stock.anySlot(sku, -1, true, rng);
          s = s >= 0 && stock.slotExpiry[s] != 0 ? s : -1;
        }
        if (s < 0) {
          return false;
        }
        badReceipt(sku, stock.slotLot[s], stock.slotWh[s]);
        movements.set(M_EXPIRY, instants.date(stock.slotExpiry[s] + 1 + rng.nextInt(30)));
      }
      case LOT_HELD -> {
        return heldConsume(rng);
      }
      default -> throw new IllegalStateException("not a movement reason: " + reason);
    }
    movements.endRow();
    return true;
  }

  /** A RECEIPT row of a lot item with the current clock; warehouse left out when wh < 0. */
  private void badReceipt(int sku, int lot, int wh) {
    begin("RECEIPT", sku, lot);
    movements.set(M_QTY, Math.max(1, catalog.lotSize[sku]));
    if (wh >= 0) {
      movements.set(M_WH, warehouses[wh]);
    }
    movements.set(M_PARTY, catalog.supplier(sku));
  }

  /** CONSUME of one unit of a held lot at the plant; holds a plant lot first (a good row) when none is held. */
  private boolean heldConsume(SplittableRandom rng) {
    int[] candidates = catalog.byCategory[Category.RAW.ordinal()];
    int found = -1;
    int unheld = -1;
    for (int k = 0; k < candidates.length && found < 0; k++) {
      int sku = candidates[k];
      for (int s = sku * StockModel.SLOTS; s < (sku + 1) * StockModel.SLOTS; s++) {
        if (stock.slotLot[s] != StockModel.FREE && stock.slotWh[s] == plant && stock.slotQty[s] > 0) {
          if (stock.slotHeld[s]) {
            found = s;
            break;
          }
          unheld = unheld < 0 ? s : unheld;
        }
      }
    }
    if (found < 0) {
      if (unheld < 0) {
        return false;
      }
      holdRow(unheld / StockModel.SLOTS, stock.slotLot[unheld]);
      found = unheld;
    }
    begin("CONSUME", found / StockModel.SLOTS, stock.slotLot[found]);
    movements.set(M_QTY, 1);
    movements.set(M_WH, warehouses[plant]);
    movements.set(M_REF, Text.pad("WO-", ++woSeq, 8));
    movements.endRow();
    return true;
  }

  private void badOrder(SplittableRandom rng) {
    Reason reason = ORDER_BAD[(int) (badOrderCount % ORDER_BAD.length)];
    if (reason == Reason.DUPLICATE_ORDER_LINE && lastOrderLine == null) {
      reason = Reason.PARSE_ERROR;
    }
    if (reason == Reason.DUPLICATE_ORDER_LINE) {
      orders.load(lastOrderLine);
    } else {
      int customer = customerZipf.sample(rng);
      int sku = catalog.pick(Category.TRADED, rng);
      orders.set(O_ID, Text.pad("SO", ++orderSeq, 9));
      orders.set(O_LINE, 1);
      orders.set(O_TS, ts);
      orders.set(O_CUSTOMER, customerId(customer));
      orders.set(O_SKU, catalog.code[sku]);
      orders.set(O_QTY, 1 + rng.nextInt(20));
      orders.set(O_WH, warehouses[homeDc(customer)]);
      switch (reason) {
        case PARSE_ERROR -> orders.set(O_TS, ts.substring(0, 10) + " " + ts.substring(11, 16));
        case MISSING_FIELD -> orders.set(O_CUSTOMER, null);
        case BAD_VALUE -> orders.set(O_QTY, "0");
        case UNKNOWN_SKU -> orders.set(O_SKU, Catalog.unknownGtin(badOrderCount + 500));
        default -> throw new IllegalStateException("not an order reason: " + reason);
      }
    }
    orders.endRow();
    badOrders.merge(reason, 1L, Long::sum);
    badOrderCount++;
  }

  // ---------------------------------------------------------------- helpers

  private static Category weighted(SplittableRandom rng, Category[] categories, int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int r = rng.nextInt(total);
    for (int i = 0; i < categories.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return categories[i];
      }
    }
    return categories[categories.length - 1];
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }
}
