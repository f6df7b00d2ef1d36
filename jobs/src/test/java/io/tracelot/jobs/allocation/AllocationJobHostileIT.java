package io.tracelot.jobs.allocation;

import static io.tracelot.jobs.allocation.AllocationJobIT.snapshotTables;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.AllocationResult;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.datasets.HostileCorpus;
import io.tracelot.snapshot.Manifest;
import io.tracelot.snapshot.SnapshotDir;
import io.tracelot.snapshot.SnapshotTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input on an embedded Flink MiniCluster, parallelism 2 (issue #5): every bad row lands in
 * rejects with the reason the generator meant, at its file and line; every good row is applied
 * (the snapshot equals the one of the good rows alone, minus rejects); the run does not crash; and
 * input rows = applied + rejected in the manifest. The small corpus holds every kind of bad row;
 * the big one a million bad rows among eighty thousand good ones.
 */
class AllocationJobHostileIT {
  @TempDir static Path dir;

  @Test
  void smallCorpus_badRowsRejectedOneByOne_goodRowsGiveTheSnapshotOfTheGoodRowsAlone() throws Exception {
    List<HostileCorpus.BadRow> bad = new ArrayList<>();
    HostileCorpus.Written written = HostileCorpus.small(3).write(dir.resolve("small"), dir.resolve("small-clean"), bad::add);

    AllocationRun.Summary summary = AllocationRun.run(AllocationRun.Options.of(dir.resolve("small"), dir.resolve("small-snap")), null);
    AllocationRun.run(AllocationRun.Options.of(dir.resolve("small-clean"), dir.resolve("small-clean-snap")), null);

    AllocationResult hostile = snapshotTables(SnapshotDir.resolve(dir.resolve("small-snap")));
    AllocationResult clean = snapshotTables(SnapshotDir.resolve(dir.resolve("small-clean-snap")));
    assertThat(HostileInputTest.actual(hostile.rejects())).containsExactlyElementsOf(HostileInputTest.expected(bad));
    assertThat(clean.rejects()).isEmpty();
    assertThat(hostile.allocations()).isNotEmpty().containsExactlyElementsOf(clean.allocations());
    assertThat(hostile.backorders()).isNotEmpty().containsExactlyElementsOf(clean.backorders());
    assertThat(hostile.stock()).containsExactlyElementsOf(clean.stock());
    assertThat(hostile.genealogy()).isNotEmpty().containsExactlyElementsOf(clean.genealogy());
    assertThat(hostile.movements()).containsExactlyElementsOf(clean.movements());

    Manifest manifest = Manifest.read(dir.resolve("small-snap"));
    assertAccounted(manifest, written);
    assertThat(manifest.rejectsByReason()).isEqualTo(histogram(bad));
    assertThat(summary.inputRows()).isEqualTo(manifest.inputRows());
    assertThat(Manifest.read(dir.resolve("small-clean-snap")).inputRows().values()).allMatch(r -> r.rejected() == 0 && r.balanced());
  }

  @Test
  void aMillionBadRowsAmongGoodOnes_theRunSucceeds_andEveryRowIsAccountedFor() throws Exception {
    ExpectedRejects expected = new ExpectedRejects();
    HostileCorpus.Written written = HostileCorpus.of(5, 50_000, 30_000, 1_000_000, 2).write(dir.resolve("big"), null, expected);
    assertThat(written.bad()).isGreaterThanOrEqualTo(1_000_000);

    long started = System.nanoTime();
    AllocationRun.run(AllocationRun.Options.of(dir.resolve("big"), dir.resolve("big-snap")), null);
    System.out.printf("hostile corpus: %,d bad rows among %,d good ones allocated in %.1f s%n", written.bad(), written.good(), (System.nanoTime() - started) / 1e9);

    Manifest manifest = Manifest.read(dir.resolve("big-snap"));
    assertAccounted(manifest, written);
    assertThat(manifest.rejectsByReason()).isEqualTo(expected.counts);
    assertThat(manifest.tables().get("movements").rows()).isEqualTo(written.goodRows().get("movements"));
    // row by row, streaming the rejects table
    Path rejects = SnapshotDir.resolve(dir.resolve("big-snap")).resolve(SnapshotTable.REJECTS.name());
    try (Stream<Path> files = Files.list(rejects)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        try (var rows = SnapshotTable.REJECTS.read(f)) {
          rows.forEachRemaining(expected::check);
        }
      }
    }
    assertThat(expected.problems).as("rejects that differ from the corpus").isEmpty();
    assertThat(expected.unseen()).as("bad rows without a reject").isZero();
  }

  /** Per input table: read = good + bad rows, applied = good, rejected = bad; read = applied + rejected. */
  private static void assertAccounted(Manifest manifest, HostileCorpus.Written written) {
    assertThat(manifest.inputRows().keySet()).containsExactly("skus", "movements", "orders");
    manifest.inputRows().forEach((table, r) -> {
      long good = written.goodRows().get(table);
      long bad = written.badRows().get(table);
      assertThat(r.read()).as(table).isEqualTo(good + bad);
      assertThat(r.applied()).as(table).isEqualTo(good);
      assertThat(r.rejected()).as(table).isEqualTo(bad);
      assertThat(r.balanced()).as(table).isTrue();
      assertThat(r.files().values().stream().mapToLong(Manifest.FileRows::read).sum()).as(table).isEqualTo(r.read());
      assertThat(r.files().values().stream().mapToLong(Manifest.FileRows::rejected).sum()).as(table).isEqualTo(r.rejected());
    });
  }

  private static Map<String, Long> histogram(List<HostileCorpus.BadRow> bad) {
    return bad.stream().collect(Collectors.groupingBy(HostileCorpus.BadRow::reason, TreeMap::new, Collectors.counting()));
  }

  /** The expected rejects of a big corpus in little memory: per file, the bad lines in order with their reasons. */
  private static final class ExpectedRejects implements Consumer<HostileCorpus.BadRow> {
    private static final List<String> REASONS = Arrays.stream(RejectReason.values()).map(Enum::name).toList();
    private final Map<String, Lines> files = new HashMap<>();
    final Map<String, Long> counts = new TreeMap<>();
    final List<String> problems = new ArrayList<>();

    @Override
    public void accept(HostileCorpus.BadRow b) {
      files.computeIfAbsent(b.table() + " " + b.file(), k -> new Lines()).add(b.line(), (byte) REASONS.indexOf(b.reason()));
      counts.merge(b.reason(), 1L, Long::sum);
    }

    void check(Reject r) {
      Lines lines = files.get(r.source().tableName() + " " + r.file());
      int at = lines == null ? -1 : Arrays.binarySearch(lines.lines, 0, lines.size, r.lineNo());
      if (at < 0 || !REASONS.get(lines.reasons[at]).equals(r.reason().name()) || lines.seen.get(at)) {
        if (problems.size() < 20) {
          problems.add(r.file() + ":" + r.lineNo() + " " + r.reason() + " " + r.message()
              + (at < 0 ? " (no bad row there)" : lines.seen.get(at) ? " (twice)" : " (expected " + REASONS.get(lines.reasons[at]) + ")"));
        }
        return;
      }
      lines.seen.set(at);
    }

    long unseen() {
      return files.values().stream().mapToLong(l -> l.size - l.seen.cardinality()).sum();
    }
  }

  private static final class Lines {
    long[] lines = new long[1024];
    byte[] reasons = new byte[1024];
    int size;
    final BitSet seen = new BitSet();

    void add(long line, byte reason) {
      if (size > 0 && line <= lines[size - 1]) {
        throw new IllegalStateException("bad rows are reported in file order, got line " + line + " after " + lines[size - 1]);
      }
      if (size == lines.length) {
        lines = Arrays.copyOf(lines, size * 2);
        reasons = Arrays.copyOf(reasons, size * 2);
      }
      lines[size] = line;
      reasons[size++] = reason;
    }
  }
}
