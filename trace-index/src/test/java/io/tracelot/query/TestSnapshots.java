package io.tracelot.query;

import io.tracelot.allocator.AllocationResult;
import io.tracelot.allocator.ReferenceAllocation;
import io.tracelot.allocator.index.OnHeapStockIndex;
import io.tracelot.allocator.input.InputDirectory;
import io.tracelot.allocator.input.InputFile;
import io.tracelot.allocator.input.InputRow;
import io.tracelot.allocator.input.RowReader;
import io.tracelot.allocator.input.RowValidator;
import io.tracelot.allocator.model.InputSource;
import io.tracelot.allocator.model.Sku;
import io.tracelot.datasets.DatasetGenerator;
import io.tracelot.datasets.GeneratorConfig;
import io.tracelot.datasets.ProgressListener;
import io.tracelot.snapshot.Manifest;
import io.tracelot.snapshot.SnapshotTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real snapshots for the trace tests: a generated input (genealogy, serials, returns, holds)
 * allocated by the single-threaded reference and written as the snapshot's Parquet tables.
 */
public final class TestSnapshots {
  private TestSnapshots() {}

  /** Generates, allocates and writes a snapshot under {@code dir}; returns the snapshot directory. */
  public static Path create(Path dir, long units, long seed, String runId) throws IOException {
    return create(dir.resolve("input"), dir.resolve("snapshot"), units, seed, runId);
  }

  /**
   * Generates the input into {@code input}, allocates it and writes the snapshot's tables and
   * manifest into {@code snapshot} (e.g. a {@code SnapshotPublisher} staging directory).
   */
  public static Path create(Path input, Path snapshot, long units, long seed, String runId) throws IOException {
    DatasetGenerator.generate(GeneratorConfig.builder().units(units).seed(seed).days(30).build(), input,
        ProgressListener.none());
    InputDirectory in = InputDirectory.open(input);
    List<InputRow> skuRows = rows(in, InputSource.SKUS);
    AllocationResult r = ReferenceAllocation.run(skuRows, rows(in, InputSource.MOVEMENTS),
        rows(in, InputSource.ORDERS), new OnHeapStockIndex());
    Map<String, Sku> skus = new LinkedHashMap<>();
    for (InputRow row : skuRows) {
      if (!row.hasParseError()) {
        Sku s = RowValidator.sku(row.file(), row.lineNo(), row.raw(), row.fields()).sku();
        if (s != null) {
          skus.putIfAbsent(s.sku(), s);
        }
      }
    }
    Map<String, Manifest.TableInfo> tables = new LinkedHashMap<>();
    tables.put("allocations", write(snapshot, SnapshotTable.ALLOCATIONS, r.allocations()));
    tables.put("backorders", write(snapshot, SnapshotTable.BACKORDERS, r.backorders()));
    tables.put("stock", write(snapshot, SnapshotTable.STOCK, r.stock()));
    tables.put("genealogy", write(snapshot, SnapshotTable.GENEALOGY, r.genealogy()));
    tables.put("movements", write(snapshot, SnapshotTable.MOVEMENTS, r.movements()));
    tables.put("rejects", write(snapshot, SnapshotTable.REJECTS, r.rejects()));
    tables.put("skus", write(snapshot, SnapshotTable.SKUS, new ArrayList<>(skus.values())));
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    Manifest.of(runId, now, now, List.of(), tables, Manifest.ALLOCATION_POLICY_V1, null, Map.of(), Map.of())
        .write(snapshot);
    return snapshot;
  }

  private static <T> Manifest.TableInfo write(Path snapshot, SnapshotTable<T> table, List<T> rows) throws IOException {
    Path dir = Files.createDirectories(snapshot.resolve(table.name()));
    // two files per table, so that readers see a table split across files
    int half = rows.size() / 2;
    table.write(dir.resolve("part-0.parquet"), rows.subList(0, half));
    table.write(dir.resolve("part-1.parquet"), rows.subList(half, rows.size()));
    return new Manifest.TableInfo(rows.size(),
        List.of(table.name() + "/part-0.parquet", table.name() + "/part-1.parquet"));
  }

  private static List<InputRow> rows(InputDirectory in, InputSource table) {
    List<InputRow> rows = new ArrayList<>();
    for (InputFile f : in.files(table)) {
      try (RowReader r = f.open()) {
        r.forEachRemaining(rows::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }
}
