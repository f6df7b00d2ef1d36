package io.tracelot.query;

/** Progress of an index build: rows done of a phase, and the rate. Called from the building thread. */
@FunctionalInterface
public interface IndexProgress {
  /**
   * @param phase what is being done, e.g. {@code read allocations} or {@code write alloc_by_lot}
   * @param rows rows done so far in the whole build (read, then written)
   * @param totalRows rows the build will handle in all (from the manifest), or -1 when unknown
   * @param rowsPerSecond rows per second since the build started
   */
  void update(String phase, long rows, long totalRows, double rowsPerSecond);

  static IndexProgress none() {
    return (phase, rows, total, rate) -> {};
  }
}
