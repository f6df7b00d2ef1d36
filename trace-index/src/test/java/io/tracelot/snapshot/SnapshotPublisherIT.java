package io.tracelot.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Fill;
import io.tracelot.allocator.model.Times;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotPublisherIT {
  @TempDir Path root;

  @Test
  void publish_makesTheSnapshotALinkToItsVersion_readableThroughTheLink() throws IOException {
    Path snapshot = root.resolve("snap");

    Path version = publish(snapshot, "run-1", 3);

    assertThat(Files.isSymbolicLink(snapshot)).isTrue();
    assertThat(Files.readSymbolicLink(snapshot)).isEqualTo(Path.of(".snap.versions", "run-1"));
    assertThat(SnapshotDir.resolve(snapshot)).isEqualTo(version.toRealPath());
    SnapshotReader reader = SnapshotReader.open(snapshot);
    assertThat(reader.manifest().runId()).isEqualTo("run-1");
    assertThat(reader.readAll(SnapshotTable.ALLOCATIONS)).hasSize(3).allSatisfy(a -> assertThat(a.orderId()).startsWith("run-1"));
    assertThat(siblings()).containsExactlyInAnyOrder("snap", ".snap.versions", ".snap.lock");
  }

  @Test
  void publish_keepsThePreviousVersionAndDeletesOlderOnes() throws IOException {
    Path snapshot = root.resolve("snap");
    publish(snapshot, "run-1", 1);
    publish(snapshot, "run-2", 1);
    publish(snapshot, "run-3", 1);

    assertThat(names(SnapshotDir.versions(snapshot))).containsExactlyInAnyOrder("run-2", "run-3");
    assertThat(SnapshotReader.open(snapshot).manifest().runId()).isEqualTo("run-3");
  }

  @Test
  void publish_concurrentReaders_alwaysSeeOneCompleteVersion() throws Exception {
    Path snapshot = root.resolve("snap");
    publish(snapshot, "run-0", 10);
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<int[]> reads = pool.submit(() -> {
        int complete = 0;
        int pruned = 0;
        while (!done.get()) {
          Path version = SnapshotDir.resolve(snapshot);
          try {
            SnapshotReader reader = SnapshotReader.open(version);
            String runId = reader.manifest().runId();
            // readAll checks the row count and the files against the manifest
            assertThat(reader.readAll(SnapshotTable.ALLOCATIONS))
                .allSatisfy(a -> assertThat(a.orderId()).startsWith(runId + "/"));
            complete++;
          } catch (IOException e) {
            if (Files.exists(version)) {
              throw e;
            }
            pruned++; // two publishes overtook this reader: its version is gone, never mixed
          }
        }
        return new int[] {complete, pruned};
      });
      for (int run = 1; run <= 30; run++) {
        publish(snapshot, "run-" + run, 10 + run);
      }
      done.set(true);
      int[] counts = reads.get();
      assertThat(counts[0]).as("complete reads (%d reads of pruned versions)", counts[1]).isPositive();
    } finally {
      pool.shutdownNow();
    }
    assertThat(SnapshotReader.open(snapshot).readAll(SnapshotTable.ALLOCATIONS)).hasSize(40);
  }

  @Test
  void abort_failedRun_leavesThePreviousSnapshotUntouched() throws IOException {
    Path snapshot = root.resolve("snap");
    Path version = publish(snapshot, "run-1", 2);

    try (Staging failed = SnapshotPublisher.stage(snapshot, "run-2")) {
      writeRun(failed.dir(), "run-2", 5);
      // the run fails here: closing without publish aborts it
    }

    assertThat(SnapshotDir.resolve(snapshot)).isEqualTo(version.toRealPath());
    assertThat(SnapshotReader.open(snapshot).readAll(SnapshotTable.ALLOCATIONS)).hasSize(2);
    assertThat(siblings()).containsExactlyInAnyOrder("snap", ".snap.versions", ".snap.lock");
  }

  @Test
  void stage_realNonEmptyDirectory_isRefusedAndLeftAlone() throws IOException {
    Path snapshot = Files.createDirectories(root.resolve("snap"));
    Files.writeString(snapshot.resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> SnapshotPublisher.stage(snapshot, "run-1"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("refusing to replace " + snapshot)
        .hasMessageContaining("non-empty directory");
    assertThat(Files.readString(snapshot.resolve("notes.txt"))).isEqualTo("mine");
    // the lock was released: once the directory is moved away, a run may start
    Files.move(snapshot, root.resolve("moved"));
    SnapshotPublisher.stage(snapshot, "run-1").close();
  }

  @Test
  void publish_emptyDirectoryInTheWay_isReplacedByTheLink() throws IOException {
    Path snapshot = Files.createDirectories(root.resolve("snap"));

    publish(snapshot, "run-1", 1);

    assertThat(Files.isSymbolicLink(snapshot)).isTrue();
  }

  @Test
  void stage_whileAnotherRunHoldsTheLock_isRefused() throws IOException {
    Path snapshot = root.resolve("snap");
    try (Staging first = SnapshotPublisher.stage(snapshot, "run-1")) {
      assertThatThrownBy(() -> SnapshotPublisher.stage(snapshot, "run-2"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("another run is writing snapshot " + snapshot);
      assertThat(first.dir()).isDirectory();
    }
  }

  @Test
  void stage_deletesWhatCrashedRunsLeftBehind() throws IOException {
    Path snapshot = root.resolve("snap");
    publish(snapshot, "run-1", 1);
    Path crashed = Files.createDirectories(root.resolve(".snap.staging-run-2").resolve("allocations"));
    Files.writeString(crashed.resolve("part-0.parquet"), "half written");

    try (Staging next = SnapshotPublisher.stage(snapshot, "run-3")) {
      assertThat(root.resolve(".snap.staging-run-2")).doesNotExist();
      assertThat(next.dir()).isEqualTo(SnapshotDir.parent(snapshot).resolve(".snap.staging-run-3"));
    }
    assertThat(SnapshotReader.open(snapshot).manifest().runId()).isEqualTo("run-1");
  }

  @Test
  void publish_withoutManifest_isRefusedAndTheStagingStaysOpen() throws IOException {
    Path snapshot = root.resolve("snap");
    try (Staging staging = SnapshotPublisher.stage(snapshot, "run-1")) {
      assertThatThrownBy(() -> SnapshotPublisher.publish(staging))
          .isInstanceOf(SnapshotFormatException.class)
          .hasMessageContaining("not a Tracelot snapshot");
      writeRun(staging.dir(), "run-1", 1);
      SnapshotPublisher.publish(staging);
    }
    assertThat(SnapshotReader.open(snapshot).manifest().runId()).isEqualTo("run-1");
  }

  @Test
  void stage_runIdThatIsNotAFileName_isRefused() {
    assertThatThrownBy(() -> SnapshotPublisher.stage(root.resolve("snap"), "../x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'../x'");
  }

  @Test
  void newRunId_isAValidRunIdAndSortsByTime() throws IOException {
    String id = SnapshotPublisher.newRunId();

    assertThat(id).matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}");
    SnapshotPublisher.stage(root.resolve("snap"), id).close();
  }

  private static Path publish(Path snapshot, String runId, int rows) throws IOException {
    try (Staging staging = SnapshotPublisher.stage(snapshot, runId)) {
      writeRun(staging.dir(), runId, rows);
      return SnapshotPublisher.publish(staging);
    }
  }

  /** A minimal run: allocations whose order ids carry the run id, and a manifest counting them. */
  private static void writeRun(Path dir, String runId, int n) throws IOException {
    List<Allocation> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Allocation(runId + "/" + i, 1, "C", "S", "W", "L", null, 1, Times.NO_DATE, Rows.TS, Fill.INITIAL));
    }
    Path tableDir = Files.createDirectories(dir.resolve("allocations"));
    SnapshotTable.ALLOCATIONS.write(tableDir.resolve("part-0.parquet"), rows);
    Manifest.of(runId, Instant.now(), Instant.now(), List.of(),
            Map.of("allocations", new Manifest.TableInfo(n, List.of("allocations/part-0.parquet"))),
            Manifest.ALLOCATION_POLICY_V1, null, Map.of(), Map.of())
        .write(dir);
  }

  private List<String> siblings() throws IOException {
    return names(root);
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).toList();
    }
  }
}
