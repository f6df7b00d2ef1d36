package io.tracelot.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams a mid-size dataset in a separate JVM whose heap is far smaller than the data. */
class BoundedMemoryTest {
  static final long UNITS = 8_000_000;

  @Test
  void generate_eightMillionUnits_completesIn32MbOfHeap(@TempDir Path tmp) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), tmp.toString())
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("units=");
    long bytes = Long.parseLong(output.replaceAll("(?s).*bytes=(\\d+).*", "$1"));
    assertThat(bytes).as("the data is bigger than the heap").isGreaterThan(32L << 20);
  }

  /** Runs in the child JVM. */
  public static final class Main {
    public static void main(String[] args) throws Exception {
      GeneratorConfig config = GeneratorConfig.builder().units(UNITS).seed(3).build();
      DatasetSummary summary = DatasetGenerator.generate(config, Path.of(args[0]), ProgressListener.none());
      System.out.println("units=" + summary.unitsReceived() + " bytes=" + summary.totalBytes() + " rows=" + summary.totalRows());
      for (String table : List.of("movements", "orders")) {
        System.out.println(table + " " + summary.table(table).rows());
      }
    }
  }
}
