package io.tracelot.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.jobs.allocation.AllocationRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The floor's jobs run on a MiniCluster and see every line of the input, no more, no less. */
class FlinkFloorTest {
  private static final Path SAMPLE = Path.of("../datasets/sample");

  @ParameterizedTest
  @ValueSource(strings = {"read", "read-sort"})
  void countsEveryLineOfTheInput(String mode) throws Exception {
    FlinkFloor.Measured m = FlinkFloor.run(mode, SAMPLE, 2);

    assertThat(m.rows()).isEqualTo(linesOf(SAMPLE)).isGreaterThan(1_000);
    assertThat(m.elapsedMs()).isGreaterThanOrEqualTo(m.jobMs());
  }

  @org.junit.jupiter.api.Test
  void theFloorsEnvironment_isTheAllocationsBatchOne_andRefusesStreaming() {
    var streaming = AllocationRun.Options.of(SAMPLE, SAMPLE).withMode(RuntimeExecutionMode.STREAMING);

    assertThatThrownBy(() -> AllocationRun.batchEnvironment(streaming)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STREAMING");
  }

  private static long linesOf(Path dir) throws IOException {
    long n = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".") && !f.getFileName().toString().startsWith("_")).toList()) {
        try (Stream<String> lines = Files.lines(f)) {
          n += lines.count();
        }
      }
    }
    return n;
  }
}
