package io.tracelot.jobs.allocation;

/** Where the allocation operator keeps sku books. */
public enum StockIndexKind {
  /** The product: persisted off-heap Chronicle Map files per key group, kept in the snapshot. */
  CHRONICLE,
  /**
   * Flink's own keyed state (heap or RocksDB backend, per the job's configuration): the peer the
   * end-to-end benchmark compares against. Nothing outlives the run, so no chained runs.
   */
  FLINK_STATE
}
