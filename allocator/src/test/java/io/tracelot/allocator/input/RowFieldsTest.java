package io.tracelot.allocator.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowFieldsTest {
  /** What the CSV reader built before RowFields: a map filled column by column, empty values left out. */
  private static Map<String, String> columnByColumn(List<String> names, String[] values) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (!values[i].isEmpty() && !names.get(i).isEmpty()) {
        m.put(names.get(i), values[i]);
      }
    }
    return m;
  }

  @Test
  void equalsTheMapBuiltColumnByColumnOnRandomRows() {
    Random rnd = new Random(7);
    String[] pool = {"sku", "lot", "qty", "", "ts", "sku"};
    for (int round = 0; round < 2_000; round++) {
      List<String> names = new ArrayList<>();
      int n = 1 + rnd.nextInt(6);
      for (int i = 0; i < n; i++) {
        names.add(new String(pool[rnd.nextInt(pool.length)])); // not interned, as read from a file
      }
      String[] values = new String[n];
      for (int i = 0; i < n; i++) {
        values[i] = rnd.nextInt(3) == 0 ? "" : "v" + rnd.nextInt(4);
      }
      Map<String, String> expected = columnByColumn(names, values);
      RowFields fields = new RowFields(RowFields.internNames(names), values.clone());
      assertThat(fields).isEqualTo(expected);
      assertThat(fields.hashCode()).isEqualTo(expected.hashCode());
      assertThat(fields).hasSize(expected.size());
      for (String name : List.of("sku", "lot", "qty", "", "ts", "nope")) {
        assertThat(fields.get(name)).as("%s in %s / %s", name, names, List.of(values)).isEqualTo(expected.get(name));
        assertThat(fields.get(new String(name))).isEqualTo(expected.get(name)); // found by equality too
        assertThat(fields.containsKey(name)).isEqualTo(expected.containsKey(name));
      }
    }
  }

  @Test
  void isImmutable() {
    RowFields fields = new RowFields(RowFields.internNames(List.of("sku", "lot")), new String[] {"S1", ""});
    assertThat(fields).containsExactly(Map.entry("sku", "S1"));
    assertThatThrownBy(() -> fields.put("lot", "L1")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> fields.entrySet().iterator().next().setValue("S2")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> fields.remove("sku")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void namesAndValuesMustPair() {
    assertThatThrownBy(() -> new RowFields(new String[] {"sku"}, new String[0])).hasMessage("1 names for 0 values");
  }
}
