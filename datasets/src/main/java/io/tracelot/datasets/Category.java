package io.tracelot.datasets;

/**
 * The kinds of item a food, pharma and electronics distributor carries. Raw ingredients and
 * intermediates live only at the plant (work orders consume them); the rest is sold from the DCs.
 */
enum Category {
  // share of skus, tracking, sellable, shelf life days (0 = no expiry), lot size range
  RAW(0.06, "LOT", false, 60, 720, 200, 4000),
  INTERMEDIATE(0.04, "LOT", false, 30, 180, 100, 2000),
  FINISHED(0.10, "LOT", true, 90, 365, 100, 2000),
  TRADED(0.40, "LOT", true, 14, 540, 40, 1200),
  BULK(0.15, "NONE", true, 0, 0, 200, 5000),
  STACKED(0.03, "LOT", true, 0, 0, 20, 400),
  PHARMA(0.12, "SERIAL", true, 365, 1095, 6, 30),
  ELECTRONICS(0.10, "SERIAL", true, 0, 0, 2, 12);

  final double skuShare;
  final String tracking;
  final boolean sellable;
  final int minShelfLife;
  final int maxShelfLife;
  /** For lot items the units of a typical lot; for serial items the serials of a carton. */
  final int minLot;
  final int maxLot;

  Category(double skuShare, String tracking, boolean sellable, int minShelfLife, int maxShelfLife, int minLot, int maxLot) {
    this.skuShare = skuShare;
    this.tracking = tracking;
    this.sellable = sellable;
    this.minShelfLife = minShelfLife;
    this.maxShelfLife = maxShelfLife;
    this.minLot = minLot;
    this.maxLot = maxLot;
  }

  boolean serial() {
    return tracking.equals("SERIAL");
  }

  /** Rows of this category name a lot: LOT items, and pharma serials which carry their batch. */
  boolean hasLots() {
    return this != BULK && this != ELECTRONICS;
  }

  boolean expires() {
    return maxShelfLife > 0;
  }
}
