package io.tracelot.allocator.input;

import static io.tracelot.allocator.input.CsvRowReaderTest.bytes;
import static io.tracelot.allocator.input.CsvRowReaderTest.concat;
import static io.tracelot.allocator.input.CsvRowReaderTest.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.model.InputSource;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLinesRowReaderTest {

  @Test
  void jsonl_scalars_keepTheirTextAndNullOrEmptyIsAbsent() {
    List<InputRow> rows = read("{\"event_id\":\" e1 \",\"qty\":12,\"a\":1e3,\"b\":12.0,\"c\":-0,\"d\":true,\"e\":false,\"lot\":null,\"f\":\"\",\"g\":\"  \"}\n");

    assertThat(rows).hasSize(1);
    InputRow row = rows.get(0);
    assertThat(row.parseError()).isNull();
    assertThat(row.lineNo()).isEqualTo(1);
    assertThat(row.file()).isEqualTo("movements.jsonl");
    assertThat(row.fields())
        .isEqualTo(Map.of("event_id", "e1", "qty", "12", "a", "1e3", "b", "12.0", "c", "-0", "d", "true", "e", "false"));
  }

  @Test
  void jsonl_nestedValue_isParseError() {
    List<InputRow> rows = read("{\"sku\":\"A\",\"lot\":{\"x\":1}}\n{\"sku\":[1]}\n{\"sku\":\"B\"}\n");

    assertThat(rows).extracting(InputRow::parseError)
        .containsExactly("field 'lot' holds a nested object or array", "field 'sku' holds a nested object or array", null);
    assertThat(rows.get(0).raw()).isEqualTo("{\"sku\":\"A\",\"lot\":{\"x\":1}}");
    assertThat(rows.get(0).fields()).isEmpty();
  }

  @Test
  void jsonl_invalidJsonOrNotAnObject_isParseErrorAndNextLineRead() {
    List<InputRow> rows = read("{\"sku\":\"A\"\n[1]\n\"x\"\n{\"sku\":\"A\"} {}\n{\"sku\":\"A\"} x\n{'sku':1}\n{\"n\":012}\n{\"sku\":\"B\"}\n");

    assertThat(rows).hasSize(8);
    assertThat(rows.get(0).parseError()).startsWith("invalid JSON: ");
    assertThat(rows.get(1).parseError()).isEqualTo("line is not a JSON object");
    assertThat(rows.get(2).parseError()).isEqualTo("line is not a JSON object");
    assertThat(rows.get(3).parseError()).isEqualTo("text after the JSON object");
    assertThat(rows.get(4).parseError()).startsWith("invalid JSON: ");
    assertThat(rows.get(5).parseError()).startsWith("invalid JSON: ");
    assertThat(rows.get(6).parseError()).startsWith("invalid JSON: ");
    assertThat(rows.get(7).lineNo()).isEqualTo(8);
    assertThat(rows.get(7).get("sku")).isEqualTo("B");
  }

  @Test
  void jsonl_duplicateKey_isParseError() {
    List<InputRow> rows = read("{\"sku\":\"A\",\"sku\":null}\n");

    assertThat(rows.get(0).parseError()).startsWith("invalid JSON: Duplicate").contains("sku");
  }

  @Test
  void jsonl_invalidUtf8OrNulBytes_isParseErrorForThatLineOnly() {
    byte[] bad = {'{', '"', 's', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}', '\n'}; // a UTF-8 surrogate
    byte[] nul = {'{', 0, '"', 's', '"', ':', '1', '}', '\n'};
    List<InputRow> rows = readAll(reader(concat(bad, nul, bytes("{\"s\":\"\u00e9\"}\n"))));

    assertThat(rows.get(0).parseError()).isEqualTo("invalid UTF-8");
    assertThat(rows.get(0).raw()).contains("\uFFFD");
    assertThat(rows.get(1).parseError()).isEqualTo("NUL byte (U+0000) in the record");
    assertThat(rows.get(2).get("s")).isEqualTo("\u00e9");
  }

  @Test
  void jsonl_escapedNulOrHalfASurrogatePair_isParseError_aWholePairIsText() {
    List<InputRow> rows = read("{\"s\":\"a\\u0000\"}\n{\"s\":\"\\ud800x\"}\n{\"\\udc00\":1}\n{\"s\":\"\\ud83d\\ude00\"}\n");

    assertThat(rows).extracting(InputRow::parseError).containsExactly(
        "field 's' holds a NUL character (\\u0000)",
        "field 's' holds an unpaired surrogate escape (\\ud800), which is not Unicode text",
        "a key holds an unpaired surrogate escape (\\udc00), which is not Unicode text",
        null);
    assertThat(rows.get(3).get("s")).isEqualTo("\uD83D\uDE00");
  }

  @Test
  void jsonl_hugeOrOddNumbers_keepTheirText() {
    String digits = "9".repeat(5000);
    List<InputRow> rows = read("{\"qty\":" + digits + "}\n{\"qty\":1e400}\n{\"qty\":-0}\n{\"qty\":9007199254740993}\n");

    assertThat(rows).extracting(r -> r.get("qty")).containsExactly(digits, "1e400", "-0", "9007199254740993");
  }

  @Test
  void jsonl_midFileBomOrOtherJsonValues_areParseErrors() {
    List<InputRow> rows = read("{\"s\":1}\n\uFEFF{\"s\":2}\nnull\n42\ntrue\n[]\n{}\n");

    assertThat(rows).extracting(InputRow::parseError).satisfiesExactly(
        e -> assertThat(e).isNull(),
        e -> assertThat(e).startsWith("invalid JSON: Unexpected character"),
        e -> assertThat(e).isEqualTo("line is not a JSON object"),
        e -> assertThat(e).isEqualTo("line is not a JSON object"),
        e -> assertThat(e).isEqualTo("line is not a JSON object"),
        e -> assertThat(e).isEqualTo("line is not a JSON object"),
        e -> assertThat(e).as("an empty object is a row without fields").isNull());
  }

  @Test
  void jsonl_truncatedLastLineWithoutLineBreak_isParseError() {
    List<InputRow> rows = read("{\"s\":1}\n{\"s\":\"ab");

    assertThat(rows).extracting(InputRow::parseError).satisfiesExactly(e -> assertThat(e).isNull(), e -> assertThat(e).startsWith("invalid JSON: "));
    assertThat(rows.get(1).raw()).isEqualTo("{\"s\":\"ab");
  }

  @Test
  void jsonl_lineOverCap_isParseErrorAndNextLineRead() {
    List<InputRow> rows = readAll(new JsonLinesRowReader(
        new ByteArrayInputStream(bytes("{\"s\":\"" + "x".repeat(500) + "\"}\n{\"s\":\"y\"}\n")), InputSource.MOVEMENTS, "m.jsonl", 100));

    assertThat(rows).extracting(InputRow::parseError).containsExactly("line longer than 100 bytes", null);
    assertThat(rows.get(0).raw()).hasSize(100 + InputRow.TRUNCATED.length());
    assertThat(rows.get(1).lineNo()).isEqualTo(2);
  }

  @Test
  void jsonl_bomCrlfAndBlankLines_areAccepted_andEmptyFileHasNoRows() {
    List<InputRow> rows = readAll(reader(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes("{\"s\":1}\r\n\r\n  \n{\"s\":2}"))));

    assertThat(rows).extracting(InputRow::lineNo).containsExactly(1L, 4L);
    assertThat(rows.get(0).raw()).isEqualTo("{\"s\":1}");
    assertThat(rows.get(1).get("s")).isEqualTo("2");
    assertThat(read("")).isEmpty();
  }

  private static List<InputRow> read(String jsonl) {
    return readAll(reader(bytes(jsonl)));
  }

  private static JsonLinesRowReader reader(byte[] jsonl) {
    return new JsonLinesRowReader(new ByteArrayInputStream(jsonl), InputSource.MOVEMENTS, "movements.jsonl");
  }
}
