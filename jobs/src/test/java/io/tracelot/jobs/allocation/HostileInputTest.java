package io.tracelot.jobs.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.AllocationResult;
import io.tracelot.allocator.ReferenceAllocation;
import io.tracelot.allocator.index.OnHeapStockIndex;
import io.tracelot.allocator.input.InputDirectory;
import io.tracelot.allocator.input.InputFile;
import io.tracelot.allocator.input.InputRow;
import io.tracelot.allocator.input.RowReader;
import io.tracelot.allocator.model.InputSource;
import io.tracelot.allocator.model.Reject;
import io.tracelot.datasets.HostileCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus through the readers, the row rules and the single-threaded reference
 * allocator (no Flink): every bad row is rejected at its file and line with the reason the
 * generator meant, nothing else is, and the good rows give exactly the snapshot of the good rows
 * alone. AllocationJobHostileIT checks the same on a MiniCluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
  @TempDir static Path dir;
  private final List<HostileCorpus.BadRow> bad = new ArrayList<>();
  private HostileCorpus.Written written;
  private AllocationResult hostile;
  private AllocationResult clean;
  private Map<InputSource, Long> rowsRead;

  @BeforeAll
  void writeAndAllocate() throws IOException {
    written = HostileCorpus.small(1).write(dir.resolve("hostile"), dir.resolve("clean"), bad::add);
    hostile = reference(dir.resolve("hostile"));
    clean = reference(dir.resolve("clean"));
    InputDirectory in = InputDirectory.open(dir.resolve("hostile"));
    rowsRead = java.util.Arrays.stream(InputSource.values()).collect(Collectors.toMap(t -> t, t -> (long) rows(in, t).size()));
  }

  static AllocationResult reference(Path input) {
    InputDirectory in = InputDirectory.open(input);
    in.validateHeaders();
    return ReferenceAllocation.run(rows(in, InputSource.SKUS), rows(in, InputSource.MOVEMENTS), rows(in, InputSource.ORDERS), new OnHeapStockIndex());
  }

  static List<InputRow> rows(InputDirectory in, InputSource table) {
    List<InputRow> rows = new ArrayList<>();
    for (InputFile f : in.files(table)) {
      try (RowReader r = f.open()) {
        r.forEachRemaining(rows::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }

  /** {@code table file:line REASON}, the shape both sides are compared in. */
  static String key(String table, String file, long line, String reason) {
    return table + " " + file + ":" + line + " " + reason;
  }

  static List<String> expected(List<HostileCorpus.BadRow> bad) {
    return bad.stream().map(b -> key(b.table(), b.file(), b.line(), b.reason())).sorted().toList();
  }

  static List<String> actual(List<Reject> rejects) {
    return rejects.stream().map(r -> key(r.source().tableName(), r.file(), r.lineNo(), r.reason().name())).sorted().toList();
  }

  @Test
  void corpus_hasEveryKindOfBadRow_inEveryFormat() {
    assertThat(bad.stream().map(HostileCorpus.BadRow::kind).distinct().count()).isGreaterThan(80);
    assertThat(bad.stream().map(HostileCorpus.BadRow::file).distinct())
        .containsExactlyInAnyOrder("skus.csv", "skus-2.jsonl", "movements.csv", "movements/part-b.csv", "movements-c.jsonl", "orders.csv", "orders/part-b.jsonl");
    assertThat(bad.stream().map(HostileCorpus.BadRow::reason).distinct()).containsExactlyInAnyOrder("PARSE_ERROR", "MISSING_FIELD", "BAD_VALUE",
        "UNKNOWN_SKU", "TRACKING_MISMATCH", "DUPLICATE_EVENT", "DUPLICATE_ORDER_LINE", "INSUFFICIENT_STOCK");
  }

  @Test
  void everyBadRow_isRejectedAtItsFileAndLine_withTheExpectedReason_andNothingElseIs() {
    List<String> expected = expected(bad);
    List<String> actual = actual(hostile.rejects());
    // one by one, so that a failure names the rows (and the kind) that differ
    List<String> missing = expected.stream().filter(e -> !actual.contains(e)).toList();
    List<String> extra = actual.stream().filter(a -> !expected.contains(a)).toList();
    assertThat(missing).as("bad rows not rejected as expected (kinds: %s)", kindsOf(missing)).isEmpty();
    assertThat(extra).as("rejects nobody expected").isEmpty();
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void everyGoodRow_isApplied_theSnapshotEqualsTheOneOfTheGoodRowsAlone() {
    assertThat(clean.rejects()).isEmpty();
    assertThat(hostile.allocations()).isNotEmpty().containsExactlyElementsOf(clean.allocations());
    assertThat(hostile.backorders()).isNotEmpty().containsExactlyElementsOf(clean.backorders());
    assertThat(hostile.stock()).isNotEmpty().containsExactlyElementsOf(clean.stock());
    assertThat(hostile.genealogy()).isNotEmpty().containsExactlyElementsOf(clean.genealogy());
    assertThat(hostile.movements()).containsExactlyElementsOf(clean.movements()).hasSize(written.goodRows().get("movements").intValue());
  }

  @Test
  void rowsRead_areTheGoodPlusTheBadRows_perTable() {
    for (InputSource t : InputSource.values()) {
      assertThat(rowsRead.get(t)).as(t.tableName()).isEqualTo(written.goodRows().get(t.tableName()) + written.badRows().get(t.tableName()));
    }
  }

  @Test
  void rawRows_stayReadable_andBounded() {
    Map<String, Reject> byKey = hostile.rejects().stream()
        .collect(Collectors.toMap(r -> r.file() + ":" + r.lineNo(), r -> r, (a, b) -> a));
    for (HostileCorpus.BadRow b : bad) {
      Reject r = byKey.get(b.file() + ":" + b.line());
      assertThat(r.raw().length()).as(b.kind()).isLessThanOrEqualTo(InputRow.MAX_RAW_BYTES + InputRow.TRUNCATED.length());
      if (b.kind().startsWith("invalid-utf8")) {
        assertThat(r.raw()).as(b.kind()).contains("\uFFFD");
      }
      if (b.kind().contains("huge-line") || b.kind().startsWith("long-field")) {
        assertThat(r.raw()).as(b.kind()).endsWith(InputRow.TRUNCATED);
      }
      if (b.kind().equals("stray-opening-quote")) {
        assertThat(r.raw()).as("only its own line").doesNotContain("\n").contains("\"");
        assertThat(r.message()).contains("only line " + b.line() + " is rejected");
      }
      assertThat(r.message()).as(b.kind()).isNotBlank().hasSizeLessThan(600);
    }
  }

  private String kindsOf(List<String> keys) {
    return bad.stream().filter(b -> keys.contains(key(b.table(), b.file(), b.line(), b.reason())))
        .map(b -> b.kind() + "@" + b.file() + ":" + b.line()).sorted(Comparator.naturalOrder()).limit(40).toList().toString();
  }
}
