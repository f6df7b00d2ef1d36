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
}
