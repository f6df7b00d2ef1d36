package io.tracelot.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The item master: per sku its category, code, policy, shelf life, lot size, demand factor and,
 * for produced items, the components of its recipe. Held as primitive arrays; descriptions are
 * drawn again from the sku's own seed when skus.csv is written, never stored.
 */
final class Catalog {
  /** Zipf exponent of sku popularity within a category. */
  static final double SKU_ZIPF = 0.9;

  final int size;
  final int suppliers;
  final Category[] category;
  final String[] code;
  final String[] policy;
  final int[] shelfLife;
  final int[] lotSize;
  /** Demand relative to supply; a few skus above 1 run short and backorder. */
  final float[] demand;
  final int[] componentA;
  final int[] componentB;
  /** Per category, its skus from most to least popular. */
  final int[][] byCategory;
  private final Seeds.Zipf[] popularity;
  private final long seed;

  Catalog(long seed, int size) {
    this.seed = seed;
    this.size = size;
    this.suppliers = Math.max(4, Math.min(50_000, size / 15));
    category = assignCategories(seed, size);
    code = new String[size];
    policy = new String[size];
    shelfLife = new int[size];
    lotSize = new int[size];
    demand = new float[size];
    componentA = new int[size];
    componentB = new int[size];
    List<List<Integer>> lists = new ArrayList<>();
    for (int c = 0; c < Category.values().length; c++) {
      lists.add(new ArrayList<>());
    }
    for (int i = 0; i < size; i++) {
      lists.get(category[i].ordinal()).add(i);
    }
    byCategory = new int[lists.size()][];
    for (int c = 0; c < lists.size(); c++) {
      byCategory[c] = lists.get(c).stream().mapToInt(Integer::intValue).toArray();
    }
    popularity = new Seeds.Zipf[byCategory.length];
    for (int c = 0; c < byCategory.length; c++) {
      popularity[c] = new Seeds.Zipf(byCategory[c].length, SKU_ZIPF);
    }
    for (int i = 0; i < size; i++) {
      describe(i);
    }
  }

  private void describe(int i) {
    SplittableRandom rng = Seeds.rng(seed, Seeds.SKU, i);
    Category cat = category[i];
    code[i] = gtin(cat.tracking.equals("NONE") || cat == Category.TRADED ? 1 : 0, 10_000 + i % suppliers, i / suppliers);
    policy[i] = switch (cat) {
      case ELECTRONICS -> "FIFO";
      case STACKED -> "LIFO";
      case BULK -> rng.nextInt(5) < 3 ? "FIFO" : "FEFO";
      // leaving FEFO out sometimes exercises the default
      default -> rng.nextInt(5) == 0 ? null : "FEFO";
    };
    shelfLife[i] = cat.expires() ? cat.minShelfLife + rng.nextInt(cat.maxShelfLife - cat.minShelfLife + 1) : 0;
    lotSize[i] = (int) Math.round(cat.minLot * StrictMath.pow((double) cat.maxLot / cat.minLot, rng.nextDouble()));
    demand[i] = (float) (rng.nextInt(100) < 15 ? 1.1 + 0.3 * rng.nextDouble() : 0.8 + 0.2 * rng.nextDouble());
    componentA[i] = -1;
    componentB[i] = -1;
    int[] raws = byCategory[Category.RAW.ordinal()];
    int[] intermediates = byCategory[Category.INTERMEDIATE.ordinal()];
    if (cat == Category.INTERMEDIATE) {
      componentA[i] = raws[rng.nextInt(raws.length)];
      componentB[i] = rng.nextBoolean() ? raws[rng.nextInt(raws.length)] : -1;
    } else if (cat == Category.FINISHED) {
      componentA[i] = intermediates[rng.nextInt(intermediates.length)];
      componentB[i] = rng.nextInt(3) == 0 ? raws[rng.nextInt(raws.length)] : -1;
    }
    if (componentB[i] == componentA[i]) {
      componentB[i] = -1;
    }
  }

  /** Every category gets its share of skus and at least one, spread over the index by a seeded shuffle. */
  private static Category[] assignCategories(long seed, int size) {
    Category[] all = Category.values();
    Category[] result = new Category[size];
    int next = 0;
    for (Category c : all) {
      int n = Math.max(1, (int) Math.round(c.skuShare * size));
      for (int k = 0; k < n && next < size; k++) {
        result[next++] = c;
      }
    }
    while (next < size) {
      result[next++] = Category.TRADED;
    }
    SplittableRandom rng = Seeds.rng(seed, Seeds.CATALOG, 0);
    for (int i = size - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      Category t = result[i];
      result[i] = result[j];
      result[j] = t;
    }
    return result;
  }

  /** A popular-first pick of a sku of the category. */
  int pick(Category cat, SplittableRandom rng) {
    return byCategory[cat.ordinal()][popularity[cat.ordinal()].sample(rng)];
  }

  String supplier(int sku) {
    return Text.pad("SUP-", sku % suppliers, 5);
  }

  /** GTIN-14: indicator, 7-digit company prefix, 5-digit item reference, mod-10 check digit. */
  static String gtin(int indicator, int company, int item) {
    StringBuilder digits = new StringBuilder(14).append(indicator).append("40");
    Text.pad(digits, company, 5);
    Text.pad(digits, item, 5);
    int sum = 0;
    for (int k = 0; k < 13; k++) {
      int d = digits.charAt(12 - k) - '0';
      sum += (k % 2 == 0) ? 3 * d : d;
    }
    return digits.append((10 - sum % 10) % 10).toString();
  }

  /** A sku code of the same shape that no generated sku has (company prefixes stop below 60000). */
  static String unknownGtin(long n) {
    return gtin(0, 99_000 + (int) (n % 1000), (int) (n / 1000 % 100_000));
  }

  // description vocabulary; commas, quotes, a newline and non-ASCII letters exercise quoting and UTF-8
  private static final String[] FOOD = {
    "Tomato puree", "Chickpeas, dried", "Olive oil \"extra virgin\"", "Crème fraîche", "Basmati rice", "Jalapeño slices",
    "Greek yoghurt", "Rolled oats", "Sunflower oil", "Peanut butter, crunchy", "Tinned tuna in brine", "Wholegrain pasta",
    "Cheddar, mature", "Apple juice", "Coffee beans \"espresso\"", "Dark chocolate 70%", "Honey, raw", "Smoked paprika"
  };
  private static final String[] RAW_NAMES = {
    "Wheat flour type 550", "Cane sugar", "Sea salt", "Cocoa mass", "Skimmed milk powder", "Tomato paste 28-30 brix",
    "Palm-free vegetable fat", "Whole eggs, pasteurised", "Yeast, fresh", "Hazelnuts, roasted"
  };
  private static final String[] INTERMEDIATE_NAMES = {
    "Dough base", "Chocolate filling", "Tomato sauce base", "Praline paste", "Cream mix", "Spice blend"
  };
  private static final String[] FINISHED_NAMES = {
    "Margherita pizza, frozen", "Hazelnut spread", "Chocolate biscuits", "Pasta sauce \"arrabbiata\"", "Brioche rolls", "Praline box"
  };
  private static final String[] PHARMA_NAMES = {
    "Amoxicillin 500 mg capsules", "Ibuprofen 400 mg tablets", "Insulin glargine pen", "Paracetamol 1 g, effervescent",
    "Omeprazole 20 mg", "Salbutamol inhaler 100 µg"
  };
  private static final String[] ELECTRONICS_NAMES = {
    "Laptop 14\" i7 16 GB", "Smartphone 128 GB, black", "Wireless headset", "Tablet 10.9\" Wi-Fi", "Barcode scanner",
    "Label printer, thermal"
  };
  private static final String[] BULK_NAMES = {
    "Road salt", "Sunflower seeds, bulk", "Wood pellets", "Lubricant oil", "Cleaning concentrate", "Animal feed pellets"
  };
  private static final String[] STACKED_NAMES = {"Paving slab 40x40, grey", "Euro pallet", "Plasterboard 12.5 mm", "Cement bag 25 kg"};

  /** Description and unit of measure of a sku, drawn from its own seed. */
  String[] descriptionAndUnit(int i) {
    SplittableRandom rng = Seeds.rng(seed, Seeds.SKU, ~(long) i);
    Category cat = category[i];
    String[] names = switch (cat) {
      case RAW -> RAW_NAMES;
      case INTERMEDIATE -> INTERMEDIATE_NAMES;
      case FINISHED -> FINISHED_NAMES;
      case TRADED -> FOOD;
      case BULK -> BULK_NAMES;
      case STACKED -> STACKED_NAMES;
      case PHARMA -> PHARMA_NAMES;
      case ELECTRONICS -> ELECTRONICS_NAMES;
    };
    String name = names[rng.nextInt(names.length)];
    String unit;
    String pack;
    switch (cat) {
      case RAW, INTERMEDIATE, BULK -> {
        unit = rng.nextInt(4) == 0 ? "l" : "kg";
        pack = rng.nextBoolean() ? "bulk" : (5 + rng.nextInt(20)) * 5 + " " + unit + " sack";
      }
      case PHARMA -> {
        unit = "pack";
        pack = (1 + rng.nextInt(10)) * 10 + " pcs";
      }
      case ELECTRONICS, STACKED -> {
        unit = "each";
        pack = "1 pc";
      }
      default -> {
        unit = rng.nextInt(3) == 0 ? "case" : "each";
        pack = unit.equals("case") ? (6 + 6 * rng.nextInt(4)) + " x " + (100 + 50 * rng.nextInt(10)) + " g" : (100 + 50 * rng.nextInt(18)) + " g";
      }
    }
    // mostly "name pack"; some ERPs write "name, pack", and a rare one breaks the line
    int style = rng.nextInt(40);
    String separator = style == 0 ? "\n" : style < 10 ? ", " : " ";
    // an absent unit means "each", so only "each" is ever left out
    return new String[] {name + separator + pack, unit.equals("each") && rng.nextInt(4) == 0 ? null : unit};
  }
}
