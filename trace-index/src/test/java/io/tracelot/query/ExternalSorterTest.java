package io.tracelot.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSorterTest {
  /**
   * Random rows through runs of 7..1000 rows (up to 428 runs), sorted in the caller or
   * beside it: the rows come out as a stable sort by {@link Keys} on the decoded strings gives
   * them, every value intact (nulls, surrogates, empty strings), and no run file is left.
   */
  @Test
  void drain_equalsStableSortByKeys_manyRuns(@TempDir Path tmp) throws Exception {
    ExecutorService spills = Executors.newSingleThreadExecutor();
    try {
      int seed = 0;
      for (int runRows : new int[] {7, 17, 1000, 100_000}) {
        for (boolean beside : new boolean[] {false, true}) {
          Random r = new Random(seed++);
          int[] cols = {0, 2}; // a partial key: equal keys keep their input order (stability)
          List<Object[]> rows = new ArrayList<>();
          for (int i = 0; i < 3_000; i++) {
            Object[] row = RowOrderTest.randomRow(r);
            if (i == 100) {
              row[6] = "x".repeat(100_000); // longer than a run file's buffer
            }
            row[1] = (long) i; // tells equal keys apart in the result
            rows.add(row);
          }
          List<Object[]> expected = new ArrayList<>(rows);
          Comparator<Object[]> keys = Keys.onColumns(cols);
          expected.sort(keys);

          List<Object[]> actual = new ArrayList<>();
          try (ExternalSorter sorter = new ExternalSorter("t", RowOrderTest.SCHEMA,
              RowOrder.of(RowOrderTest.SCHEMA, cols), runRows, tmp, beside ? spills : null)) {
            for (Object[] row : rows) {
              sorter.add(RowOrderTest.utf8(row));
            }
            assertThat(sorter.runs()).isEqualTo(rows.size() / runRows); // a full buffer spills
            sorter.drain(row -> actual.add(decode(row)));
          }
          assertThat(actual).hasSameSizeAs(expected);
          for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("row %d with runs of %d", i, runRows).containsExactly(expected.get(i));
          }
          try (var files = Files.list(tmp)) {
            assertThat(files).isEmpty();
          }
        }
      }
    } finally {
      spills.shutdownNow();
    }
  }

  @Test
  void loserTree_mergesStably_anyNumberOfRuns() {
    Random r = new Random(5);
    for (int k = 1; k <= 40; k++) {
      List<List<Object[]>> runs = new ArrayList<>();
      List<Object[]> expected = new ArrayList<>();
      for (int run = 0; run < k; run++) {
        List<Object[]> rows = new ArrayList<>();
        int n = r.nextInt(4) == 0 ? 0 : r.nextInt(30);
        for (int i = 0; i < n; i++) {
          rows.add(new Object[] {(long) r.nextInt(10), (long) run, (long) i});
        }
        rows.sort(Comparator.comparing(x -> (Long) x[0]));
        runs.add(rows);
        expected.addAll(rows);
      }
      expected.sort(Comparator.comparing((Object[] x) -> (Long) x[0]).thenComparing(x -> (Long) x[1]));
      int[] next = new int[k];
      Object[][] heads = new Object[k][];
      for (int i = 0; i < k; i++) {
        heads[i] = runs.get(i).isEmpty() ? null : runs.get(i).get(next[i]++);
      }
      LoserTree tree = new LoserTree(Comparator.comparing(x -> (Long) x[0]), heads);
      List<Object[]> actual = new ArrayList<>();
      for (Object[] row = tree.top(); row != null; row = tree.top()) {
        actual.add(row);
        int run = tree.topRun();
        tree.replaceTop(next[run] < runs.get(run).size() ? runs.get(run).get(next[run]++) : null);
      }
      assertThat(actual).as("%d runs", k).containsExactlyElementsOf(expected);
    }
  }

  private static Object[] decode(Object[] row) {
    Object[] out = row.clone();
    for (int c = 0; c < out.length; c++) {
      if (out[c] instanceof byte[] b) {
        out[c] = new String(b, java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return out;
  }
}
