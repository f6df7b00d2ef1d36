package io.tracelot.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetGeneratorTest {

  private static GeneratorConfig.Builder mid() {
    return GeneratorConfig.builder().units(200_000).seed(99).days(60).badRowFraction(0.005);
  }

  @Test
  void generate_sameConfigAndSeed_givesByteIdenticalFiles(@TempDir Path tmp) throws Exception {
    GeneratorConfig config = mid().filesPerTable(3).build();
    DatasetGenerator.generate(config, tmp.resolve("a"), ProgressListener.none());
    DatasetGenerator.generate(config, tmp.resolve("b"), ProgressListener.none());

    Map<String, String> a = sha256(tmp.resolve("a"));
    assertThat(a).hasSize(7);
    assertThat(sha256(tmp.resolve("b"))).isEqualTo(a);
  }

  @Test
  void generate_anotherSeed_givesOtherFiles(@TempDir Path tmp) throws Exception {
    DatasetGenerator.generate(mid().build(), tmp.resolve("a"), ProgressListener.none());
    DatasetGenerator.generate(mid().seed(100).build(), tmp.resolve("b"), ProgressListener.none());

    assertThat(sha256(tmp.resolve("b")).get("movements.csv")).isNotEqualTo(sha256(tmp.resolve("a")).get("movements.csv"));
  }

  @Test
  void everyRow_followsInputsMd_exceptTheIntendedBadRows_csv(@TempDir Path tmp) throws Exception {
    DatasetSummary summary = DatasetGenerator.generate(mid().build(), tmp, ProgressListener.none());

    InputChecker checker = InputChecker.check(tmp, "csv");
    assertThat(checker.problems).isEmpty();
    assertThat(checker.rejects).isEqualTo(expectedRejects(summary));
    assertThat(summary.table("movements").badRows()).hasSize(10);
    assertThat(summary.table("orders").badRows()).hasSize(5);
    assertThat(checker.movementRows).isEqualTo(summary.table("movements").rows());
    assertThat(checker.orderRows).isEqualTo(summary.table("orders").rows());
    assertThat(checker.unitsIn).isEqualTo(summary.unitsReceived());
    assertThat(summary.table("movements").badRowCount())
        .isEqualTo(checker.rejects.get("movements").values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void everyRow_followsInputsMd_exceptTheIntendedBadRows_jsonl(@TempDir Path tmp) throws Exception {
    DatasetSummary summary = DatasetGenerator.generate(mid().format(OutputFormat.JSONL).filesPerTable(2).build(), tmp, ProgressListener.none());

    InputChecker checker = InputChecker.check(tmp, "jsonl");
    assertThat(checker.problems).isEmpty();
    assertThat(checker.rejects).isEqualTo(expectedRejects(summary));
    assertThat(summary.table("movements").files()).extracting(p -> tmp.relativize(p).toString())
        .containsExactly("movements/part-00000.jsonl", "movements/part-00001.jsonl");
  }

  @Test
  void jsonlAndCsv_carryTheSameRows(@TempDir Path tmp) throws Exception {
    DatasetGenerator.generate(mid().build(), tmp.resolve("csv"), ProgressListener.none());
    DatasetGenerator.generate(mid().format(OutputFormat.JSONL).build(), tmp.resolve("jsonl"), ProgressListener.none());

    for (String table : List.of("skus", "movements", "orders")) {
      List<String> columns = switch (table) {
        case "skus" -> InputChecker.SKU_COLUMNS;
        case "movements" -> InputChecker.MOVEMENT_COLUMNS;
        default -> InputChecker.ORDER_COLUMNS;
      };
      assertThat(InputChecker.read(tmp.resolve("jsonl"), table, "jsonl", columns))
          .isEqualTo(InputChecker.read(tmp.resolve("csv"), table, "csv", columns).stream().map(DatasetGeneratorTest::withoutAbsent).toList());
    }
  }

  @Test
  void badRowFractionZero_writesOnlyGoodRows_inTheRequestedCounts(@TempDir Path tmp) throws Exception {
    DatasetSummary summary = DatasetGenerator.generate(mid().badRowFraction(0).movements(7_000).orderLines(9_000).build(), tmp, ProgressListener.none());

    InputChecker checker = InputChecker.check(tmp, "csv");
    assertThat(checker.rejects).isEmpty();
    assertThat(checker.problems).isEmpty();
    assertThat(summary.table("movements").rows()).isEqualTo(7_000);
    assertThat(summary.table("orders").rows()).isEqualTo(9_000);
  }

  @Test
  void unitsReceived_trackTheConfiguredUnits_evenWhenRowCountsAreOverridden(@TempDir Path tmp) throws Exception {
    DatasetSummary defaults = DatasetGenerator.generate(mid().build(), tmp.resolve("a"), ProgressListener.none());
    DatasetSummary overridden = DatasetGenerator.generate(mid().movements(20_000).orderLines(20_000).build(), tmp.resolve("b"), ProgressListener.none());

    assertThat(defaults.unitsReceived()).isBetween(180_000L, 220_000L);
    assertThat(overridden.unitsReceived()).isBetween(180_000L, 220_000L);
  }

  @Test
  void genealogy_isAtLeastTwoWorkOrdersDeep_andTheDataHasEveryKindOfEvent(@TempDir Path tmp) throws Exception {
    DatasetGenerator.generate(mid().build(), tmp, ProgressListener.none());

    InputChecker checker = InputChecker.check(tmp, "csv");
    assertThat(checker.genealogyDepth).isBetween(2, 3);
    assertThat(checker.movementTypes).containsOnlyKeys("RECEIPT", "PRODUCE", "CONSUME", "TRANSFER", "ADJUST", "RETURN", "HOLD", "RELEASE");
    assertThat(checker.holdsBeforeArrival).isPositive();
    assertThat(checker.serialRows).isPositive();
    assertThat(checker.tracking.values()).contains("NONE", "LOT", "SERIAL");
  }

  @Test
  void filesPerTable_splitsMovementsAndOrdersIntoOrderedParts(@TempDir Path tmp) throws Exception {
    DatasetSummary summary = DatasetGenerator.generate(mid().filesPerTable(4).build(), tmp, ProgressListener.none());

    assertThat(summary.table("skus").files()).containsExactly(tmp.resolve("skus.csv"));
    assertThat(summary.table("orders").files()).extracting(p -> tmp.relativize(p).toString())
        .containsExactly("orders/part-00000.csv", "orders/part-00001.csv", "orders/part-00002.csv", "orders/part-00003.csv");
    for (Path part : summary.table("movements").files()) {
      assertThat(Files.readAllLines(part).size()).isGreaterThan(1000);
    }
    // InputChecker reads the parts in name order and fails on rows out of ts order
    assertThat(InputChecker.check(tmp, "csv").problems).isEmpty();
    assertThat(summary.totalBytes()).isEqualTo(sizeOf(tmp));
  }

  @Test
  void generate_overAnotherFormatOrSplit_refusesNamingTheFileItWouldLeaveBehind(@TempDir Path tmp) throws Exception {
    DatasetGenerator.generate(mid().filesPerTable(3).build(), tmp, ProgressListener.none());

    assertThatThrownBy(() -> DatasetGenerator.generate(mid().filesPerTable(2).build(), tmp, ProgressListener.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("part-00002.csv");
    assertThatThrownBy(() -> DatasetGenerator.generate(mid().format(OutputFormat.JSONL).filesPerTable(3).build(), tmp, ProgressListener.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("skus.csv");
    // the same split again replaces every file
    DatasetGenerator.generate(mid().filesPerTable(3).build(), tmp, ProgressListener.none());
  }

  @Test
  void progress_reportsEachPhaseAndDone(@TempDir Path tmp) throws Exception {
    List<String> phases = new ArrayList<>();
    DatasetGenerator.generate(mid().build(), tmp, (phase, done, total) -> {
      if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase)) {
        phases.add(phase);
      }
    });

    assertThat(phases).containsExactly("skus", "events", "done");
  }

  private static Map<String, Map<String, Long>> expectedRejects(DatasetSummary summary) {
    Map<String, Map<String, Long>> expected = new TreeMap<>();
    for (String table : List.of("movements", "orders")) {
      if (!summary.table(table).badRows().isEmpty()) {
        expected.put(table, new TreeMap<>(summary.table(table).badRows()));
      }
    }
    return expected;
  }

  private static Map<String, String> withoutAbsent(Map<String, String> row) {
    Map<String, String> copy = new java.util.LinkedHashMap<>(row);
    copy.values().removeIf(java.util.Objects::isNull);
    return copy;
  }

  static Map<String, String> sha256(Path dir) throws IOException, NoSuchAlgorithmException {
    Map<String, String> sums = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
          in.transferTo(OutputStreamNull.INSTANCE);
        }
        sums.put(dir.relativize(file).toString(), HexFormat.of().formatHex(digest.digest()));
      }
    }
    return sums;
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static final class OutputStreamNull extends java.io.OutputStream {
    static final OutputStreamNull INSTANCE = new OutputStreamNull();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
