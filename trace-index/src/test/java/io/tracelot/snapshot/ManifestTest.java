package io.tracelot.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  @TempDir Path dir;

  static Manifest sample() {
    Map<String, Manifest.TableInfo> tables = new LinkedHashMap<>();
    tables.put("allocations", new Manifest.TableInfo(4, List.of("allocations/part-0.parquet")));
    tables.put("skus", new Manifest.TableInfo(0, List.of()));
    return Manifest.of(
        "run-1",
        Instant.parse("2026-11-20T08:15:00.123456Z"),
        Instant.parse("2026-11-20T08:16:00Z"),
        List.of(new Manifest.InputFile("movements", "in/movements.csv", 12, "ab12")),
        tables,
        Manifest.ALLOCATION_POLICY_V1,
        null,
        Map.of("UNKNOWN_SKU", 3L),
        Map.of("stock_non_negative", Manifest.OK, "orders_conserved", "O-1:2 allocated 3 of 2"));
  }

  @Test
  void roundTrip_writesSnakeCaseJsonAndReadsBackTheSameManifest() throws IOException {
    sample().write(dir);

    String json = Files.readString(dir.resolve("_manifest.json"));
    assertThat(json).contains(
        "\"format\" : \"tracelot-snapshot\"", "\"format_version\" : 1", "\"run_id\" : \"run-1\"",
        "\"started\" : \"2026-11-20T08:15:00.123456Z\"", "\"input_files\"", "\"sha256\" : \"ab12\"",
        "\"allocation_policy_version\" : \"tracelot-allocation-v1\"", "\"from_run_id\" : null",
        "\"rejects_by_reason\"", "\"invariants\"");
    assertThat(Manifest.read(dir)).isEqualTo(sample());
  }

  @Test
  void read_unknownFields_areIgnored() throws IOException {
    sample().write(dir);
    Path file = dir.resolve("_manifest.json");
    Files.writeString(file, Files.readString(file).replaceFirst("\\{", "{ \"added_in_a_minor\": {\"x\": [1]},"));

    assertThat(Manifest.read(dir)).isEqualTo(sample());
  }

  @Test
  void inputRows_roundTrip_andBalancedMeansReadIsAppliedPlusRejected() throws IOException {
    Map<String, Manifest.InputRows> rows = new LinkedHashMap<>();
    rows.put("skus", new Manifest.InputRows(3, 2, 1, Map.of("skus.csv", new Manifest.FileRows(3, 1))));
    rows.put("movements", new Manifest.InputRows(10, 7, 2, Map.of("movements/a.csv", new Manifest.FileRows(4, 2), "movements/b.jsonl", new Manifest.FileRows(6, 0))));
    Manifest m = sample().withInputRows(rows);
    m.write(dir);

    assertThat(Files.readString(dir.resolve("_manifest.json"))).contains("\"input_rows\"", "\"applied\" : 7", "\"movements/b.jsonl\"");
    assertThat(Manifest.read(dir)).isEqualTo(m);
    assertThat(Manifest.read(dir).inputRows().keySet()).containsExactly("skus", "movements");
    assertThat(rows.get("skus").balanced()).isTrue();
    assertThat(rows.get("movements").balanced()).isFalse();
  }

  @Test
  void read_aManifestWrittenBeforeInputRows_readsWithNone() throws IOException {
    // as a build before the input row accounting wrote it
    Files.writeString(dir.resolve("_manifest.json"), """
        {
          "format" : "tracelot-snapshot",
          "format_version" : 1,
          "run_id" : "20261120T081500Z-3fa9c1d2",
          "started" : "2026-11-20T08:15:00.123456Z",
          "finished" : "2026-11-20T08:16:00Z",
          "input_files" : [ { "table" : "movements", "file" : "movements.csv", "bytes" : 12, "sha256" : "ab12" } ],
          "tables" : { "allocations" : { "rows" : 4, "files" : [ "allocations/part-0.parquet" ] } },
          "allocation_policy_version" : "tracelot-allocation-v1",
          "from_run_id" : null,
          "rejects_by_reason" : { "UNKNOWN_SKU" : 3 },
          "invariants" : { "conservation_per_lot" : "ok" }
        }
        """);

    Manifest m = Manifest.read(dir);
    assertThat(m.inputRows()).isEmpty();
    assertThat(m.tables().get("allocations").rows()).isEqualTo(4);
  }

  @Test
  void read_unknownFieldsInsideNestedObjects_areIgnoredToo() throws IOException {
    sample().withInputRows(Map.of("orders", new Manifest.InputRows(1, 1, 0, Map.of("orders.csv", new Manifest.FileRows(1, 0))))).write(dir);
    Path file = dir.resolve("_manifest.json");
    Files.writeString(file, Files.readString(file)
        .replace("\"applied\" : 1,", "\"applied\" : 1, \"later\" : 5,")
        .replace("\"sha256\" : \"ab12\"", "\"sha256\" : \"ab12\", \"later\" : 5")
        .replace("\"rows\" : 4,", "\"rows\" : 4, \"later\" : 5,"));

    assertThat(Manifest.read(dir).inputRows().get("orders").applied()).isEqualTo(1);
  }

  @Test
  void inputFile_of_recordsSizeAndSha256() throws IOException {
    Path file = Files.writeString(dir.resolve("skus.csv"), "abc");

    assertThat(Manifest.InputFile.of("skus", file)).isEqualTo(new Manifest.InputFile("skus", file.toString(), 3,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  }

  @Test
  void read_tooNew_namesTheFileAndBothVersions() throws IOException {
    writeWithVersion(2);

    assertThatThrownBy(() -> Manifest.read(dir))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessage(dir.resolve("_manifest.json") + ": too new (format_version 2, this build reads 1)");
  }

  @Test
  void read_tooOld_namesTheFileAndBothVersions() throws IOException {
    writeWithVersion(0);

    assertThatThrownBy(() -> Manifest.read(dir))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessage(dir.resolve("_manifest.json") + ": too old (format_version 0, this build reads 1)");
  }

  @Test
  void read_noManifest_isNotASnapshot() {
    assertThatThrownBy(() -> Manifest.read(dir))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessage(dir.resolve("_manifest.json") + ": not a Tracelot snapshot (no _manifest.json)");
  }

  @Test
  void read_otherFormat_isNotASnapshot() throws IOException {
    Files.writeString(dir.resolve("_manifest.json"), "{\"format\": \"delta\", \"format_version\": 1}");

    assertThatThrownBy(() -> Manifest.read(dir))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining(dir.resolve("_manifest.json").toString())
        .hasMessageContaining("not a Tracelot snapshot (format 'delta')");
  }

  @Test
  void read_truncatedJson_isCorrupt() throws IOException {
    sample().write(dir);
    Path file = dir.resolve("_manifest.json");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> Manifest.read(dir))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageStartingWith(file + ": corrupt");
  }

  @Test
  void read_missingRunId_isCorrupt() throws IOException {
    Path file = Files.writeString(dir.resolve("_manifest.json"),
        "{\"format\": \"tracelot-snapshot\", \"format_version\": 1, \"started\": \"2026-11-20T08:15:00Z\"}",
        StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Manifest.read(dir))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageStartingWith(file + ": corrupt");
  }

  @Test
  void read_versionNotANumber_isCorrupt() throws IOException {
    Path file = Files.writeString(dir.resolve("_manifest.json"),
        "{\"format\": \"tracelot-snapshot\", \"format_version\": \"one\"}");

    assertThatThrownBy(() -> Manifest.read(dir))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageStartingWith(file + ": corrupt");
  }

  private void writeWithVersion(int version) throws IOException {
    sample().write(dir);
    Path file = dir.resolve("_manifest.json");
    Files.writeString(file, Files.readString(file).replace("\"format_version\" : 1", "\"format_version\" : " + version));
  }
}
