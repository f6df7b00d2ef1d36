package io.tracelot.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDatasetTest {
  /** Surefire runs in the module directory. */
  private static final Path SAMPLE = Path.of("sample");

  @Test
  void committedSample_isExactlyWhatTheGeneratorWritesForTheSampleConfig(@TempDir Path tmp) throws Exception {
    DatasetGenerator.generate(SampleDataset.config(), tmp, ProgressListener.none());

    for (String file : List.of("skus.csv", "movements.csv", "orders.csv")) {
      assertThat(Files.readAllBytes(tmp.resolve(file)))
          .as("%s differs from a fresh generation: rerun SampleDataset (see datasets/README.md)", file)
          .isEqualTo(Files.readAllBytes(SAMPLE.resolve(file)));
    }
  }

  @Test
  void sample_showsGenealogySerialsHoldsReturnsBackordersAndBadRowsOfManyReasons() throws Exception {
    InputChecker checker = InputChecker.check(SAMPLE, "csv");

    assertThat(checker.problems).isEmpty();
    assertThat(checker.genealogyDepth).isBetween(2, 3);
    assertThat(checker.serialRows).isGreaterThan(50);
    assertThat(checker.holdsBeforeArrival).isPositive();
    assertThat(checker.movementTypes.get("HOLD")).isGreaterThan(checker.holdsBeforeArrival);
    assertThat(checker.movementTypes).containsKeys("RETURN", "RELEASE", "TRANSFER", "ADJUST");
    assertThat(checker.rejects.get("movements")).hasSizeGreaterThanOrEqualTo(5);
    assertThat(checker.rejects.get("orders")).hasSizeGreaterThanOrEqualTo(3);
    assertThat(someLineMustBackorder()).isTrue();
    long rows = checker.movementRows + checker.orderRows;
    assertThat(rows).isBetween(1_500L, 5_000L);
  }

  /** True when some (sku, DC) is asked for more units than ever arrive there: a backorder is then certain. */
  private static boolean someLineMustBackorder() throws Exception {
    Map<String, Long> inflow = new HashMap<>();
    for (Map<String, String> row : InputChecker.read(SAMPLE, "movements", "csv", InputChecker.MOVEMENT_COLUMNS)) {
      String qty = row.get("qty");
      if (qty == null || !qty.matches("\\d+")) {
        continue;
      }
      String where = row.get("type").equals("TRANSFER") ? row.get("to_warehouse") : row.get("warehouse");
      inflow.merge(row.get("sku") + "|" + where, Long.parseLong(qty), Long::sum);
    }
    Map<String, Long> demand = new HashMap<>();
    for (Map<String, String> row : InputChecker.read(SAMPLE, "orders", "csv", InputChecker.ORDER_COLUMNS)) {
      if (row.get("qty") != null && row.get("qty").matches("\\d+")) {
        demand.merge(row.get("sku") + "|" + row.get("warehouse"), Long.parseLong(row.get("qty")), Long::sum);
      }
    }
    return demand.entrySet().stream().anyMatch(e -> e.getValue() > inflow.getOrDefault(e.getKey(), 0L));
  }
}
