package io.tracelot.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.trace.TraceAnswer;
import io.tracelot.trace.TraceQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: every answer of the index equals the same question answered by DuckDB SQL
 * over the snapshot's own Parquet tables ({@link SqlTrace}), for many random lots, serials,
 * orders and customers of a generated snapshot with multi-level genealogy, returns and serials.
 * The index is built with tiny sort runs and record batches so that the external sort merges
 * many runs and lookups cross batch boundaries. {@code -Dtracelot.trace.seed=} replays.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceDifferentialIT {
  static final long SEED = Long.getLong("tracelot.trace.seed", 20_261_201L);
  static final int CASES = Integer.getInteger("tracelot.trace.cases", 80);

  @TempDir static Path dir;
  Path snapshot;
  TraceIndex index;
  SqlTrace sql;
  Random random = new Random(SEED);

  @BeforeAll
  void buildSnapshotAndIndex() throws Exception {
    snapshot = TestSnapshots.create(dir, 60_000, SEED, "run-diff");
    TraceIndex.build(snapshot, new TraceIndex.BuildOptions(257, 61), IndexProgress.none());
    index = TraceIndex.open(snapshot);
    sql = new SqlTrace(snapshot, "run-diff");
  }

  @AfterAll
  void close() throws Exception {
    sql.close();
    long before = index.arrowBytes();
    index.close();
    assertThat(before).isPositive();
  }

  private <T> List<T> pick(List<T> all, int n) {
    List<T> copy = new ArrayList<>(all);
    Collections.shuffle(copy, random);
    return copy.subList(0, Math.min(n, copy.size()));
  }

  private int randomDepth() {
    int r = random.nextInt(4);
    return r == 0 ? random.nextInt(3) : TraceQuery.UNLIMITED;
  }

  private void check(TraceQuery q) throws Exception {
    TraceAnswer expected = sql.answer(q);
    TraceAnswer actual = index.trace(q);
    assertThat(actual).as("%s (seed %d)", q, SEED).isEqualTo(expected);
  }

  @Test
  void forwardLot_equalsDuckDb_forRandomLotsWithAndWithoutSku() throws Exception {
    List<String[]> lots = sql.pairs("SELECT DISTINCT sku, lk FROM lotdir WHERE lk <> '' ORDER BY 1, 2");
    // parents of multi-level genealogy first: their traces go deepest
    List<String[]> parents = sql.pairs("""
        SELECT DISTINCT g1.parent_sku, g1.parent_lot FROM gen g1 JOIN gen g2
          ON g2.parent_sku = g1.child_sku AND g2.parent_lot IS NOT DISTINCT FROM g1.child_lot
        WHERE g1.parent_lot IS NOT NULL ORDER BY 1, 2""");
    assertThat(parents).as("generated genealogy has two levels").isNotEmpty();
    int deep = 0;
    for (String[] l : pick(parents, CASES / 4)) {
      check(new TraceQuery.ForwardLot(l[1], l[0], TraceQuery.UNLIMITED));
      deep = Math.max(deep, index.trace(new TraceQuery.ForwardLot(l[1], l[0], TraceQuery.UNLIMITED)).lots().stream()
          .mapToInt(TraceAnswer.LotRow::depth).max().orElse(0));
    }
    assertThat(deep).as("some forward trace reaches depth 2").isGreaterThanOrEqualTo(2);
    int withReturns = 0;
    int withStock = 0;
    for (String[] l : pick(lots, CASES)) {
      TraceQuery q = random.nextBoolean()
          ? new TraceQuery.ForwardLot(l[1], l[0], randomDepth())
          : new TraceQuery.ForwardLot(l[1], null, randomDepth());
      check(q);
      TraceAnswer a = index.trace(q);
      withReturns += a.returns().isEmpty() ? 0 : 1;
      withStock += a.onHand().isEmpty() ? 0 : 1;
    }
    assertThat(withReturns).as("traces with returns").isPositive();
    assertThat(withStock).as("traces with stock on hand").isPositive();
  }

  @Test
  void forwardSerial_equalsDuckDb_forRandomSerials() throws Exception {
    List<String[]> serials = sql.pairs("""
        SELECT DISTINCT sku, serial FROM (SELECT sku, serial FROM alloc UNION ALL SELECT sku, serial FROM mov
          UNION ALL SELECT sku, serial FROM stock) WHERE serial IS NOT NULL ORDER BY 1, 2""");
    List<String[]> returned = sql.pairs(
        "SELECT DISTINCT sku, serial FROM mov WHERE type = 'RETURN' AND serial IS NOT NULL ORDER BY 1, 2");
    assertThat(returned).as("generated serial returns").isNotEmpty();
    List<String[]> cases = new ArrayList<>(pick(returned, CASES / 4));
    cases.addAll(pick(serials, CASES));
    for (String[] s : cases) {
      check(new TraceQuery.ForwardSerial(s[1], random.nextBoolean() ? s[0] : null));
    }
  }

  @Test
  void backward_equalsDuckDb_forRandomLotsSerialsOrdersAndCustomers() throws Exception {
    List<String[]> children = sql.pairs(
        "SELECT DISTINCT child_sku, child_lot FROM gen WHERE child_lot IS NOT NULL ORDER BY 1, 2");
    for (String[] l : pick(children, CASES / 2)) {
      check(new TraceQuery.Backward(TraceQuery.From.LOT, l[1], random.nextBoolean() ? l[0] : null, randomDepth()));
    }
    for (String s : pick(sql.strings("SELECT DISTINCT serial FROM alloc WHERE serial IS NOT NULL ORDER BY 1"),
        CASES / 2)) {
      check(new TraceQuery.Backward(TraceQuery.From.SERIAL, s, null, randomDepth()));
    }
    for (String o : pick(sql.strings("SELECT DISTINCT order_id FROM alloc ORDER BY 1"), CASES / 2)) {
      check(new TraceQuery.Backward(TraceQuery.From.ORDER, o, null, randomDepth()));
    }
    for (String c : pick(sql.strings("SELECT DISTINCT customer FROM alloc ORDER BY 1"), CASES / 4)) {
      check(new TraceQuery.Backward(TraceQuery.From.CUSTOMER, c, null, TraceQuery.UNLIMITED));
    }
  }

  @Test
  void recall_equalsDuckDb_forRandomSetsOfLots_andListsUnknownOnes() throws Exception {
    List<String[]> lots = sql.pairs("SELECT DISTINCT sku, lk FROM lotdir WHERE lk <> '' ORDER BY 1, 2");
    for (int i = 0; i < CASES / 4; i++) {
      List<TraceQuery.LotRef> refs = new ArrayList<>();
      for (String[] l : pick(lots, 1 + random.nextInt(5))) {
        refs.add(new TraceQuery.LotRef(random.nextBoolean() ? l[0] : null, l[1]));
      }
      if (i % 3 == 0) {
        refs.add(new TraceQuery.LotRef(null, "NO-SUCH-LOT-" + i));
      }
      TraceQuery q = new TraceQuery.Recall(refs, randomDepth());
      check(q);
      if (i % 3 == 0) {
        assertThat(index.trace(q).notFound()).extracting(TraceQuery.LotRef::lot).contains("NO-SUCH-LOT-" + i);
      }
    }
  }

  @Test
  void unknownIds_giveAnEmptyAnswerThatSaysSo() {
    for (TraceQuery q : List.of(
        new TraceQuery.ForwardLot("NO-SUCH-LOT"),
        new TraceQuery.ForwardLot("L000001", "NO-SUCH-SKU", TraceQuery.UNLIMITED),
        new TraceQuery.ForwardSerial("NO-SUCH-SERIAL", null),
        new TraceQuery.Backward(TraceQuery.From.ORDER, "NO-SUCH-ORDER", null, TraceQuery.UNLIMITED),
        new TraceQuery.Backward(TraceQuery.From.CUSTOMER, "NO-SUCH-CUSTOMER", null, TraceQuery.UNLIMITED),
        new TraceQuery.Recall(List.of(new TraceQuery.LotRef(null, "NO-SUCH-LOT")), TraceQuery.UNLIMITED))) {
      TraceAnswer a = index.trace(q);
      assertThat(a.found()).as(q.toString()).isFalse();
      assertThat(a.runId()).isEqualTo("run-diff");
      assertThat(a.lots()).isEmpty();
      assertThat(a.allocations()).isEmpty();
      assertThat(a.customers()).isEmpty();
    }
  }

  @Test
  void concurrentQueries_onOneOpenIndex_giveTheSameAnswersAsSequential() throws Exception {
    List<TraceQuery> queries = new ArrayList<>();
    for (String[] l : pick(sql.pairs("SELECT DISTINCT sku, lk FROM lotdir WHERE lk <> '' ORDER BY 1, 2"), 40)) {
      queries.add(new TraceQuery.ForwardLot(l[1]));
      queries.add(new TraceQuery.Backward(TraceQuery.From.LOT, l[1], l[0], TraceQuery.UNLIMITED));
    }
    List<TraceAnswer> sequential = new ArrayList<>();
    for (TraceQuery q : queries) {
      sequential.add(index.trace(q));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<TraceAnswer>> futures = new ArrayList<>();
      for (TraceQuery q : queries) {
        futures.add(pool.submit(() -> index.trace(q)));
      }
      for (int i = 0; i < queries.size(); i++) {
        assertThat(futures.get(i).get()).isEqualTo(sequential.get(i));
      }
    } finally {
      pool.shutdown();
    }
  }
}
