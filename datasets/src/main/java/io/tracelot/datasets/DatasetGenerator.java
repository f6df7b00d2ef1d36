package io.tracelot.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a realistic, deterministic input directory (inputs.md, format v1): skus, movements and
 * orders. The same config gives byte-identical files. Streaming: memory stays bounded by the
 * number of skus, whatever the number of units.
 */
public final class DatasetGenerator {
  static final String[] SKU_COLUMNS = {"sku", "tracking", "policy", "description", "unit"};

  private DatasetGenerator() {}

  /**
   * Generates into outDir (created when missing; existing files of the same names are replaced).
   *
   * @throws IOException when a file cannot be written
   */
  public static DatasetSummary generate(GeneratorConfig config, Path outDir, ProgressListener listener) throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(listener, "listener");
    long start = System.nanoTime();
    Files.createDirectories(outDir);
    Catalog catalog = new Catalog(config.seed(), config.skus());
    Map<String, DatasetSummary.Table> tables = new LinkedHashMap<>();

    try (TableWriter skus = new TableWriter(outDir, "skus", SKU_COLUMNS, new boolean[SKU_COLUMNS.length], config.format(), 1, catalog.size)) {
      for (int i = 0; i < catalog.size; i++) {
        String[] descriptionAndUnit = catalog.descriptionAndUnit(i);
        skus.set(0, catalog.code[i]);
        skus.set(1, catalog.category[i].tracking);
        skus.set(2, catalog.policy[i]);
        skus.set(3, descriptionAndUnit[0]);
        skus.set(4, descriptionAndUnit[1]);
        skus.endRow();
      }
      skus.close();
      tables.put("skus", new DatasetSummary.Table(skus.rows(), Map.of(), skus.bytes(), skus.files()));
    }
    listener.progress("skus", catalog.size, catalog.size);

    double withBad = 1 + config.badRowFraction();
    int parts = config.filesPerTable();
    long units;
    try (TableWriter movements = new TableWriter(outDir, "movements", Simulation.MOVEMENT_COLUMNS, Simulation.MOVEMENT_NUMERIC,
            config.format(), parts, Math.round(config.movements() * withBad));
        TableWriter orders = new TableWriter(outDir, "orders", Simulation.ORDER_COLUMNS, Simulation.ORDER_NUMERIC,
            config.format(), parts, Math.round(config.orderLines() * withBad))) {
      Simulation simulation = new Simulation(config, catalog, movements, orders, listener);
      simulation.run();
      movements.close();
      orders.close();
      units = simulation.unitsIn();
      tables.put("movements", new DatasetSummary.Table(movements.rows(), simulation.badMovements(), movements.bytes(), movements.files()));
      tables.put("orders", new DatasetSummary.Table(orders.rows(), simulation.badOrders(), orders.bytes(), orders.files()));
    }
    DatasetSummary summary = new DatasetSummary(tables, units, Duration.ofNanos(System.nanoTime() - start));
    listener.progress("done", summary.totalRows(), summary.totalRows());
    return summary;
  }
}
