package io.tracelot.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.allocator.model.Allocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotReaderIT {
  @TempDir Path snapshot;

  @Test
  void files_areTheTablesParquetFilesSortedByName_skippingHiddenOnes() throws IOException {
    Path allocations = Files.createDirectories(snapshot.resolve("allocations"));
    List<Allocation> rows = Rows.allocations();
    SnapshotTable.ALLOCATIONS.write(allocations.resolve("part-1.parquet"), rows.subList(2, 4));
    SnapshotTable.ALLOCATIONS.write(allocations.resolve("part-0.parquet"), rows.subList(0, 2));
    Files.writeString(allocations.resolve(".part-2.parquet.inprogress"), "");
    Files.writeString(allocations.resolve("_SUCCESS"), "");
    writeManifest(Map.of());

    SnapshotReader reader = SnapshotReader.open(snapshot);

    assertThat(reader.files(SnapshotTable.ALLOCATIONS))
        .containsExactly(allocations.resolve("part-0.parquet"), allocations.resolve("part-1.parquet"));
    assertThat(reader.files(SnapshotTable.SKUS)).isEmpty();
    try (Stream<Allocation> all = reader.stream(SnapshotTable.ALLOCATIONS)) {
      assertThat(all).containsExactlyElementsOf(Rows.expected(SnapshotTable.ALLOCATIONS));
    }
    assertThat(reader.readAll(SnapshotTable.ALLOCATIONS)).containsExactlyElementsOf(Rows.expected(SnapshotTable.ALLOCATIONS));
  }

  @Test
  void readAll_rowCountOtherThanTheManifests_isCorrupt() throws IOException {
    Path allocations = Files.createDirectories(snapshot.resolve("allocations"));
    SnapshotTable.ALLOCATIONS.write(allocations.resolve("part-0.parquet"), Rows.allocations());
    writeManifest(Map.of("allocations", new Manifest.TableInfo(5, List.of("allocations/part-0.parquet"))));

    assertThatThrownBy(() -> SnapshotReader.open(snapshot).readAll(SnapshotTable.ALLOCATIONS))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining(allocations + ": corrupt: 4 rows, manifest says 5");
  }

  @Test
  void readAll_fileMissingThatTheManifestLists_isCorrupt() throws IOException {
    Path stock = Files.createDirectories(snapshot.resolve("stock"));
    SnapshotTable.STOCK.write(stock.resolve("part-0.parquet"), Rows.stock());
    writeManifest(Map.of("stock", new Manifest.TableInfo(8,
        List.of("stock/part-0.parquet", "stock/part-1.parquet"))));

    assertThatThrownBy(() -> SnapshotReader.open(snapshot).readAll(SnapshotTable.STOCK))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("manifest lists [stock/part-0.parquet, stock/part-1.parquet]");
  }

  @Test
  void open_directoryWithoutManifest_isNotASnapshot() {
    assertThatThrownBy(() -> SnapshotReader.open(snapshot))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining("not a Tracelot snapshot");
  }

  private void writeManifest(Map<String, Manifest.TableInfo> tables) throws IOException {
    Manifest.of("run-1", Instant.EPOCH, Instant.EPOCH, List.of(), tables, Manifest.ALLOCATION_POLICY_V1, null,
        Map.of(), Map.of()).write(snapshot);
  }
}
