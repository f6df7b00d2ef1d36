package io.tracelot.benchmarks.allocator;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Zipf-distributed indexes in [0, n), scrambled (rank r is item {@code perm[r]}) so that the hot
 * items are spread over the key space, like YCSB's ScrambledZipfianGenerator that caffeine's
 * benchmarks use. Sampling is a binary search in the cumulative distribution: meant for setup
 * code, not for a measured loop.
 */
final class Zipf {
  private final double[] cdf;
  private final int[] perm;
  private final SplittableRandom rnd;

  Zipf(int n, double exponent, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    if (!(exponent > 0)) {
      throw new IllegalArgumentException("exponent must be > 0, got " + exponent);
    }
    cdf = new double[n];
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum += 1 / Math.pow(r + 1, exponent);
      cdf[r] = sum;
    }
    for (int r = 0; r < n; r++) {
      cdf[r] /= sum;
    }
    rnd = new SplittableRandom(seed);
    perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
  }

  int next() {
    int r = Arrays.binarySearch(cdf, rnd.nextDouble());
    r = r >= 0 ? r : -r - 1;
    return perm[Math.min(r, perm.length - 1)];
  }
}
