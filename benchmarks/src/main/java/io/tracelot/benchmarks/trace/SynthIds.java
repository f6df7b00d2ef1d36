package io.tracelot.benchmarks.trace;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Identifiers and randomness of the snapshot synthesizer. Every lot draws from its own generator
 * derived from (seed, kind, id), so a lot's rows never depend on which thread writes it or what
 * was written before; ids are bijections of (lot, sequence), so they are unique without a set.
 */
final class SynthIds {
  static final long LOT = 1;
  static final long ROWS = 2;
  static final long SKU = 3;
  static final long PLAN = 4;
  static final long CUSTOMER = 5;

  /** A lot or group index has at most this many bits; a sequence within it {@link #SEQ_BITS}. */
  static final int LOT_BITS = 22;
  static final int SEQ_BITS = 26;
  static final long MAX_LOTS = 1L << LOT_BITS;
  static final long MAX_SEQ = 1L << SEQ_BITS;

  private static final long MASK48 = (1L << 48) - 1;
  private static final long MASK22 = (1L << 22) - 1;
  private static final byte[] BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".getBytes(StandardCharsets.ISO_8859_1);

  private SynthIds() {}

  static SplittableRandom rng(long seed, long kind, long id) {
    return new SplittableRandom(hash(seed, kind, id));
  }

  static long hash(long seed, long kind, long id) {
    return mix(seed ^ mix(kind * 0x9E3779B97F4A7C15L + mix(id)));
  }

  /** The splitmix64 finalizer: a bijection on longs. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A bijection on [0, 2^48): odd multiplications and xor-shifts, all mod 2^48. */
  static long mix48(long x) {
    x &= MASK48;
    x = (x * 0x9E3779B97F4BL) & MASK48;
    x ^= x >>> 24;
    x = (x * 0xC2B2AE3D27D5L) & MASK48;
    x ^= x >>> 21;
    return x;
  }

  /** A bijection on [0, 2^22). */
  static long mix22(long x) {
    x &= MASK22;
    x = (x * 0x2C1B3L) & MASK22;
    x ^= x >>> 11;
    x = (x * 0x1F2D5L) & MASK22;
    x ^= x >>> 10;
    return x;
  }

  /** (lot, seq) as one number below 2^48, the input of {@link #mix48}. */
  static long key(long lot, long seq) {
    if (lot < 0 || lot >= MAX_LOTS || seq < 0 || seq >= MAX_SEQ) {
      throw new IllegalArgumentException("lot " + lot + " / sequence " + seq + " out of range");
    }
    return lot << SEQ_BITS | seq;
  }

  /** prefix + value in upper-case base 36, zero-padded to {@code width} digits (so string order = numeric order). */
  static String base36(String prefix, long value, int width) {
    byte[] out = new byte[prefix.length() + width];
    for (int i = 0; i < prefix.length(); i++) {
      out[i] = (byte) prefix.charAt(i);
    }
    long v = value;
    for (int i = out.length - 1; i >= prefix.length(); i--) {
      out[i] = BASE36[(int) (v % 36)];
      v /= 36;
    }
    if (v != 0) {
      throw new IllegalArgumentException(value + " does not fit " + width + " base-36 digits");
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** prefix + value zero-padded to {@code width} decimal digits (wider values keep all their digits). */
  static String pad(String prefix, long value, int width) {
    String digits = Long.toString(value);
    StringBuilder b = new StringBuilder(prefix.length() + Math.max(width, digits.length())).append(prefix);
    for (int i = digits.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(digits).toString();
  }

  /** A log-normal factor with median 1 (Box-Muller on two uniforms, no cached state). */
  static double spread(SplittableRandom rng, double sigma) {
    double u1 = 1 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return StrictMath.exp(sigma * StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2));
  }

  /** GTIN-14: indicator, "40", a 5-digit company prefix, a 5-digit item reference, the mod-10 check digit. */
  static String gtin(int indicator, int company, int item) {
    StringBuilder digits = new StringBuilder(14).append(indicator).append("40");
    digits.append(pad("", company % 100_000, 5)).append(pad("", item % 100_000, 5));
    int sum = 0;
    for (int k = 0; k < 13; k++) {
      int d = digits.charAt(12 - k) - '0';
      sum += (k % 2 == 0) ? 3 * d : d;
    }
    return digits.append((10 - sum % 10) % 10).toString();
  }

  /**
   * Log-normal factors with median 1 for the hot path: {@code size} quantiles drawn once, one
   * {@code nextInt} per sample (the exact {@link #spread} costs a pow, a log and a cos per row).
   */
  static final class Spread {
    private final double[] quantiles;

    Spread(double sigma, int size) {
      quantiles = new double[size];
      for (int i = 0; i < size; i++) {
        // the (i + 0.5)/size quantile of the standard normal, by bisection on the error function
        quantiles[i] = StrictMath.exp(sigma * normalQuantile((i + 0.5) / size));
      }
    }

    double sample(SplittableRandom rng) {
      return quantiles[rng.nextInt(quantiles.length)];
    }

    private static double normalQuantile(double p) {
      double lo = -10;
      double hi = 10;
      for (int k = 0; k < 100; k++) {
        double mid = (lo + hi) / 2;
        if (normalCdf(mid) < p) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      return (lo + hi) / 2;
    }

    /** Abramowitz-Stegun 7.1.26 through erf: plenty for drawing quantities. */
    private static double normalCdf(double x) {
      double z = Math.abs(x) / StrictMath.sqrt(2);
      double t = 1 / (1 + 0.3275911 * z);
      double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
          * StrictMath.exp(-z * z);
      return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
  }

  /**
   * Ranks in [0, n) with P(rank) proportional to 1/(rank+1)^exponent, from the cumulative
   * distribution with a guide table: O(1) expected per sample, no pow on the hot path.
   */
  static final class ZipfTable {
    private static final int GUIDE = 1 << 16;
    private final double[] cdf;
    private final int[] guide = new int[GUIDE + 1];

    ZipfTable(int n, double exponent) {
      if (n < 1 || !(exponent > 0)) {
        throw new IllegalArgumentException("Zipf needs n >= 1 and an exponent > 0, got " + n + ", " + exponent);
      }
      cdf = new double[n];
      double sum = 0;
      for (int r = 0; r < n; r++) {
        sum += 1 / StrictMath.pow(r + 1, exponent);
        cdf[r] = sum;
      }
      for (int r = 0; r < n; r++) {
        cdf[r] /= sum;
      }
      cdf[n - 1] = 1;
      int r = 0;
      for (int g = 0; g <= GUIDE; g++) {
        double u = (double) g / GUIDE;
        while (r < n - 1 && cdf[r] <= u) {
          r++;
        }
        guide[g] = r;
      }
    }

    int sample(SplittableRandom rng) {
      double u = rng.nextDouble();
      int r = guide[(int) (u * GUIDE)];
      while (cdf[r] <= u) {
        r++;
      }
      return r;
    }
  }

  /** An affine bijection of [0, n): i -> (a*i + b) mod n, with its inverse. */
  static final class Permutation {
    private final long n;
    private final long a;
    private final long b;
    private final long aInverse;

    Permutation(long n, SplittableRandom rng) {
      if (n < 1 || n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("n must be in 1.." + Integer.MAX_VALUE + ", got " + n);
      }
      this.n = n;
      long candidate = n <= 2 ? 1 : 2 + Math.floorMod(rng.nextLong(), n - 2);
      while (gcd(candidate, n) != 1) {
        candidate = candidate + 1 >= n ? 1 : candidate + 1;
      }
      this.a = candidate;
      this.b = Math.floorMod(rng.nextLong(), n);
      this.aInverse = java.math.BigInteger.valueOf(a).modInverse(java.math.BigInteger.valueOf(n)).longValue();
    }

    long apply(long i) {
      return (mulMod(a, i, n) + b) % n;
    }

    long inverse(long j) {
      return mulMod(aInverse, Math.floorMod(j - b, n), n);
    }

    /** x, y < m <= 2^31: the product fits a long. */
    private static long mulMod(long x, long y, long m) {
      return x * y % m;
    }

    private static long gcd(long x, long y) {
      while (y != 0) {
        long t = x % y;
        x = y;
        y = t;
      }
      return x;
    }
  }
}
