package io.tracelot.allocator.input;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.allocator.model.InputSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvRowReaderTest {

  @Test
  void csv_rows_haveTrimmedFieldsLineNumbersAndRaw() {
    List<InputRow> rows = read("sku , tracking,note\nA1,  LOT ,\nB2,NONE,hello\n");

    assertThat(rows).hasSize(2);
    InputRow first = rows.get(0);
    assertThat(first.table()).isEqualTo(InputSource.SKUS);
    assertThat(first.file()).isEqualTo("skus.csv");
    assertThat(first.lineNo()).isEqualTo(2);
    assertThat(first.raw()).isEqualTo("A1,  LOT ,");
    assertThat(first.fields()).isEqualTo(Map.of("sku", "A1", "tracking", "LOT"));
    assertThat(first.get("note")).isNull();
    assertThat(first.parseError()).isNull();
    assertThat(rows.get(1).lineNo()).isEqualTo(3);
    assertThat(rows.get(1).get("note")).as("unknown extra columns are kept").isEqualTo("hello");
  }

  @Test
  void csv_quotedFields_keepCommasAndUndoubleQuotes() {
    List<InputRow> rows = read("sku,tracking\n\"A,1\",\"say \"\"hi\"\"\"\n\"\",\"\"\"\"\n");

    assertThat(rows.get(0).fields()).isEqualTo(Map.of("sku", "A,1", "tracking", "say \"hi\""));
    assertThat(rows.get(1).fields()).as("an empty quoted field is absent").isEqualTo(Map.of("tracking", "\""));
  }

  @Test
  void csv_quotedFieldWithNewline_keepsLineNumbersOfLaterRows() {
    List<InputRow> rows = read("sku,tracking\nA,\"two\nlines\"\nB,\"three\n\nlines\"\nC,NONE\n");

    assertThat(rows).extracting(InputRow::lineNo).containsExactly(2L, 4L, 7L);
    assertThat(rows.get(0).get("tracking")).isEqualTo("two\nlines");
    assertThat(rows.get(1).raw()).isEqualTo("B,\"three\n\nlines\"");
    assertThat(rows.get(2).get("sku")).isEqualTo("C");
  }

  @Test
  void csv_blanksAroundQuotes_areAllowedAndTrimmed() {
    List<InputRow> rows = read("sku,tracking\n  \"A\" , \" LOT \"  \n");

    assertThat(rows.get(0).parseError()).isNull();
    assertThat(rows.get(0).fields()).isEqualTo(Map.of("sku", "A", "tracking", "LOT"));
  }

  @Test
  void csv_strayQuote_isParseErrorAndNextRowStillRead() {
    List<InputRow> rows = read("sku,tracking\nA\"1,\"LOT\"\nB,NONE\n");

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).parseError()).isEqualTo("quote inside an unquoted field");
    assertThat(rows.get(0).fields()).isEmpty();
    assertThat(rows.get(0).raw()).isEqualTo("A\"1,\"LOT\"");
    assertThat(rows.get(1).lineNo()).isEqualTo(3);
    assertThat(rows.get(1).fields()).isEqualTo(Map.of("sku", "B", "tracking", "NONE"));
  }

  @Test
  void csv_textAfterClosingQuote_isParseErrorAndNextRowStillRead() {
    List<InputRow> rows = read("sku,tracking\n\"A\"x,LOT\nB,NONE\n");

    assertThat(rows.get(0).parseError()).contains("after the closing quote");
    assertThat(rows.get(0).raw()).isEqualTo("\"A\"x,LOT");
    assertThat(rows.get(1).fields()).isEqualTo(Map.of("sku", "B", "tracking", "NONE"));
  }

  @Test
  void csv_unterminatedQuoteAtEof_rejectsItsLineOnly_andReadsTheLinesAfterIt() {
    List<InputRow> rows = read("sku,tracking\nA,LOT\nB,\"NONE\nC,LOT\nD,NONE\n");

    assertThat(rows).extracting(InputRow::lineNo).containsExactly(2L, 3L, 4L, 5L);
    assertThat(rows.get(1).parseError())
        .isEqualTo("quoted field opened on line 3 is not closed at the end of the file (lines 3-5); only line 3 is rejected, reading resumes on line 4");
    assertThat(rows.get(1).raw()).isEqualTo("B,\"NONE");
    assertThat(rows.get(2).fields()).isEqualTo(Map.of("sku", "C", "tracking", "LOT"));
    assertThat(rows.get(3).fields()).isEqualTo(Map.of("sku", "D", "tracking", "NONE"));
  }

  @Test
  void csv_unterminatedQuoteOnTheLastLine_isOneParseError() {
    List<InputRow> rows = read("sku,tracking\nA,LOT\nB,\"NONE");

    assertThat(rows).extracting(InputRow::parseError)
        .containsExactly(null, "quoted field opened on line 3 is not closed at the end of the file");
    assertThat(rows.get(1).raw()).isEqualTo("B,\"NONE");
  }

  @Test
  void csv_strayOpeningQuote_doesNotSwallowTheRowsUpToTheNextQuote() {
    // the stray quote on line 2 would pair with the first quote of line 4 and make lines 2-4 one record
    List<InputRow> rows = read("sku,tracking,note\nA,\"LOT,x\nB,NONE,y\nC,LOT,\"a, b\"\nD,NONE,\"two\nlines\"\n");

    assertThat(rows).extracting(InputRow::lineNo).containsExactly(2L, 3L, 4L, 5L);
    assertThat(rows.get(0).parseError())
        .isEqualTo("text after the closing quote of a field (lines 2-4); only line 2 is rejected, reading resumes on line 3");
    assertThat(rows.get(0).raw()).isEqualTo("A,\"LOT,x");
    assertThat(rows.get(1).fields()).isEqualTo(Map.of("sku", "B", "tracking", "NONE", "note", "y"));
    assertThat(rows.get(2).fields()).isEqualTo(Map.of("sku", "C", "tracking", "LOT", "note", "a, b"));
    assertThat(rows.get(3).fields()).as("a well-formed multi-line field is still one value").isEqualTo(Map.of("sku", "D", "tracking", "NONE", "note", "two\nlines"));
  }

  @Test
  void csv_multiLineRecordWithWrongFieldCount_rejectsItsFirstLineOnly() {
    // the stray quote closes cleanly at the end of line 3, but the record then has 3 fields, not 2
    List<InputRow> rows = read("sku,tracking\r\nA,\"LOT\r\nB,NONE\",x\r\nC,LOT\r\n");

    assertThat(rows).extracting(InputRow::parseError).containsExactly(
        "expected 2 fields as in the header, found 3 (lines 2-3); only line 2 is rejected, reading resumes on line 3",
        "quote inside an unquoted field",
        null);
    assertThat(rows.get(0).raw()).as("without the CRLF").isEqualTo("A,\"LOT");
    assertThat(rows.get(2).lineNo()).isEqualTo(4);
  }

  @Test
  void csv_quotedFieldOverTheCapAcrossLines_rejectsItsFirstLineOnly() {
    String lines = "y\n".repeat(40);
    List<InputRow> rows = read("sku,tracking\nA,\"x\n" + lines + "B,NONE\n", 50);

    assertThat(rows.get(0).parseError()).isEqualTo("record longer than 50 bytes (lines 2-25); only line 2 is rejected, reading resumes on line 3");
    assertThat(rows.get(0).raw()).isEqualTo("A,\"x");
    assertThat(rows).hasSize(42).last().extracting(InputRow::fields).isEqualTo(Map.of("sku", "B", "tracking", "NONE"));
  }

  @Test
  void csv_nulByte_isParseErrorForThatRecordOnly() {
    List<InputRow> rows = read(concat(bytes("sku,tracking\nA"), new byte[] {0}, bytes(",LOT\nB,\"x"), new byte[] {0}, bytes("\"\nC,NONE\n")));

    assertThat(rows).extracting(InputRow::parseError).containsExactly("NUL byte (U+0000) in the record", "NUL byte (U+0000) in the record", null);
    assertThat(rows.get(0).raw()).isEqualTo("A\u0000,LOT");
  }

  @Test
  void csv_midFileBom_isData_andAConcatenatedHeaderIsJustARow() {
    List<InputRow> rows = read("\uFEFFsku,tracking\nA,LOT\n\uFEFFsku,tracking\nB,NONE\n");

    assertThat(rows).extracting(r -> r.get("sku")).containsExactly("A", "\uFEFFsku", "B");
  }

  @Test
  void csv_dosEofMarkerAndLoneCr_areData() {
    List<InputRow> rows = read("sku,tracking\nA,LOT\rB\n\u001a\n");

    assertThat(rows.get(0).fields()).isEqualTo(Map.of("sku", "A", "tracking", "LOT\rB"));
    assertThat(rows.get(1).parseError()).isEqualTo("expected 2 fields as in the header, found 1");
  }

  @Test
  void csv_invalidUtf8_rejectsOnlyThatRow() {
    byte[] bad = {'B', (byte) 0xC3, ',', 'N', 'O', 'N', 'E', '\n'};
    byte[] overlong = {'C', (byte) 0xC0, (byte) 0xAF, ',', 'L', 'O', 'T', '\n'};
    List<InputRow> rows = read(concat(bytes("sku,tracking\nA,\u00e9t\u00e9\n"), bad, overlong, bytes("D,\uD83D\uDE00\n")));

    assertThat(rows).extracting(InputRow::parseError).containsExactly(null, "invalid UTF-8", "invalid UTF-8", null);
    assertThat(rows.get(0).get("tracking")).isEqualTo("\u00e9t\u00e9");
    assertThat(rows.get(1).raw()).isEqualTo("B\uFFFD,NONE");
    assertThat(rows.get(2).raw()).startsWith("C\uFFFD");
    assertThat(rows.get(3).get("tracking")).isEqualTo("\uD83D\uDE00");
  }

  @Test
  void csv_bom_andCrlf_areAccepted() {
    byte[] file = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes("sku,tracking\r\nA,LOT\r\nB,\"x\r\ny\"\r\nC,NONE"));
    List<InputRow> rows = read(file);

    assertThat(rows).extracting(InputRow::lineNo).containsExactly(2L, 3L, 5L);
    assertThat(rows.get(0).fields()).isEqualTo(Map.of("sku", "A", "tracking", "LOT"));
    assertThat(rows.get(0).raw()).isEqualTo("A,LOT");
    assertThat(rows.get(1).get("tracking")).as("a line break inside quotes is data").isEqualTo("x\r\ny");
    assertThat(rows.get(2).get("tracking")).as("the last row needs no line break").isEqualTo("NONE");
  }

  @Test
  void csv_fieldCountMismatch_isParseError() {
    List<InputRow> rows = read("sku,tracking\nA\nB,LOT,extra\nC,NONE\n");

    assertThat(rows).extracting(InputRow::parseError)
        .containsExactly("expected 2 fields as in the header, found 1", "expected 2 fields as in the header, found 3", null);
  }

  @Test
  void csv_blankLines_areSkippedButCounted() {
    List<InputRow> rows = read("\n  \nsku,tracking\n\nA,LOT\n \t\r\n\nB,NONE\n\n");

    assertThat(rows).extracting(InputRow::lineNo).containsExactly(5L, 8L);
  }

  @Test
  void csv_hugeField_isParseErrorNotOutOfMemory() {
    String huge = "x".repeat(10_000);
    List<InputRow> rows = read("sku,tracking\nA,LOT\nB," + huge + "\nC,\"" + huge + "\nD,NONE\n", 1000);

    assertThat(rows).extracting(InputRow::lineNo).containsExactly(2L, 3L, 4L, 5L);
    assertThat(rows.get(1).parseError()).isEqualTo("record longer than 1000 bytes");
    assertThat(rows.get(1).raw()).endsWith(InputRow.TRUNCATED).hasSizeLessThan(1100);
    // an over-long quoted field resynchronises at the next physical line
    assertThat(rows.get(2).parseError()).isEqualTo("record longer than 1000 bytes");
    assertThat(rows.get(3).fields()).isEqualTo(Map.of("sku", "D", "tracking", "NONE"));
  }

  @Test
  void csv_hugeStream_withDefaultCap_skipsTheGiantRecordAndReadsOn() {
    long giant = 64L * 1024 * 1024;
    InputStream in = new InputStream() {
      private final byte[] head = bytes("sku,tracking\nA,");
      private final byte[] tail = bytes("\nB,NONE\n");
      private long at;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        long total = head.length + giant + tail.length;
        if (at == total) {
          return -1;
        }
        int n = (int) Math.min(len, total - at);
        for (int i = 0; i < n; i++, at++) {
          b[off + i] = at < head.length ? head[(int) at] : at < head.length + giant ? (byte) 'x' : tail[(int) (at - head.length - giant)];
        }
        return n;
      }
    };
    List<InputRow> rows = readAll(new CsvRowReader(in, InputSource.SKUS, "skus.csv"));

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).parseError()).isEqualTo("record longer than 1048576 bytes");
    assertThat(rows.get(0).raw()).hasSize(InputRow.MAX_RAW_BYTES + InputRow.TRUNCATED.length());
    assertThat(rows.get(1).lineNo()).isEqualTo(3);
    assertThat(rows.get(1).get("sku")).isEqualTo("B");
  }

  @Test
  void csv_recordOfExactlyTheCap_isAcceptedAlsoAtEndOfFile() {
    // the cap counts the line break; the header "sku,tracking\n" is 13 bytes
    assertThat(read("sku,tracking\nABCDEFGH,NONE", 13)).extracting(InputRow::parseError).containsOnlyNulls().hasSize(1);
    assertThat(read("sku,tracking\nABCDEFG,NONE\nABCDEFGH,NONE\nB,LOT", 13)).extracting(InputRow::parseError)
        .containsExactly(null, "record longer than 13 bytes", null);
  }

  @Test
  void csv_rawOver64KiB_isTruncatedAtACharacter() {
    String note = "\u00e9".repeat(40_000); // 80,000 bytes
    List<InputRow> rows = read("sku,tracking,note\nA,LOT," + note + "\n");

    assertThat(rows.get(0).get("note")).isEqualTo(note);
    assertThat(rows.get(0).raw()).isEqualTo("A,LOT," + "\u00e9".repeat((InputRow.MAX_RAW_BYTES - 6) / 2) + InputRow.TRUNCATED);
  }

  @Test
  void header_missingRequiredColumn_failsNamingIt() {
    assertThatThrownBy(() -> read(InputSource.MOVEMENTS, "ts,type,sku,qty\n"))
        .isInstanceOf(InputException.class)
        .hasMessage("movements.csv: header has no column 'event_id' (found: ts, type, sku, qty)");
  }

  @Test
  void header_matchesTrimmedNamesExactly() {
    assertThatThrownBy(() -> read(InputSource.SKUS, " SKU ,tracking\n"))
        .isInstanceOf(InputException.class)
        .hasMessage("skus.csv: header has no column 'sku' (found: SKU, tracking)");
    assertThat(read("\" sku\",tracking,,\nA,LOT,x,y\n").get(0).fields())
        .as("an unnamed column is ignored")
        .isEqualTo(Map.of("sku", "A", "tracking", "LOT"));
  }

  @Test
  void header_duplicateColumn_fails() {
    assertThatThrownBy(() -> read("sku,tracking, sku\n"))
        .isInstanceOf(InputException.class)
        .hasMessage("skus.csv: header has column 'sku' twice");
  }

  @Test
  void header_emptyOrBlankFile_fails() {
    assertThatThrownBy(() -> read("")).isInstanceOf(InputException.class).hasMessage("skus.csv: file is empty (no header)");
    assertThatThrownBy(() -> read("\n \r\n")).isInstanceOf(InputException.class).hasMessage("skus.csv: file is empty (no header)");
  }

  @Test
  void header_unparseable_fails() {
    assertThatThrownBy(() -> read("sku,\"tracking\n"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("skus.csv: header cannot be parsed: quoted field opened on line 1");
    assertThatThrownBy(() -> read(concat(bytes("sku,tr"), new byte[] {(byte) 0xFF}, bytes("\n"))))
        .isInstanceOf(InputException.class)
        .hasMessage("skus.csv: header cannot be parsed: invalid UTF-8");
  }

  @Test
  void header_failure_closesTheStream() {
    boolean[] closed = {false};
    InputStream in = new ByteArrayInputStream(new byte[0]) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    assertThatThrownBy(() -> new CsvRowReader(in, InputSource.SKUS, "skus.csv")).isInstanceOf(InputException.class);
    assertThat(closed[0]).isTrue();
  }

  @Test
  void csv_ioErrorWhileReading_isUncheckedIoNamingTheFile() {
    InputStream failing = new InputStream() {
      private final InputStream head = new ByteArrayInputStream(bytes("sku,tracking\nA,"));

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = head.read(b, off, len);
        if (n < 0) {
          throw new IOException("disk gone");
        }
        return n;
      }
    };
    CsvRowReader reader = new CsvRowReader(failing, InputSource.SKUS, "skus.csv");

    assertThatThrownBy(reader::hasNext).isInstanceOf(UncheckedIOException.class).hasMessageContaining("skus.csv").hasMessageContaining("disk gone");
  }

  static List<InputRow> read(String csv) {
    return read(InputSource.SKUS, csv);
  }

  static List<InputRow> read(String csv, int maxRecordBytes) {
    return readAll(new CsvRowReader(new ByteArrayInputStream(bytes(csv)), InputSource.SKUS, "skus.csv", maxRecordBytes));
  }

  static List<InputRow> read(InputSource table, String csv) {
    return readAll(new CsvRowReader(new ByteArrayInputStream(bytes(csv)), table, table.tableName() + ".csv"));
  }

  static List<InputRow> read(byte[] csv) {
    return readAll(new CsvRowReader(new ByteArrayInputStream(csv), InputSource.SKUS, "skus.csv"));
  }

  static List<InputRow> readAll(RowReader reader) {
    List<InputRow> rows = new ArrayList<>();
    try (reader) {
      reader.forEachRemaining(rows::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
