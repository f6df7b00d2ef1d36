package io.tracelot.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.benchmarks.e2e.EndToEndBenchmark.Args;
import io.tracelot.benchmarks.e2e.EndToEndBenchmark.Result;
import io.tracelot.datasets.GeneratorConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fast checks of the harness only: no allocation ever runs in the build. */
class EndToEndBenchmarkTest {
  @Test
  void args_default_to20MEvents_everyConfiguration_2gHeap() {
    Args a = Args.parse();

    assertThat(a.rows()).isEqualTo(20_000_000);
    assertThat(a.configs()).containsExactly(E2eConfig.values());
    assertThat(a.heap()).isEqualTo("2g");
    assertThat(a.dataDir()).isEqualTo(Path.of("benchmarks/target/e2e-20M"));
    assertThat(a.json()).isEqualTo(Path.of("benchmarks/target/e2e-results.json"));
  }

  @Test
  void generatorConfig_isHalfOrderLinesHalfMovements_fiveUnitsPerEvent() {
    GeneratorConfig g = Args.parse("--rows", "2000000", "--seed", "7").generatorConfig();

    assertThat(g.orderLines()).isEqualTo(1_000_000);
    assertThat(g.movements()).isEqualTo(1_000_000);
    assertThat(g.units()).isEqualTo(10_000_000);
    assertThat(g.seed()).isEqualTo(7);
  }

  @Test
  void args_nameTheBadValue() {
    assertThatThrownBy(() -> Args.parse("--rows", "12")).hasMessageContaining("--rows").hasMessageContaining("12");
    assertThatThrownBy(() -> Args.parse("--heap", "lots")).hasMessageContaining("'lots'");
    assertThatThrownBy(() -> Args.parse("--configs", "chronicle-batch,spark")).hasMessageContaining("'spark'");
    assertThatThrownBy(() -> Args.parse("--frobnicate")).hasMessageContaining("--frobnicate");
  }

  @Test
  void configs_parseByLabelOrName() {
    assertThat(Args.parse("--configs", "flink-rocksdb-streaming, CHRONICLE_BATCH").configs())
        .containsExactly(E2eConfig.FLINK_ROCKSDB_STREAMING, E2eConfig.CHRONICLE_BATCH);
  }

  @Test
  void compare_flagsAPeerWithOtherRowCounts_andIgnoresFailedRuns() {
    Result base = result(E2eConfig.CHRONICLE_BATCH, "OK", Map.of("allocations", 10L, "stock", 3L));
    Result same = result(E2eConfig.FLINK_HASHMAP_STREAMING, "OK", Map.of("allocations", 10L, "stock", 3L));
    Result other = result(E2eConfig.FLINK_ROCKSDB_STREAMING, "OK", Map.of("allocations", 11L, "stock", 3L));
    Result failed = result(E2eConfig.CHRONICLE_STREAMING, "OOM", Map.of());

    assertThat(EndToEndBenchmark.compare(List.of(base, same, failed))).isEmpty();
    assertThat(EndToEndBenchmark.compare(List.of(base, same, other, failed)))
        .singleElement().asString().contains("flink-rocksdb-streaming").contains("allocations=11");
  }

  @Test
  void json_escapesStrings_andReportsRatios() {
    Result base = result(E2eConfig.CHRONICLE_BATCH, "OK", Map.of("allocations", 10L));
    Result failed = result(E2eConfig.CHRONICLE_STREAMING, "FAILED", Map.of());

    var floor = new EndToEndBenchmark.Floor("read-sort", "OK", 1_000, 500);
    String json = Report.json(Args.parse("--rows", "1000000"), List.of(base, failed), List.of(floor), List.of("a \"quoted\"\nline"));

    assertThat(json).contains("\"ratioVsChronicleBatch\": 1.0000").contains("\"ratioVsChronicleBatch\": null")
        .contains("\"flinkFloor\": [{\"mode\": \"read-sort\", \"status\": \"OK\", \"rows\": 1000, \"elapsedMs\": 500, \"rowsPerSecond\": 2000.0}]")
        .contains("\"a \\\"quoted\\\"\\nline\"").contains("\"rowCountsIdentical\": false");
  }

  @Test
  void sizeLabels() {
    assertThat(EndToEndBenchmark.sizeLabel(20_000_000)).isEqualTo("20M");
    assertThat(EndToEndBenchmark.sizeLabel(200_000)).isEqualTo("200k");
    assertThat(EndToEndBenchmark.sizeLabel(1_234_567)).isEqualTo("1234567");
  }

  private static Result result(E2eConfig c, String status, Map<String, Long> rows) {
    return new Result(c, status, "", 1_000, 2_000, 2_100, 1_000, 100, 50, 200, 2L << 30, 300, 5, 10, rows, Map.of(), Map.of("startup", 1L),
        "1.0 1.0 1.0", "1.0 1.0 1.0");
  }
}
