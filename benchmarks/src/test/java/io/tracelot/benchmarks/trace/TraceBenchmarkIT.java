package io.tracelot.benchmarks.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelot.allocator.Invariants;
import io.tracelot.allocator.model.Allocation;
import io.tracelot.snapshot.CloseableIterator;
import io.tracelot.snapshot.Manifest;
import io.tracelot.snapshot.SnapshotReader;
import io.tracelot.snapshot.SnapshotTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace harness at a tiny size: what it writes is a valid snapshot, and a whole run cross-checks every answer. */
class TraceBenchmarkIT {
  @TempDir Path dir;

  @Test
  void synth_writesASnapshotThatKeepsTheInvariants_withAllocationsSortedByLot_andEachSerialOnce() throws Exception {
    Path snapshot = dir.resolve("snapshot");
    SnapshotSynth.Summary s = SnapshotSynth.synthesize(snapshot,
        new SnapshotSynth.Settings(20_000, 7, 2, 5_000, SnapshotSynth.Settings.DEFAULT_ROW_GROUP_BYTES, true), null);

    assertThat(s.invariants()).containsOnlyKeys("conservation_per_lot", "serial_in_one_place")
        .allSatisfy((k, v) -> assertThat(v).isEqualTo(Invariants.OK));
    SnapshotReader reader = SnapshotReader.open(snapshot);
    Manifest m = reader.manifest();
    assertThat(m.tables().keySet()).containsExactly("allocations", "backorders", "stock", "genealogy", "movements",
        "rejects", "skus");
    for (SnapshotTable<?> t : SnapshotTable.ALL) {
      assertThat(reader.readAll(t)).as(t.name()).hasSize((int) m.tables().get(t.name()).rows());
    }
    assertThat(m.tables().get("allocations").rows()).isEqualTo(20_000);
    assertThat(m.tables().get("allocations").files()).hasSizeGreaterThan(2);
    assertThat(m.tables().get("genealogy").rows()).isPositive();

    String previousLot = "";
    boolean lotless = false;
    Set<String> serials = new HashSet<>();
    for (Path f : reader.files(SnapshotTable.ALLOCATIONS)) {
      try (CloseableIterator<Allocation> it = SnapshotTable.ALLOCATIONS.read(f)) {
        while (it.hasNext()) {
          Allocation a = it.next();
          if (a.lot() == null) {
            lotless = true;
          } else {
            assertThat(lotless).as("lot-less rows come last").isFalse();
            assertThat(a.lot()).isGreaterThanOrEqualTo(previousLot);
            previousLot = a.lot();
          }
          if (a.serial() != null) {
            assertThat(serials.add(a.sku() + "/" + a.serial())).as("serial " + a.serial() + " allocated once").isTrue();
            assertThat(a.qty()).isEqualTo(1);
          }
        }
      }
    }
    assertThat(lotless).isTrue();
    assertThat(serials).isNotEmpty();
  }

  @Test
  void run_atATinySize_measuresBothEngines_andEveryAnswerAgrees() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status;
    try (PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      status = TraceBenchmark.run(console, "--rows", "20000", "--dir", dir.toString(), "--threads", "2",
          "--lots", "30", "--serials", "30", "--recalls", "10", "--big-repeats", "2", "--first", "3", "--opens", "2",
          "--fresh-jvms", "1", "--warmup", "50", "--warmup-seconds", "5", "--duckdb-seconds", "60", "--duckdb-max", "30",
          "--duckdb-first", "2", "--query-heap", "512m", "--heap", "512m");
    }
    String console = out.toString(StandardCharsets.UTF_8);

    assertThat(status).as(console).isZero();
    JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("results.json")));
    assertThat(json.at("/crossCheck/identical").asBoolean()).as(console).isTrue();
    assertThat(json.at("/crossCheck/compared").asInt()).isGreaterThanOrEqualTo(30);
    assertThat(json.get("queries")).hasSize(QueryKind.values().length).allSatisfy(q -> {
      assertThat(q.at("/warm/ours/n").asInt()).as(q.get("kind").asText()).isPositive();
      assertThat(q.at("/warm/duckdb/n").asInt()).as(q.get("kind").asText()).isPositive();
      assertThat(q.at("/first/ours/n").asInt()).isPositive();
      assertThat(q.at("/first/duckdb/n").asInt()).isPositive();
      assertThat(q.at("/warm/ours/maxRows").asLong()).as(q.get("kind").asText()).isPositive();
    });
    assertThat(json.at("/build/status").asText()).isEqualTo("OK");
    assertThat(json.at("/open/freshJvms")).hasSize(1);
    assertThat(Files.readString(dir.resolve("results.md"))).contains("| lot → customers | warm |").contains("Cross-check");
    assertThat(console).contains("cross-check:").contains("all identical");

    // a second run reuses the snapshot and the index
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    try (PrintStream c = new PrintStream(again, true, StandardCharsets.UTF_8)) {
      assertThat(TraceBenchmark.run(c, "--rows", "20000", "--dir", dir.toString(), "--lots", "5", "--serials", "5",
          "--recalls", "3", "--big-repeats", "1", "--first", "1", "--opens", "1", "--fresh-jvms", "0", "--warmup", "5",
          "--duckdb-seconds", "20", "--duckdb-max", "5", "--duckdb-first", "1", "--query-heap", "512m")).isZero();
    }
    assertThat(again.toString(StandardCharsets.UTF_8)).contains("reusing the snapshot").contains("reusing the index");
  }

  @Test
  void args_nameTheBadValue_andDefaultTo100MRows() {
    TraceBenchmark.Args a = TraceBenchmark.Args.parse();
    assertThat(a.rows()).isEqualTo(100_000_000);
    assertThat(a.dir()).isEqualTo(Path.of("benchmarks/target/trace-100M"));
    assertThat(a.heap()).isEqualTo("2g");
    assertThat(TraceBenchmark.Args.parse("--rows", "2M").dir()).isEqualTo(Path.of("benchmarks/target/trace-2M"));
    assertThatThrownBy(() -> TraceBenchmark.Args.parse("--rows", "12")).hasMessageContaining("--rows").hasMessageContaining("12");
    assertThatThrownBy(() -> TraceBenchmark.Args.parse("--heap", "lots")).hasMessageContaining("'lots'");
    assertThatThrownBy(() -> TraceBenchmark.Args.parse("--lots", "x")).hasMessageContaining("--lots").hasMessageContaining("'x'");
    assertThatThrownBy(() -> TraceBenchmark.Args.parse("--frobnicate")).hasMessageContaining("--frobnicate");
  }
}
