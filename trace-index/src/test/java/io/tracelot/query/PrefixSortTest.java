package io.tracelot.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrefixSortTest {
  /** Strings around the 15-byte key: NUL bytes and pads, prefixes of one another, long shared prefixes. */
  static byte[] randomBytes(Random r) {
    if (r.nextInt(12) == 0) {
      return null;
    }
    String[] pieces = {"", "\u0000", "a", "b", "\u00FF", "é", "\uD83D\uDE9A", "SO00000", "00000000"};
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(7);
    for (int k = 0; k < n; k++) {
      b.append(pieces[r.nextInt(pieces.length)]);
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void key_agreesWithByteOrder_andEqualShortKeysAreEqualStrings() {
    Random r = new Random(1);
    long[] k = new long[6];
    for (int i = 0; i < 300_000; i++) {
      byte[] x = randomBytes(r);
      byte[] y = r.nextInt(5) == 0 ? (x == null ? null : x.clone()) : randomBytes(r);
      PrefixSort.stringKey(x, k, 0);
      PrefixSort.stringKey(y, k, 3);
      int keys = Long.compareUnsigned(k[0], k[3]) != 0 ? Long.compareUnsigned(k[0], k[3]) : Long.compareUnsigned(k[1], k[4]);
      int strings = x == y ? 0 : x == null ? -1 : y == null ? 1 : Arrays.compareUnsigned(x, y);
      if (keys != 0) {
        assertThat(Integer.signum(keys)).as("%s vs %s", Arrays.toString(x), Arrays.toString(y)).isEqualTo(Integer.signum(strings));
      } else if ((k[1] & 0xFF) != 0xFF) {
        assertThat(strings).as("%s vs %s", Arrays.toString(x), Arrays.toString(y)).isZero();
      }
    }
  }

  /**
   * Rows sorted as a stable sort by RowOrder sorts them, for sizes around the blocks, whatever the
   * types of the keyed columns (strings short and long, numbers, booleans, nulls) and the rest.
   */
  @Test
  void sort_equalsStableSortByRowOrder() {
    Random r = new Random(2);
    for (int[] cols : new int[][] {{0, 2, 5}, {0, 6, 1}, {2, 0, 3, 1}, {5, 4}, {0}}) {
      RowOrder order = RowOrder.of(RowOrderTest.SCHEMA, cols);
      for (int n : new int[] {0, 1, 2, 23, 24, 25, 47, 48, 49, 100, 1000, 5000, 33_333}) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          Object[] row = RowOrderTest.randomRow(r);
          row[0] = randomBytes(r);
          row[6] = randomBytes(r);
          row[1] = (long) i;
          rows.add(r.nextInt(3) == 0 && i > 0 ? rows.get(r.nextInt(i)).clone() : row); // equal keys, then by input
          rows.get(i)[1] = (long) i;
        }
        if (n == 5000) {
          rows.sort(order); // already sorted input
        }
        List<Object[]> expected = new ArrayList<>(rows);
        expected.sort(order);
        Object[][] actual = rows.toArray(new Object[0][]);
        PrefixSort.sort(actual, n, order);
        assertThat(Arrays.asList(actual)).as("%d rows by %s", n, Arrays.toString(cols))
            .containsExactlyElementsOf(expected); // the same row objects
      }
    }
  }
}
