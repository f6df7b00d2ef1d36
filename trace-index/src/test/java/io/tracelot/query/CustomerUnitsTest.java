package io.tracelot.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CustomerUnitsTest {
  /** Sums like a TreeMap, in number order, both below and past the switch to dense arrays. */
  @Test
  void sumsUnitsPerCustomer_inNumberOrder_sparseAndDense() {
    for (int distinct : new int[] {1, 7, CustomerUnits.DENSE_AFTER, CustomerUnits.DENSE_AFTER + 1, 20_000}) {
      for (int indexCustomers : new int[] {60_000, CustomerUnits.DENSE_MAX_CUSTOMERS + 1}) {
        Random r = new Random(distinct);
        CustomerUnits units = new CustomerUnits(indexCustomers);
        Map<Integer, Long> expected = new TreeMap<>();
        for (int i = 0; i < distinct * 5; i++) {
          int c = r.nextInt(Math.min(indexCustomers, distinct * 3)) % indexCustomers;
          if (expected.size() >= distinct && !expected.containsKey(c)) {
            continue;
          }
          long q = r.nextInt(3); // units of 0 too: the customer is still listed
          units.add(c, q);
          expected.merge(c, q, Long::sum);
        }
        List<long[]> actual = new ArrayList<>();
        units.forEachInOrder((c, q) -> actual.add(new long[] {c, q}));
        List<long[]> want = new ArrayList<>();
        expected.forEach((c, q) -> want.add(new long[] {c, q}));
        assertThat(actual).as("%d customers of %d", distinct, indexCustomers).hasSameSizeAs(want);
        for (int i = 0; i < want.size(); i++) {
          assertThat(actual.get(i)).as("entry %d (%d customers of %d)", i, distinct, indexCustomers).containsExactly(want.get(i));
        }
      }
    }
  }
}
