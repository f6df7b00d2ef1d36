package io.tracelot.allocator.input;

import static io.tracelot.allocator.input.CsvRowReaderTest.readAll;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tracelot.allocator.model.InputSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputDirectoryTest {
  private static final String SKUS = "sku,tracking\nA,LOT\n";
  private static final String MOVEMENTS = "event_id,ts,type,sku\n";
  private static final String ORDERS = "order_id,line,ts,customer,sku,qty,warehouse\n";

  @TempDir Path dir;

  @Test
  void files_areInNameOrder() throws IOException {
    write("skus.csv", SKUS);
    write("orders.jsonl", "");
    write("movements.csv", MOVEMENTS);
    write("movements-2026-12.csv", MOVEMENTS);
    write("movements-2026-11.jsonl", "");
    write("movements/part-0002.csv", MOVEMENTS);
    write("movements/part-0001.csv", MOVEMENTS);
    write("movements/\uFFFD.csv", MOVEMENTS);
    write("movements/\uD83D\uDE00.csv", MOVEMENTS); // after U+FFFD by code point, before it by UTF-16 unit

    InputDirectory input = InputDirectory.open(dir);

    assertThat(input.files(InputSource.MOVEMENTS)).extracting(InputFile::name).containsExactly(
        "movements-2026-11.jsonl",
        "movements-2026-12.csv",
        "movements.csv",
        "movements/part-0001.csv",
        "movements/part-0002.csv",
        "movements/\uFFFD.csv",
        "movements/\uD83D\uDE00.csv");
    assertThat(input.files(InputSource.SKUS)).singleElement().satisfies(f -> {
      assertThat(f.path()).isEqualTo(dir.resolve("skus.csv"));
      assertThat(f.sizeBytes()).isEqualTo(SKUS.length());
      assertThat(f.table()).isEqualTo(InputSource.SKUS);
    });
    assertThat(input.files()).extracting(InputFile::table).startsWith(InputSource.SKUS).endsWith(InputSource.ORDERS).hasSize(9);
  }

  @Test
  void inputDirectory_ignoresHiddenAndUnrelatedFiles() throws IOException {
    writeAllTables();
    write(".skus-old.csv", "junk");
    write("skus/.~lock.a.csv#", "junk");
    write("skus/_SUCCESS", "");
    write("skus.csv.bak", "junk");
    write("skusx.csv", "junk");
    write("README.txt", "junk");

    assertThat(InputDirectory.open(dir).files(InputSource.SKUS)).extracting(InputFile::name).containsExactly("skus.csv");
  }

  @Test
  void inputDirectory_missingTable_failsNamingIt() throws IOException {
    write("skus.csv", SKUS);
    write("orders/part-1.csv", ORDERS);
    Files.createDirectories(dir.resolve("movements"));

    assertThatThrownBy(() -> InputDirectory.open(dir))
        .isInstanceOf(InputException.class)
        .hasMessage("input directory " + dir + " has no movements table (looked for movements.csv, movements-*.csv and movements/*.csv, or the same with .jsonl)");
  }

  @Test
  void inputDirectory_missingDirectory_failsNamingIt() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> InputDirectory.open(missing))
        .isInstanceOf(InputException.class)
        .hasMessage("input directory " + missing + " does not exist");
  }

  @Test
  void inputDirectory_unreadableFile_failsNamingIt() throws IOException {
    writeAllTables();
    Path orders = dir.resolve("orders.csv");
    Files.setPosixFilePermissions(orders, PosixFilePermissions.fromString("---------"));
    assumeThat(Files.isReadable(orders)).as("permissions are enforced (not root)").isFalse();

    assertThatThrownBy(() -> InputDirectory.open(dir))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("orders.csv: cannot read " + orders);
  }

  @Test
  void validateHeaders_badHeader_failsNamingTheFile() throws IOException {
    writeAllTables();
    write("movements/part-2.csv", "event_id,ts,type\n");

    InputDirectory input = InputDirectory.open(dir);

    assertThatThrownBy(input::validateHeaders)
        .isInstanceOf(InputException.class)
        .hasMessage("movements/part-2.csv: header has no column 'sku' (found: event_id, ts, type)");
  }

  @Test
  void open_readsCsvOrJsonLinesByExtension() throws IOException {
    write("skus.csv", SKUS);
    write("movements.jsonl", "{\"event_id\":\"e1\"}\n");
    write("orders.csv", ORDERS);
    InputDirectory input = InputDirectory.open(dir);
    input.validateHeaders();

    List<InputRow> skus = readAll(input.files(InputSource.SKUS).get(0).open());
    List<InputRow> movements = readAll(input.files(InputSource.MOVEMENTS).get(0).open());

    assertThat(skus).singleElement().satisfies(r -> assertThat(r.get("tracking")).isEqualTo("LOT"));
    assertThat(movements).singleElement().satisfies(r -> {
      assertThat(r.get("event_id")).isEqualTo("e1");
      assertThat(r.file()).isEqualTo("movements.jsonl");
      assertThat(r.table()).isEqualTo(InputSource.MOVEMENTS);
    });
  }

  @Test
  void sha256_isTheDigestOfTheFileBytes() throws IOException {
    writeAllTables();
    write("skus.csv", "abc");

    InputFile skus = InputDirectory.open(dir).files(InputSource.SKUS).get(0);

    assertThat(skus.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void scan_countsTheRowsTheReadersYield_andDigestsEveryByte() throws IOException {
    writeAllTables();
    // header, a good row, a blank line (no row), a stray quote (one row), the line after it, no final line break
    write("movements.csv", "event_id,ts,type,sku\ne1,t,RECEIPT,A\n\n\"e2,t,RECEIPT,A\ne3,t,RECEIPT,A");
    write("orders-2.jsonl", "{\"order_id\":1}\n\n[]\n{\"x\n");
    InputDirectory input = InputDirectory.open(dir);

    for (InputFile f : input.files().stream().filter(f -> f.name().startsWith("movements") || f.name().endsWith(".jsonl")).toList()) {
      InputFile.Scan scan = f.scan();
      assertThat(scan.rows()).as(f.name()).isEqualTo(readAll(f.open()).size()).isEqualTo(3);
      assertThat(scan.bytes()).isEqualTo(f.sizeBytes());
      assertThat(scan.sha256()).isEqualTo(f.sha256());
    }
  }

  private void writeAllTables() throws IOException {
    write("skus.csv", SKUS);
    write("movements.csv", MOVEMENTS);
    write("orders.csv", ORDERS);
  }

  private void write(String name, String content) throws IOException {
    Path path = dir.resolve(name);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content, UTF_8);
  }
}
