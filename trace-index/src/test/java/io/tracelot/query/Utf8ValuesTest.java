package io.tracelot.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

class Utf8ValuesTest {
  @Test
  void numbersEachDistinctValueOnce_andDecodesItExactly() {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      values.add("C-" + String.format("%06d", i % 1_000)); // neighbours, repeated: the table grows past 256 slots
    }
    values.add(null);
    values.add("Zürich-Ost 倉庫 \uD83D\uDE9A");
    values.add("x".repeat(200)); // longer than the scratch array
    values.add("");
    try (BufferAllocator allocator = new RootAllocator(); VarCharVector v = new VarCharVector("v", allocator)) {
      v.allocateNew(values.size());
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i) == null) {
          v.setNull(i);
        } else {
          v.setSafe(i, values.get(i).getBytes(StandardCharsets.UTF_8));
        }
      }
      v.setValueCount(values.size());

      Utf8Values u = new Utf8Values();
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < values.size(); i++) {
        String expected = values.get(i);
        int n = u.number(v, i);
        if (expected == null) {
          assertThat(n).isEqualTo(-1);
          assertThat(u.string(n)).isNull();
          assertThat(u.string(v, i)).isNull();
          continue;
        }
        Integer before = seen.putIfAbsent(expected, n);
        assertThat(n).as("value %d: %s", i, expected).isEqualTo(before == null ? seen.size() - 1 : before);
        assertThat(u.string(n)).isEqualTo(expected);
        assertThat(u.string(v, i)).isEqualTo(expected);
      }
      assertThat(u.size()).isEqualTo(seen.size()).isEqualTo(1_003);
    }
  }

  /** The index's binary search compares UTF-8 bytes; it must order exactly as the keys do. */
  @Test
  void compareUtf8_ordersAsCompareStrings() {
    java.util.Random r = new java.util.Random(11);
    String[] alphabet = {"a", "b", "A", "0", "-", "é", "ÿ", "\uFFFD", "\uE000", "倉", "\uD83D\uDE9A", "\u0000"};
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(20);
      for (int k = 0; k < n; k++) {
        b.append(alphabet[r.nextInt(k < 9 ? 2 : alphabet.length)]); // long shared prefixes, then anything
      }
      values.add(b.toString());
    }
    try (BufferAllocator allocator = new RootAllocator(); VarCharVector v = new VarCharVector("v", allocator)) {
      v.allocateNew(values.size());
      for (int i = 0; i < values.size(); i++) {
        v.setSafe(i, values.get(i).getBytes(StandardCharsets.UTF_8));
      }
      v.setValueCount(values.size());
      for (int i = 0; i < values.size(); i++) {
        for (int j = 0; j < values.size(); j += 7) {
          int expected = Integer.signum(Keys.compareStrings(values.get(i), values.get(j)));
          int actual = Integer.signum(SortedFile.compareUtf8(v, i, values.get(j).getBytes(StandardCharsets.UTF_8)));
          assertThat(actual).as("'%s' vs '%s'", values.get(i), values.get(j)).isEqualTo(expected);
        }
      }
    }
  }
}
