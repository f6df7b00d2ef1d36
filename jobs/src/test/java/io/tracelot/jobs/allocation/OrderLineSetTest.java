package io.tracelot.jobs.allocation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.snapshot.Manifest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderLineSetTest {
  @Test
  void murmur3_matchesTheReferenceVectors() {
    // MurmurHash3_x64_128, seed 0, as Guava's Hashing.murmur3_128() prints it (h1 then h2, little-endian bytes)
    assertThat(hex(OrderLineSet.murmur3x64x128("The quick brown fox jumps over the lazy dog".getBytes(UTF_8))))
        .isEqualTo("6c1b07bc7bbc4be347939ac4a93c437a");
    assertThat(hex(OrderLineSet.murmur3x64x128(new byte[0]))).isEqualTo("00000000000000000000000000000000");
  }

  @Test
  void countsDistinctLines_throughGrowth_likeAHashSet() {
    OrderLineSet set = new OrderLineSet();
    Set<String> reference = new HashSet<>();
    Random rnd = new Random(3);
    for (int i = 0; i < 200_000; i++) {
      String order = "SO" + rnd.nextInt(30_000);
      long line = rnd.nextInt(4) - 1;
      assertThat(set.add(order, line)).isEqualTo(reference.add(order + ":" + line));
    }
    assertThat(set.size()).isEqualTo(reference.size());
    assertThat(set.contains("SO1", 1)).isEqualTo(reference.contains("SO1:1"));
    assertThat(set.contains("nope", 1)).isFalse();
  }

  @Test
  void idAndLineAreNotConfused() {
    OrderLineSet set = new OrderLineSet();
    assertThat(set.add("A1", 2)).isTrue();
    assertThat(set.add("A", 12)).isTrue();
    assertThat(set.add("A12", 0)).isTrue();
    assertThat(set.add("", 0)).isTrue();
    assertThat(set.size()).isEqualTo(4);
  }

  @Test
  void check_failsNamingEachTableThatDoesNotAddUp() {
    Map<String, Manifest.InputRows> rows = new LinkedHashMap<>();
    rows.put("skus", new Manifest.InputRows(5, 4, 1, Map.of()));
    rows.put("movements", new Manifest.InputRows(1_000, 990, 9, Map.of()));
    rows.put("orders", new Manifest.InputRows(7, 7, 1, Map.of()));

    assertThatThrownBy(() -> InputAccounting.check(rows))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nothing was published")
        .hasMessageContaining("movements: read 1,000 but applied 990 + rejected 9 = 999")
        .hasMessageContaining("orders: read 7 but applied 7 + rejected 1 = 8")
        .hasMessageNotContaining("skus");
    rows.remove("movements");
    rows.remove("orders");
    InputAccounting.check(rows);
  }

  private static String hex(long[] h) {
    StringBuilder b = new StringBuilder();
    for (long v : h) {
      for (int i = 0; i < 8; i++) {
        b.append(String.format("%02x", (v >>> (8 * i)) & 0xff));
      }
    }
    return b.toString();
  }
}
