package io.tracelot.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Writes a realistic, deterministic input directory (inputs.md, format v1): skus, movements and
 * orders. The same config gives byte-identical files. Streaming: memory stays bounded by the
 * number of skus, whatever the number of units.
 */
public final class DatasetGenerator {
  static final String[] SKU_COLUMNS = {"sku", "tracking", "policy", "description", "unit"};
  private static final List<String> TABLES = List.of("skus", "movements", "orders");

  private DatasetGenerator() {}

  /**
   * Generates into outDir, created when missing. Files this run writes are replaced; any other
   * file of the three tables found there (another format, another split) is refused up front,
   * because a reader would take it as part of the input.
   *
   * @throws IllegalArgumentException when outDir holds table files this run would not replace
   * @throws IOException when a file cannot be written
   */
  public static DatasetSummary generate(GeneratorConfig config, Path outDir, ProgressListener listener) throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(listener, "listener");
    long start = System.nanoTime();
    Files.createDirectories(outDir);
    refuseStaleTables(config, outDir);
    Catalog catalog = new Catalog(config.seed(), config.skus());

    TableWriter skus = new TableWriter(outDir, "skus", SKU_COLUMNS, new boolean[SKU_COLUMNS.length], config.format(), 1, catalog.size);
    try (skus) {
      for (int i = 0; i < catalog.size; i++) {
        String[] descriptionAndUnit = catalog.descriptionAndUnit(i);
        skus.set(0, catalog.code[i]);
        skus.set(1, catalog.category[i].tracking);
        skus.set(2, catalog.policy[i]);
        skus.set(3, descriptionAndUnit[0]);
        skus.set(4, descriptionAndUnit[1]);
        skus.endRow();
      }
    }
    listener.progress("skus", catalog.size, catalog.size);

    double withBad = 1 + config.badRowFraction();
    int parts = config.filesPerTable();
    TableWriter movements = new TableWriter(outDir, "movements", Simulation.MOVEMENT_COLUMNS, Simulation.MOVEMENT_NUMERIC,
        config.format(), parts, Math.round(config.movements() * withBad));
    TableWriter orders = new TableWriter(outDir, "orders", Simulation.ORDER_COLUMNS, Simulation.ORDER_NUMERIC,
        config.format(), parts, Math.round(config.orderLines() * withBad));
    Simulation simulation = new Simulation(config, catalog, movements, orders, listener);
    try (movements; orders) {
      simulation.run();
    }

    Map<String, DatasetSummary.Table> tables = new LinkedHashMap<>();
    tables.put("skus", table(skus, Map.of()));
    tables.put("movements", table(movements, simulation.badMovements()));
    tables.put("orders", table(orders, simulation.badOrders()));
    DatasetSummary summary = new DatasetSummary(tables, simulation.unitsIn(), Duration.ofNanos(System.nanoTime() - start));
    listener.progress("done", summary.totalRows(), summary.totalRows());
    return summary;
  }

  private static DatasetSummary.Table table(TableWriter writer, Map<String, Long> badRows) throws IOException {
    return new DatasetSummary.Table(writer.rows(), badRows, writer.bytes(), writer.files());
  }

  private static void refuseStaleTables(GeneratorConfig config, Path outDir) throws IOException {
    for (String table : TABLES) {
      boolean split = config.filesPerTable() > 1 && !table.equals("skus");
      for (OutputFormat format : OutputFormat.values()) {
        Path single = outDir.resolve(table + "." + format.extension());
        if (Files.exists(single) && (split || format != config.format())) {
          throw stale(single);
        }
      }
      Path dir = outDir.resolve(table);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.sorted().toList()) {
            if (!split || !TableWriter.isPart(file.getFileName().toString(), config.format(), config.filesPerTable())) {
              throw stale(file);
            }
          }
        }
      }
    }
  }

  private static IllegalArgumentException stale(Path file) {
    return new IllegalArgumentException("output directory holds " + file
        + ", which this run would not replace and a reader would take as input: remove it or choose an empty directory");
  }
}
