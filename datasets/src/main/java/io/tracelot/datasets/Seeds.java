package io.tracelot.datasets;

import java.util.SplittableRandom;

/**
 * Randomness seeded by id: every entity (a sku, a customer, a movement event, an order) draws from
 * its own generator derived from (seed, kind, id), so what one entity looks like never depends on
 * how many numbers another one happened to draw.
 */
final class Seeds {
  static final long SKU = 1;
  static final long CUSTOMER = 2;
  static final long MOVEMENT = 3;
  static final long ORDER = 4;
  static final long CATALOG = 5;
  static final long BAD_ROW = 6;

  private Seeds() {}

  static SplittableRandom rng(long seed, long kind, long id) {
    return new SplittableRandom(hash(seed, kind, id));
  }

  static long hash(long seed, long kind, long id) {
    return mix(seed ^ mix(kind * 0x9E3779B97F4A7C15L + mix(id)));
  }

  /** The splitmix64 finalizer: a bijection on longs, so distinct inputs give distinct outputs. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Ranks in [0, n) with P(rank) roughly proportional to 1/(rank+1)^exponent, in O(1) by inverting
   * the continuous power law; the constants are computed once per distribution.
   */
  static final class Zipf {
    private final int n;
    private final double span;
    private final double inverse;

    Zipf(int n, double exponent) {
      if (Math.abs(exponent - 1) < 1e-9) {
        throw new IllegalArgumentException("exponent 1 is not supported, got " + exponent);
      }
      this.n = n;
      double a = 1 - exponent;
      this.span = StrictMath.pow(n + 1.0, a) - 1;
      this.inverse = 1 / a;
    }

    int sample(SplittableRandom rng) {
      double x = StrictMath.pow(1 + rng.nextDouble() * span, inverse);
      return (int) Math.min(n - 1, Math.max(0, (long) x - 1));
    }
  }

  // StrictMath throughout: Math may differ by an ulp between platforms, and a rounded quantity
  // would then differ too, breaking byte-identical output across machines.

  /** A log-normal factor with median 1. */
  static double spread(SplittableRandom rng, double sigma) {
    // Box-Muller on two uniforms keeps this independent of any cached gaussian state
    double u1 = 1 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return StrictMath.exp(sigma * StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2));
  }
}
