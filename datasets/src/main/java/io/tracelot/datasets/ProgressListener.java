package io.tracelot.datasets;

/**
 * Told periodically how far generation is. Called on the generating thread, so it must be quick.
 */
@FunctionalInterface
public interface ProgressListener {

  /**
   * @param phase what is being generated now ({@code skus}, {@code events}) or {@code done}
   * @param rowsDone rows written so far in this phase
   * @param rowsTotal the planned rows of this phase (an estimate: bad rows and the last order's
   *     lines may add a few)
   */
  void progress(String phase, long rowsDone, long rowsTotal);

  /** A listener that ignores everything. */
  static ProgressListener none() {
    return (phase, rowsDone, rowsTotal) -> {};
  }

  /** One updating line on stderr: phase, rows, rows/s and ETA, redrawn at most 4 times a second. */
  static ProgressListener console() {
    return new ConsoleProgress(System.err, System::nanoTime);
  }
}
