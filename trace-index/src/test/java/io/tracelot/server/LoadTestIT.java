package io.tracelot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelot.query.IndexProgress;
import io.tracelot.query.TestSnapshots;
import io.tracelot.query.TraceIndex;
import io.tracelot.snapshot.SnapshotDir;
import io.tracelot.snapshot.SnapshotPublisher;
import io.tracelot.snapshot.Staging;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load test itself, short (20 clients, 5 s): every answer checked, two snapshot versions
 * published during the load and both answered from, nothing left behind. No timing assertions
 * here (the machine is shared): the p99 limit is checked by the CI command only.
 */
class LoadTestIT {
  @TempDir static Path dir;
  static Path snapshot;

  @BeforeAll
  static void publishSnapshot() throws Exception {
    snapshot = dir.resolve("served");
    Staging staging = SnapshotPublisher.stage(snapshot, "run-load");
    TestSnapshots.create(dir.resolve("input"), staging.dir(), 10_000, 21, "run-load");
    TraceIndex.build(staging.dir(), IndexProgress.none());
    SnapshotPublisher.publish(staging);
  }

  @Test
  void twentyClientsFiveSeconds_twoSwitches_noErrors_everyRunAnswered() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    Path requests = dir.resolve("requests.csv");
    LoadReport r = LoadTest.builder(snapshot).clients(20).duration(Duration.ofSeconds(5))
        .think(LoadTest.parseThink("50ms-150ms")).warmup(Duration.ofSeconds(1)).baseline(Duration.ofSeconds(2))
        .closedLoop(Duration.ofSeconds(1)).switches(2).maxP99Ratio(0).requestLog(requests).log(log::add).build()
        .run();
    System.out.print(r.text());

    assertThat(r.failures()).isEmpty();
    assertThat(r.ok()).isTrue();
    assertThat(r.errors()).isZero();
    assertThat(r.phases()).extracting(LoadReport.Phase::name)
        .containsExactly("warm-up", "single client", "closed loop", "load");
    assertThat(r.phases()).allSatisfy(p -> assertThat(p.requests()).as(p.name()).isPositive());
    LoadReport.Phase load = r.phase("load");
    assertThat(load.clients()).isEqualTo(20);
    assertThat(load.latencyByKind()).containsKeys("lot", "serial", "back lot", "back order", "back customer",
        "recall", "health", "unknown id", "malformed", "no route");
    // answers from the first run and from both published ones, and the server ends on the last
    assertThat(r.switches()).hasSize(2).allSatisfy(s -> {
      assertThat(s.firstAnswerAt()).as(s.runId()).isNotNull();
      assertThat(s.firstAnswerAt()).isGreaterThanOrEqualTo(s.publishedAt());
    });
    assertThat(load.runsAnswered()).containsKey("run-load").containsKeys(r.switches().get(0).runId(),
        r.switches().get(1).runId());
    assertThat(r.serverSwitches()).isEqualTo(2);
    assertThat(Files.readSymbolicLink(snapshot).getFileName().toString()).isEqualTo(r.switches().get(1).runId());
    assertThat(TraceIndex.open(snapshot)).satisfies(i -> {
      try (i) {
        assertThat(i.runId()).isEqualTo(r.switches().get(1).runId());
      }
    });
    // every request is in the CSV, the load phase's in its timeline
    List<String> lines = Files.readAllLines(requests);
    assertThat(lines.get(0)).isEqualTo("phase,client,start_ms,kind,latency_ms");
    assertThat(lines).hasSize(1 + (int) r.phases().stream().mapToLong(LoadReport.Phase::requests).sum());
    assertThat(load.timeline()).isNotEmpty();
    assertThat(load.timeline().stream().mapToLong(LoadReport.Window::requests).sum()).isEqualTo(load.requests());
    // the report is JSON too, and no prepared copy is left next to the snapshot
    JsonNode json = new ObjectMapper().readTree(r.json());
    assertThat(json.get("phases")).hasSize(4);
    assertThat(json.get("phases").get(3).get("latency").get("p99_ms").asDouble()).isPositive();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".loadtest-"));
    }
    assertThat(r.text()).contains("load test: OK").contains("(not checked)");
    assertThat(log).anySatisfy(m -> assertThat(m).contains("published run"));
  }

  @Test
  void aCopyOfTheSnapshot_isIndexed_underItsNewRunId() throws Exception {
    Path copy = LoadTest.prepareCopy(snapshot, "run-copy");
    try {
      assertThat(copy.getFileName().toString()).isEqualTo(".served.loadtest-run-copy");
      try (TraceIndex i = TraceIndex.open(copy)) {
        assertThat(i.runId()).isEqualTo("run-copy");
      }
      // the tables are the same files (hard links), the original is untouched
      Path original = SnapshotDir.resolve(snapshot);
      try (Stream<Path> files = Files.walk(original.resolve("allocations"))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(Files.isSameFile(f, copy.resolve(original.relativize(f)))).isTrue();
        }
      }
    } finally {
      try (Stream<Path> walk = Files.walk(copy)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void aServerOnAnotherSnapshot_isRefused() throws Exception {
    Path other = dir.resolve("other");
    Staging staging = SnapshotPublisher.stage(other, "run-other");
    TestSnapshots.create(dir.resolve("input-other"), staging.dir(), 10_000, 22, "run-other");
    TraceIndex.build(staging.dir(), IndexProgress.none());
    SnapshotPublisher.publish(staging);
    try (TraceServer s = TraceServer.builder(other).port(0).log(m -> {}).build().start()) {
      assertThatThrownBy(() -> LoadTest.builder(snapshot).url(s.uri()).clients(2).duration(Duration.ofSeconds(1))
          .baseline(Duration.ofSeconds(1)).switches(0).log(m -> {}).build().run())
          .hasMessageContaining("serves run run-other").hasMessageContaining("is run ");
    }
  }
}
