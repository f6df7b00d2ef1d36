package io.tracelot.query;

import io.tracelot.arrow.RowSchema;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The order of {@link Keys#onColumns} for the rows the index build sorts, whose strings are UTF-8
 * bytes: unsigned byte order is code point order (UTF-8 keeps it), and {@link Arrays#compareUnsigned}
 * finds the first difference with the JDK's vectorized mismatch, 8 bytes at a time, where
 * {@link Keys#compareStrings} walks the long shared prefixes of ids char by char. Each column's
 * comparison is chosen once from its type.
 */
final class RowOrder implements Comparator<Object[]> {
  private static final byte BYTES = 0;
  private static final byte LONG = 1;
  private static final byte INT = 2;
  private static final byte BOOL = 3;

  private final int[] cols;
  private final byte[] kinds;

  private RowOrder(int[] cols, byte[] kinds) {
    this.cols = cols;
    this.kinds = kinds;
  }

  /** Rows of {@code schema} (strings as UTF-8 bytes) compared on {@code cols}, in order. */
  static RowOrder of(RowSchema schema, int... cols) {
    byte[] kinds = new byte[cols.length];
    for (int i = 0; i < cols.length; i++) {
      kinds[i] = switch (schema.cols().get(cols[i]).kind()) {
        case STRING -> BYTES;
        case INT64, TIMESTAMP -> LONG;
        case INT32, DATE -> INT;
        case BOOL -> BOOL;
      };
    }
    return new RowOrder(cols.clone(), kinds);
  }

  @Override
  public int compare(Object[] x, Object[] y) {
    for (int i = 0; i < cols.length; i++) {
      Object a = x[cols[i]];
      Object b = y[cols[i]];
      if (a == b) {
        continue; // also two nulls, and the shared bytes of a repeated value
      }
      if (a == null) {
        return -1;
      }
      if (b == null) {
        return 1;
      }
      int c = switch (kinds[i]) {
        case BYTES -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
        case LONG -> Long.compare((Long) a, (Long) b);
        case INT -> Integer.compare((Integer) a, (Integer) b);
        default -> Boolean.compare((Boolean) a, (Boolean) b);
      };
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
