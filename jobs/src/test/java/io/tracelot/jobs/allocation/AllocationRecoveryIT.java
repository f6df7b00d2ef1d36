package io.tracelot.jobs.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.allocator.AllocationResult;
import io.tracelot.allocator.index.chronicle.ChronicleShards;
import io.tracelot.snapshot.SnapshotDir;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task failure and restart (issue #5): an allocation task of the committed sample's run fails on
 * purpose ({@link FailureInjection}), Flink's restart strategy recovers it, and the published
 * snapshot equals the one of an undisturbed run row for row, in every table and in the stock index
 * a chained run would start from. Each test also checks that the failure did happen and which
 * state the restarted attempt started from, so none can pass without a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllocationRecoveryIT {
  /** Fast checkpoints, so the sample's short STREAMING run takes some before its end. */
  private static final Duration CHECKPOINTS = Duration.ofMillis(20);

  @TempDir static Path dir;
  private AllocationResult undisturbedTables;
  private Map<String, String> undisturbedBooks;

  @BeforeAll
  void runUndisturbed() throws Exception {
    Path snapshot = dir.resolve("undisturbed");
    String console = run(AllocationRun.Options.of(AllocationJobIT.SAMPLE, snapshot));
    assertThat(console).doesNotContain("recovered");
    undisturbedTables = AllocationJobIT.snapshotTables(snapshot);
    undisturbedBooks = books(snapshot);
    assertThat(undisturbedTables.allocations()).isNotEmpty();
    assertThat(undisturbedBooks).hasSizeGreaterThan(10);
  }

  @Test
  void batch_taskFailsHalfwayThroughItsSkus_onlyItsRegionRunsAgain_fromTheStartingIndex() throws Exception {
    Path snapshot = dir.resolve("batch");
    String console = run(AllocationRun.Options.of(AllocationJobIT.SAMPLE, snapshot).withFailureInjection(FailureInjection.afterEvents(200)));

    assertThat(console).contains("recovered from task failures: allocation subtasks finished in attempts up to 1")
        .contains("stock index of key groups 0..63 from attempt 1, which started from the run's starting index")
        .doesNotContain("key groups 64..127 from attempt"); // region failover: the other subtask finished once
    assertEqualsUndisturbed(snapshot);
  }

  @Test
  void streaming_taskFailsAfterACheckpoint_restartRestoresTheIndexSavedWithIt() throws Exception {
    Path snapshot = dir.resolve("streaming");
    String console = run(AllocationRun.Options.of(AllocationJobIT.SAMPLE, snapshot).withMode(RuntimeExecutionMode.STREAMING).withCheckpointInterval(CHECKPOINTS)
        .withFailureInjection(FailureInjection.afterEventsAndCheckpoint(200)));

    // The whole STREAMING graph restarts from the checkpoint, both subtasks from its index copy.
    // Usually a checkpoint completes while the input is read, the failed attempt then has written
    // 200+ events into its working copy, and the restart drops them; when none completes before the
    // end of the input, the failure comes after it (AllocateSkusTest covers both deterministically).
    assertThat(console).contains("recovered from task failures")
        .containsPattern("key groups 0\\.\\.63 from attempt 1, which started from checkpoint \\d+")
        .containsPattern("key groups 64\\.\\.127 from attempt 1, which started from checkpoint \\d+");
    System.out.println(console.contains("taken after the final stock") ? "the failure came after the end of the input" : "the failure came while allocating");
    assertEqualsUndisturbed(snapshot);
  }

  @Test
  void streaming_taskFailsAfterItsEndOfInput_theRestoredSubtasksEmitNothingTwice() throws Exception {
    Path snapshot = dir.resolve("streaming-after-end");
    String console = run(AllocationRun.Options.of(AllocationJobIT.SAMPLE, snapshot).withMode(RuntimeExecutionMode.STREAMING).withCheckpointInterval(CHECKPOINTS)
        .withFailureInjection(FailureInjection.afterEnd()));

    // Flink reopens subtasks restored from a checkpoint taken after their end of input and ends
    // their input again; emitting the stock again would publish every stock row twice
    assertThat(console).containsPattern("key groups 0\\.\\.63 from attempt 1, which started from checkpoint \\d+, taken after the final stock was emitted");
    assertEqualsUndisturbed(snapshot);
  }

  @Test
  void flinkKeyedStatePeer_streaming_taskFailsAfterACheckpoint_givesTheUndisturbedTables() throws Exception {
    Path snapshot = dir.resolve("peer-streaming");
    String console = run(AllocationRun.Options.of(AllocationJobIT.SAMPLE, snapshot).withMode(RuntimeExecutionMode.STREAMING).withCheckpointInterval(CHECKPOINTS)
        .withStockIndex(StockIndexKind.FLINK_STATE, "hashmap").withFailureInjection(FailureInjection.afterEventsAndCheckpoint(200)));

    assertThat(console).contains("recovered from task failures: allocation subtasks finished in attempts up to 1");
    assertThat(AllocationJobIT.snapshotTables(snapshot)).isEqualTo(undisturbedTables);
    assertNoRecoveryLeftovers(snapshot);
  }

  @Test
  void noRestartsLeft_theRunFails_andPublishesNothing() throws Exception {
    Path snapshot = dir.resolve("no-restarts");
    assertThatThrownBy(() -> run(AllocationRun.Options.of(AllocationJobIT.SAMPLE, snapshot).withRestarts(0).withFailureInjection(FailureInjection.afterEvents(200))))
        .hasStackTraceContaining("injected failure of allocation subtask 0, attempt 0");
    assertThat(snapshot).doesNotExist();
  }

  private void assertEqualsUndisturbed(Path snapshot) throws IOException {
    AllocationResult tables = AllocationJobIT.snapshotTables(snapshot);
    assertThat(tables.allocations()).containsExactlyElementsOf(undisturbedTables.allocations());
    assertThat(tables.backorders()).containsExactlyElementsOf(undisturbedTables.backorders());
    assertThat(tables.stock()).containsExactlyElementsOf(undisturbedTables.stock());
    assertThat(tables.genealogy()).containsExactlyElementsOf(undisturbedTables.genealogy());
    assertThat(tables.movements()).containsExactlyElementsOf(undisturbedTables.movements());
    assertThat(tables.rejects()).containsExactlyElementsOf(undisturbedTables.rejects());
    // the state a chained run starts from: the same books, byte for byte
    assertThat(books(snapshot)).isEqualTo(undisturbedBooks);
    assertNoRecoveryLeftovers(snapshot);
  }

  /** No attempt directories, checkpoint copies or uncommitted part files in the published snapshot. */
  private static void assertNoRecoveryLeftovers(Path snapshot) throws IOException {
    Path published = SnapshotDir.resolve(snapshot);
    assertThat(published.resolve("state").resolve(StockAttempts.ATTEMPTS)).doesNotExist();
    assertThat(published.resolve("state").resolve(StockAttempts.CHECKPOINTS)).doesNotExist();
    assertThat(published.resolve("_checkpoints")).doesNotExist();
    try (Stream<Path> all = Files.walk(published)) {
      List<String> hidden = all.map(p -> published.relativize(p).toString()).filter(p -> p.contains("/.") || p.startsWith(".") || p.endsWith(".open")).toList();
      assertThat(hidden).isEmpty();
    }
    try (Stream<Path> stock = Files.list(published.resolve(StockState.DIR))) {
      assertThat(stock.map(p -> p.getFileName().toString())).allMatch(n -> n.equals(StockState.KEY_GROUPS) || n.matches("kg-\\d{5}\\.cm"));
    }
  }

  private static String run(AllocationRun.Options o) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (PrintStream console = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      AllocationRun.run(o, console);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  /** Every sku's book in a snapshot's stock index, encoded; read from a copy so the snapshot stays untouched. */
  private static Map<String, String> books(Path snapshot) throws IOException {
    Path published = SnapshotDir.resolve(snapshot);
    int keyGroups = StockState.keyGroups(published);
    Path copy = Files.createTempDirectory(dir, "books");
    try (Stream<Path> files = Files.list(published.resolve(StockState.DIR))) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    Map<String, String> books = new TreeMap<>();
    try (ChronicleShards shards = new ChronicleShards(copy, 16, 64, keyGroups)) {
      shards.forEachBook(0, keyGroups - 1, b -> books.put(b.skuId(), Base64.getEncoder().encodeToString(b.encode())));
    }
    return books;
  }
}
