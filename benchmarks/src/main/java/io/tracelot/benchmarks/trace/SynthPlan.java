package io.tracelot.benchmarks.trace;

import io.tracelot.allocator.model.Policy;
import io.tracelot.allocator.model.Tracking;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What the synthesized snapshot holds, decided up front and kept in primitive arrays (a few tens
 * of MB for 100M allocation rows): the item master, every lot with its allocation rows, creation
 * time and expiry, and the genealogy (which lots each produced lot consumed, and how much). The
 * rows themselves are drawn later, lot by lot, from each lot's own seed ({@link SynthPart}).
 *
 * <p>Lots are indexed kind by kind in the order FINISHED, BASE, PREMIX, RAW, PHARMA (the lots
 * with a lot code), then one group per ELECTRONICS and BULK sku (the lot "" of serial items
 * without a lot and of NONE items). Within a kind, lot by lot of each sku in creation order, so
 * a produced lot's edges are planned after every lot that consumes it.
 */
final class SynthPlan {
  /** Kinds of item, as a food, pharma and electronics distributor carries them. */
  enum Kind {
    //           tracking         policy       skus  rows  from  to  shelf life   rows/lot unit
    FINISHED(Tracking.LOT, Policy.FEFO, 0.35, 0.60, 9, 348, 60, 365, 120, "case"),
    BASE(Tracking.LOT, Policy.FEFO, 0.05, 0.02, 6, 342, 30, 240, 0, "kg"),
    PREMIX(Tracking.LOT, Policy.FEFO, 0.05, 0.00, 3, 336, 30, 180, 0, "kg"),
    RAW(Tracking.LOT, Policy.FEFO, 0.10, 0.03, 0, 330, 90, 540, 0, "kg"),
    PHARMA(Tracking.SERIAL, Policy.FEFO, 0.15, 0.15, 0, 340, 365, 1095, 600, "pack"),
    ELECTRONICS(Tracking.SERIAL, Policy.FIFO, 0.12, 0.08, 0, 340, 0, 0, 0, "each"),
    BULK(Tracking.NONE, Policy.FIFO, 0.18, 0.12, 0, 340, 0, 0, 0, "kg");

    final Tracking tracking;
    final Policy policy;
    final double skuShare;
    final double rowShare;
    final int fromDay;
    final int toDay;
    final int minShelf;
    final int maxShelf;
    final int rowsPerLot;
    final String unit;

    Kind(Tracking tracking, Policy policy, double skuShare, double rowShare, int fromDay, int toDay, int minShelf,
        int maxShelf, int rowsPerLot, String unit) {
      this.tracking = tracking;
      this.policy = policy;
      this.skuShare = skuShare;
      this.rowShare = rowShare;
      this.fromDay = fromDay;
      this.toDay = toDay;
      this.minShelf = minShelf;
      this.maxShelf = maxShelf;
      this.rowsPerLot = rowsPerLot;
      this.unit = unit;
    }

    boolean produced() {
      return this == FINISHED || this == BASE || this == PREMIX;
    }
  }

  static final int YEAR = 2026;
  static final long YEAR_START_MICROS = LocalDate.of(YEAR, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
  static final long DAY_MICROS = 86_400_000_000L;
  static final long HOUR_MICROS = 3_600_000_000L;
  /** Allocations end on this day of the year, so that holds and returns still fit in it. */
  static final int LAST_SALES_DAY = 362;
  static final int LAST_DAY = 364;
  static final String PLANT = "PLANT-01";
  private static final String[] DC_NAMES = {"DC-EAST", "DC-WEST", "DC-NORTH", "DC-SOUTH", "DC-CENTRAL"};
  static final int WAREHOUSES = 12;
  /** Lots of at least this many allocation rows: the issue's "200k-row lot". */
  static final int BIG_LOT_ROWS = 200_000;

  final long seed;
  final long rows;

  // ---- item master
  final int skuCount;
  final Kind[] skuKind;
  final String[] skuCode;
  final int[] shelfLife;
  final boolean[] sellable;
  final int[] supplier;
  /** Per produced sku, the skus its recipe consumes. */
  final int[][] components;
  final int[] kindFirstSku = new int[Kind.values().length + 1];

  // ---- warehouses, customers
  final String[] warehouses = new String[WAREHOUSES];
  final String[] customers;
  private final SynthIds.ZipfTable customerZipf;
  private final SynthIds.Permutation customerOrder;

  // ---- lots (coded lots first, then one group per ELECTRONICS / BULK sku)
  final int lotCount;
  final int codedLots;
  final int[] lotSku;
  final int[] lotRows;
  final int[] lotDay;
  final long[] lotTs;
  final long[] lotConsumed;
  final int[] skuFirstLot;
  final int[] skuLots;
  final int[] kindFirstLot = new int[Kind.values().length + 1];
  /** The lots planned to have at least {@link #BIG_LOT_ROWS} rows (or the largest ones, below that scale). */
  final int[] bigLots;

  // ---- genealogy: edges of produced lot c are [edgeStart[c], edgeStart[c+1])
  final int[] edgeStart;
  final int[] edgeParent;
  final long[] edgeQty;

  /** Lot codes: coded lot i has code {@code L<8 digits of codeOf(i)>}; files are written in code order. */
  private final SynthIds.Permutation codes;

  SynthPlan(long rows, long seed) {
    if (rows < 10_000) {
      throw new IllegalArgumentException("allocation rows must be >= 10000, got " + rows);
    }
    this.rows = rows;
    this.seed = seed;
    SplittableRandom plan = SynthIds.rng(seed, SynthIds.PLAN, 0);

    warehouses[0] = PLANT;
    for (int w = 1; w < WAREHOUSES; w++) {
      warehouses[w] = w - 1 < DC_NAMES.length ? DC_NAMES[w - 1] : SynthIds.pad("DC-", w, 2);
    }
    int customerCount = (int) Math.max(100, Math.min(60_000, rows / 1_600));
    customers = new String[customerCount];
    int keyAccounts = Math.max(1, customerCount / 100);
    for (int c = 0; c < customerCount; c++) {
      customers[c] = c < keyAccounts ? SynthIds.pad("KA-", c + 1, 6) : SynthIds.pad("C-", c + 1, 6);
    }
    customerZipf = new SynthIds.ZipfTable(customerCount, 0.9);
    customerOrder = new SynthIds.Permutation(customerCount, plan);

    // ---- skus: kind by kind, each at least its minimum
    int target = (int) Math.max(60, Math.min(5_000, rows / 20_000));
    int[] perKind = new int[Kind.values().length];
    int assigned = 0;
    for (Kind k : Kind.values()) {
      perKind[k.ordinal()] = Math.max(k == Kind.RAW ? 6 : 3, (int) Math.round(k.skuShare * target));
      assigned += perKind[k.ordinal()];
    }
    perKind[Kind.FINISHED.ordinal()] += Math.max(0, target - assigned);
    int total = Arrays.stream(perKind).sum();
    skuKind = new Kind[total];
    for (Kind k : Kind.values()) {
      kindFirstSku[k.ordinal() + 1] = kindFirstSku[k.ordinal()] + perKind[k.ordinal()];
      Arrays.fill(skuKind, kindFirstSku[k.ordinal()], kindFirstSku[k.ordinal() + 1], k);
    }
    skuCode = new String[total];
    shelfLife = new int[total];
    sellable = new boolean[total];
    supplier = new int[total];
    components = new int[total][];
    double[] popularity = new double[total];
    for (Kind k : Kind.values()) {
      int first = kindFirstSku[k.ordinal()];
      int n = perKind[k.ordinal()];
      SynthIds.Permutation rank = new SynthIds.Permutation(n, plan);
      for (int i = 0; i < n; i++) {
        popularity[first + i] = 1 / Math.pow(rank.apply(i) + 1, 0.9);
      }
    }
    for (int s = 0; s < total; s++) {
      SplittableRandom r = SynthIds.rng(seed, SynthIds.SKU, s);
      Kind k = skuKind[s];
      supplier[s] = r.nextInt(400);
      skuCode[s] = SynthIds.gtin(k.tracking == Tracking.NONE ? 1 : 0, 10_000 + supplier[s], s);
      shelfLife[s] = k.maxShelf == 0 ? 0 : k.minShelf + r.nextInt(k.maxShelf - k.minShelf + 1);
      sellable[s] = switch (k) {
        case FINISHED, PHARMA, ELECTRONICS, BULK -> true;
        case RAW, BASE -> s % 3 == 0;
        case PREMIX -> false;
      };
      components[s] = recipe(k, r);
    }
    this.skuCount = total;

    // ---- allocation rows per sellable sku, by kind
    double[] skuRows = new double[total];
    long bigTotal = 0;
    int bigCount = (int) Math.max(1, Math.min(5, rows / 20_000_000));
    long[] bigRows = new long[bigCount];
    for (int i = 0; i < bigCount; i++) {
      bigRows[i] = Math.min(BIG_LOT_ROWS + plan.nextInt(180_001), rows / 10);
      bigTotal += bigRows[i];
    }
    for (Kind k : Kind.values()) {
      double budget = k == Kind.FINISHED ? rows * k.rowShare - bigTotal : rows * k.rowShare;
      double weights = 0;
      for (int s = kindFirstSku[k.ordinal()]; s < kindFirstSku[k.ordinal() + 1]; s++) {
        weights += sellable[s] ? popularity[s] : 0;
      }
      for (int s = kindFirstSku[k.ordinal()]; s < kindFirstSku[k.ordinal() + 1]; s++) {
        skuRows[s] = sellable[s] && weights > 0 ? budget * popularity[s] / weights : 0;
      }
    }

    // ---- lots per sku: sold lots from their rows, produced and raw lots from how often they are used
    skuLots = new int[total];
    for (Kind k : new Kind[] {Kind.FINISHED, Kind.PHARMA}) {
      for (int s = kindFirstSku[k.ordinal()]; s < kindFirstSku[k.ordinal() + 1]; s++) {
        skuLots[s] = (int) Math.max(1, Math.round(skuRows[s] / k.rowsPerLot));
      }
    }
    double[] usage = new double[total];
    for (Kind child : new Kind[] {Kind.FINISHED, Kind.BASE, Kind.PREMIX}) {
      for (int s = kindFirstSku[child.ordinal()]; s < kindFirstSku[child.ordinal() + 1]; s++) {
        if (child != Kind.FINISHED) {
          skuLots[s] = (int) Math.max(1, Math.round(usage[s] / (child == Kind.BASE ? 4.0 : 3.0)));
        }
        for (int c : components[s]) {
          usage[c] += skuLots[s];
        }
      }
    }
    for (int s = kindFirstSku[Kind.RAW.ordinal()]; s < kindFirstSku[Kind.RAW.ordinal() + 1]; s++) {
      skuLots[s] = (int) Math.max(1, Math.max(Math.round(usage[s] / 3.0), Math.round(skuRows[s] / 60)));
    }
    for (Kind k : new Kind[] {Kind.ELECTRONICS, Kind.BULK}) {
      for (int s = kindFirstSku[k.ordinal()]; s < kindFirstSku[k.ordinal() + 1]; s++) {
        skuLots[s] = 1;
      }
    }

    // ---- lot indexes in kind order
    skuFirstLot = new int[total];
    int next = 0;
    for (Kind k : Kind.values()) {
      kindFirstLot[k.ordinal()] = next;
      for (int s = kindFirstSku[k.ordinal()]; s < kindFirstSku[k.ordinal() + 1]; s++) {
        skuFirstLot[s] = next;
        next += skuLots[s];
      }
    }
    kindFirstLot[Kind.values().length] = next;
    lotCount = next;
    codedLots = kindFirstLot[Kind.ELECTRONICS.ordinal()];
    if (lotCount >= SynthIds.MAX_LOTS) {
      throw new IllegalArgumentException(lotCount + " lots are more than the ids allow (" + SynthIds.MAX_LOTS + ")");
    }
    lotSku = new int[lotCount];
    lotRows = new int[lotCount];
    lotDay = new int[lotCount];
    lotTs = new long[lotCount];
    lotConsumed = new long[lotCount];

    for (int s = 0; s < total; s++) {
      SplittableRandom r = SynthIds.rng(seed, SynthIds.SKU, total + s);
      Kind k = skuKind[s];
      int n = skuLots[s];
      double[] share = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        share[i] = SynthIds.spread(r, k == Kind.FINISHED ? 1.0 : 0.7);
        sum += share[i];
      }
      int span = k.toDay - k.fromDay;
      for (int i = 0; i < n; i++) {
        int lot = skuFirstLot[s] + i;
        lotSku[lot] = s;
        lotRows[lot] = (int) Math.round(skuRows[s] * share[i] / sum);
        if (k == Kind.FINISHED || k == Kind.PHARMA || k == Kind.ELECTRONICS || k == Kind.BULK) {
          lotRows[lot] = Math.max(1, lotRows[lot]);
        }
        // the first lot of every sku on its kind's first day, so that every consumer finds an older lot
        double at = i == 0 ? 0 : (i + r.nextDouble()) * span / n;
        lotDay[lot] = k.fromDay + (int) at;
        lotTs[lot] = YEAR_START_MICROS + lotDay[lot] * DAY_MICROS + 6 * HOUR_MICROS + (long) (r.nextDouble() * 12 * HOUR_MICROS);
      }
    }

    // ---- the big lots: one mid-year lot of each of the most popular finished skus
    int firstFinished = kindFirstSku[Kind.FINISHED.ordinal()];
    Integer[] byPopularity = new Integer[perKind[Kind.FINISHED.ordinal()]];
    for (int i = 0; i < byPopularity.length; i++) {
      byPopularity[i] = firstFinished + i;
    }
    Arrays.sort(byPopularity, (a, b) -> Double.compare(popularity[b], popularity[a]));
    bigLots = new int[Math.min(bigCount, byPopularity.length)];
    for (int i = 0; i < bigLots.length; i++) {
      int s = byPopularity[i];
      int lot = skuFirstLot[s] + skuLots[s] / 2;
      bigLots[i] = lot;
      lotRows[lot] = (int) bigRows[i];
    }
    makeExact();

    // ---- genealogy, produced lots in index order: each consumer is planned before the lots it consumes
    IntList parents = new IntList();
    LongList qtys = new LongList();
    edgeStart = new int[lotCount + 1];
    for (int lot = 0; lot < lotCount; lot++) {
      edgeStart[lot] = parents.size;
      int s = lotSku[lot];
      Kind k = skuKind[s];
      if (!k.produced()) {
        continue;
      }
      SplittableRandom r = SynthIds.rng(seed, SynthIds.LOT, lotCount + lot);
      double output = switch (k) {
        case FINISHED -> 5.0 * lotRows[lot] + 20;
        case BASE -> lotConsumed[lot] + 150.0 * lotRows[lot] + 50;
        default -> lotConsumed[lot] + 20;
      };
      for (int c : components[s]) {
        double perUnit = switch (k) {
          case FINISHED -> skuKind[c] == Kind.BASE ? 0.2 + 0.4 * r.nextDouble() : 0.05;
          case BASE -> skuKind[c] == Kind.PREMIX ? 0.4 : 0.3;
          default -> 0.35;
        };
        long need = Math.max(1, Math.round(output * perUnit));
        int parent = current(c, lotDay[lot]);
        if (parent > skuFirstLot[c] && r.nextInt(4) == 0) {
          // the end of the previous lot, then the current one
          long older = Math.max(1, need * 3 / 10);
          add(parents, qtys, parent - 1, older);
          add(parents, qtys, parent, Math.max(1, need - older));
        } else {
          add(parents, qtys, parent, need);
        }
      }
    }
    edgeStart[lotCount] = parents.size;
    edgeParent = parents.toArray();
    edgeQty = qtys.toArray();

    codes = new SynthIds.Permutation(codedLots, plan);
  }

  private void add(IntList parents, LongList qtys, int parent, long qty) {
    parents.add(parent);
    qtys.add(qty);
    lotConsumed[parent] += qty;
  }

  /** The lot of sku {@code s} in use on {@code day}: the last one created before that day. */
  private int current(int s, int day) {
    int lo = skuFirstLot[s];
    int hi = lo + skuLots[s] - 1;
    int found = lo;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (lotDay[mid] <= day - 1) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private int[] recipe(Kind k, SplittableRandom r) {
    int[] raws = range(Kind.RAW);
    int[] premixes = range(Kind.PREMIX);
    int[] bases = range(Kind.BASE);
    return switch (k) {
      case FINISHED -> r.nextInt(3) == 0
          ? new int[] {pick(bases, r), pick(raws, r)}
          : new int[] {pick(bases, r)};
      case BASE -> r.nextBoolean()
          ? distinct(new int[] {pick(premixes, r), pick(premixes, r), pick(raws, r)})
          : new int[] {pick(premixes, r), pick(raws, r)};
      case PREMIX -> distinct(r.nextBoolean()
          ? new int[] {pick(raws, r), pick(raws, r)}
          : new int[] {pick(raws, r), pick(raws, r), pick(raws, r)});
      default -> new int[0];
    };
  }

  private int[] range(Kind k) {
    int[] out = new int[kindFirstSku[k.ordinal() + 1] - kindFirstSku[k.ordinal()]];
    for (int i = 0; i < out.length; i++) {
      out[i] = kindFirstSku[k.ordinal()] + i;
    }
    return out;
  }

  private static int pick(int[] from, SplittableRandom r) {
    return from[r.nextInt(from.length)];
  }

  private static int[] distinct(int[] skus) {
    return Arrays.stream(skus).distinct().toArray();
  }

  /** Adds or removes rows over the regular finished lots until the plan holds exactly {@link #rows}. */
  private void makeExact() {
    long sum = 0;
    for (int r : lotRows) {
      sum += r;
    }
    long diff = rows - sum;
    int first = kindFirstLot[Kind.FINISHED.ordinal()];
    int n = kindFirstLot[Kind.FINISHED.ordinal() + 1] - first;
    java.util.Set<Integer> big = new java.util.HashSet<>();
    for (int b : bigLots) {
      big.add(b);
    }
    for (int round = 0; diff != 0; round++) {
      if (round > 1_000) {
        throw new IllegalStateException("cannot plan exactly " + rows + " allocation rows (" + diff + " left)");
      }
      long step = diff / n != 0 ? diff / n : Long.signum(diff);
      for (int i = 0; i < n && diff != 0; i++) {
        int lot = first + i;
        long s = Math.abs(step) > Math.abs(diff) ? diff : step;
        if (!big.contains(lot) && lotRows[lot] + s >= 1 && lotRows[lot] + s < SynthIds.MAX_SEQ) {
          lotRows[lot] += (int) s;
          diff -= s;
        }
      }
    }
  }

  Kind kind(int lot) {
    return skuKind[lotSku[lot]];
  }

  /** The lot code of a coded lot. */
  String lotCode(int lot) {
    return SynthIds.pad("L", codes.apply(lot), 8);
  }

  /** The coded lot whose code is the {@code position}-th in code order. */
  int lotAtCode(long position) {
    return (int) codes.inverse(position);
  }

  /** The lots (and groups) in the order their allocation rows are written: coded lots by code, then groups by sku code. */
  int[] writeOrder() {
    int[] order = new int[lotCount];
    for (int i = 0; i < codedLots; i++) {
      order[i] = lotAtCode(i);
    }
    Integer[] groups = new Integer[lotCount - codedLots];
    for (int i = 0; i < groups.length; i++) {
      groups[i] = codedLots + i;
    }
    Arrays.sort(groups, (a, b) -> skuCode[lotSku[a]].compareTo(skuCode[lotSku[b]]));
    for (int i = 0; i < groups.length; i++) {
      order[codedLots + i] = groups[i];
    }
    return order;
  }

  /** A customer drawn with Zipf-like demand (a few customers buy most). */
  String customer(SplittableRandom r) {
    return customers[(int) customerOrder.apply(customerZipf.sample(r))];
  }

  /** Description and unit of measure of a sku, drawn from its own seed. */
  String[] descriptionAndUnit(int s) {
    SplittableRandom r = SynthIds.rng(seed, SynthIds.SKU, 2L * skuCount + s);
    Kind k = skuKind[s];
    String[] names = switch (k) {
      case FINISHED -> new String[] {"Margherita pizza, frozen", "Hazelnut spread", "Chocolate biscuits",
          "Pasta sauce \"arrabbiata\"", "Brioche rolls", "Praline box", "Greek yoghurt", "Apple juice"};
      case BASE -> new String[] {"Dough base", "Chocolate filling", "Tomato sauce base", "Praline paste", "Cream mix"};
      case PREMIX -> new String[] {"Spice blend", "Cocoa premix", "Vitamin premix", "Flour blend"};
      case RAW -> new String[] {"Wheat flour type 550", "Cane sugar", "Sea salt", "Cocoa mass", "Skimmed milk powder",
          "Tomato paste 28-30 brix", "Hazelnuts, roasted", "Crème fraîche"};
      case PHARMA -> new String[] {"Ibuprofen 400 mg", "Amoxicillin 500 mg", "Insulin pen 100 IU/ml", "Paracetamol 500 mg",
          "Omeprazole 20 mg"};
      case ELECTRONICS -> new String[] {"Laptop 14\" i7 16 GB", "Smartphone 128 GB, black", "Wireless headset",
          "Tablet 10.9\" Wi-Fi", "Barcode scanner"};
      case BULK -> new String[] {"Road salt", "Sunflower seeds, bulk", "Wood pellets", "Lubricant oil", "Animal feed pellets"};
    };
    String name = names[r.nextInt(names.length)];
    String pack = switch (k) {
      case FINISHED -> (6 + 6 * r.nextInt(4)) + " x " + (100 + 50 * r.nextInt(10)) + " g";
      case PHARMA -> (10 + 10 * r.nextInt(10)) + " units";
      case ELECTRONICS -> "model " + (char) ('A' + r.nextInt(26)) + (100 + r.nextInt(900));
      default -> (5 + r.nextInt(20)) * 5 + " " + k.unit + " sack";
    };
    return new String[] {name + ", " + pack + " #" + s, k.unit};
  }

  String supplierOf(int s) {
    return SynthIds.pad("SUP-", supplier[s] + 1, 5);
  }

  /** The lot's expiry in epoch days, or -1 when its sku does not expire. */
  int expiryDay(int lot) {
    int shelf = shelfLife[lotSku[lot]];
    return shelf == 0 ? -1 : (int) Math.floorDiv(lotTs[lot], DAY_MICROS) + shelf;
  }

  private static final class IntList {
    int[] values = new int[1024];
    int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  private static final class LongList {
    long[] values = new long[1024];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
