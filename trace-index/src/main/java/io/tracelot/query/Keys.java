package io.tracelot.query;

import java.util.Comparator;

/**
 * The one order of index keys and answer rows: strings by Unicode code point (the order of their
 * UTF-8 bytes, as DuckDB and Arrow compare them), numbers by value, null before any value.
 */
public final class Keys {
  private Keys() {}

  /** Compares two strings by code point (= UTF-8 byte order), unlike {@link String#compareTo}. */
  public static int compareStrings(String a, String b) {
    if (a == b) {
      return 0; // answers share the strings of repeated values
    }
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (x >= 0xD800 && y >= 0xD800) {
          // surrogates (supplementary code points) sort after U+E000..U+FFFF
          x = (char) (x >= 0xE000 ? x - 0x800 : x + 0x2000);
          y = (char) (y >= 0xE000 ? y - 0x800 : y + 0x2000);
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int compareValues(Object a, Object b) {
    if (a == b) {
      return 0;
    }
    if (a == null) {
      return -1;
    }
    if (b == null) {
      return 1;
    }
    if (a instanceof String s) {
      return compareStrings(s, (String) b);
    }
    return ((Comparable) a).compareTo(b);
  }

  /** Rows compared on the given columns, in order. */
  public static Comparator<Object[]> onColumns(int... cols) {
    return (x, y) -> compareRows(x, y, cols, cols.length);
  }

  /** Compares the first {@code n} of the given columns. */
  static int compareRows(Object[] x, Object[] y, int[] cols, int n) {
    for (int i = 0; i < n; i++) {
      int c = compareValues(x[cols[i]], y[cols[i]]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** A comparator chaining nullable string or number extractors. */
  @SafeVarargs
  public static <T> Comparator<T> by(java.util.function.Function<T, ?>... fields) {
    return (x, y) -> {
      for (var f : fields) {
        int c = compareValues(f.apply(x), f.apply(y));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    };
  }
}
