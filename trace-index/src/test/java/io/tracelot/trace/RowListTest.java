package io.tracelot.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowListTest {
  private static List<Integer> shuffled(int n, long seed) {
    List<Integer> values = new ArrayList<>();
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      values.add(r.nextInt(n / 2 + 1));
    }
    return values;
  }

  @Test
  void holdsRowsAcrossChunks_likeAnArrayList() {
    for (int n : new int[] {0, 1, RowList.CHUNK - 1, RowList.CHUNK, RowList.CHUNK + 1, 2 * RowList.CHUNK + 17}) {
      List<Integer> expected = shuffled(n, n);
      RowList.Builder<Integer> b = new RowList.Builder<>();
      expected.forEach(b::add);
      assertThat(b.size()).isEqualTo(n);
      List<Integer> list = b.build();
      assertThat(list).as("%d rows", n).hasSize(n).isEqualTo(expected);
      assertThat(list.hashCode()).isEqualTo(expected.hashCode());
      if (n > 0) {
        assertThat(list.get(n - 1)).isEqualTo(expected.get(n - 1));
      }
      assertThatThrownBy(() -> list.get(n)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> list.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void sort_withinOneChunk_andAcrossChunks_isStableLikeListSort() {
    for (int n : new int[] {5, RowList.CHUNK, 3 * RowList.CHUNK + 5}) {
      // stable: equal keys keep the order they were added in
      List<int[]> rows = new ArrayList<>();
      for (Integer v : shuffled(n, 7 + n)) {
        rows.add(new int[] {v % 100, rows.size()});
      }
      Comparator<int[]> byKey = Comparator.comparingInt(r -> r[0]);
      RowList.Builder<int[]> b = new RowList.Builder<>();
      rows.forEach(b::add);
      b.sort(byKey);
      List<int[]> expected = new ArrayList<>(rows);
      expected.sort(byKey);
      List<int[]> sorted = b.build();
      for (int i = 0; i < n; i++) {
        assertThat(sorted.get(i)).as("row %d of %d", i, n).isSameAs(expected.get(i));
      }
    }
  }

  @Test
  void isImmutable_refusesNulls_andIsNotCopiedAgain() {
    List<String> list = new RowList.Builder<String>().add("a").add("b").build();
    assertThatThrownBy(() -> list.add("c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.set(0, "c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new RowList.Builder<String>().add(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RowList.copyOf(Arrays.asList("a", null))).isInstanceOf(NullPointerException.class);
    assertThat(RowList.copyOf(list)).isSameAs(list);
    assertThat(RowList.copyOf(List.of("x", "y"))).containsExactly("x", "y");
  }
}
