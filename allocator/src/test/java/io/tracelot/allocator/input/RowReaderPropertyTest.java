package io.tracelot.allocator.input;

import static io.tracelot.allocator.input.CsvRowReaderTest.readAll;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.model.InputSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random inputs; a failure names its seed. Streams hand out random small chunks. */
class RowReaderPropertyTest {
  private static final String[] ALPHABET = {"a", "Z", "0", " ", ",", "\"", "\n", "\r", "\t", "\u00e9", "\u20ac", "\uD83D\uDE00", "\u00a0"};
  private static final byte[] GARBAGE = {',', '"', '"', '\n', '\n', '\r', ' ', 'a', 'b', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, (byte) 0xE2, (byte) 0x82, (byte) 0xAC, 0};

  record Expected(long lineNo, String raw, Map<String, String> fields) {}

  @Test
  void csv_randomContentFromACorrectEncoder_roundTripsExactly() {
    for (long seed = 0; seed < 300; seed++) {
      Random rnd = new Random(seed);
      List<String> columns = new ArrayList<>(List.of("sku", "tracking"));
      for (int i = rnd.nextInt(4); i > 0; i--) {
        columns.add("extra" + i);
      }
      Collections.shuffle(columns, rnd);
      StringBuilder csv = new StringBuilder(rnd.nextBoolean() ? "\uFEFF" : "");
      csv.append(String.join(",", columns)).append(rnd.nextBoolean() ? "\n" : "\r\n");
      long line = 2;
      List<Expected> expected = new ArrayList<>();
      int rows = rnd.nextInt(seed % 10 == 0 ? 3000 : 40); // some files outgrow the 64 KiB buffer
      for (int r = 0; r < rows; r++) {
        if (rnd.nextInt(20) == 0) {
          csv.append(rnd.nextBoolean() ? "" : " \t").append("\n"); // a blank line: no row
          line++;
        }
        Map<String, String> fields = new HashMap<>();
        List<String> encoded = new ArrayList<>();
        for (String column : columns) {
          String value = randomValue(rnd);
          encoded.add(encode(value, rnd));
          if (!value.strip().isEmpty()) {
            fields.put(column, value.strip());
          }
        }
        String record = String.join(",", encoded);
        expected.add(new Expected(line, record, fields));
        line += record.chars().filter(c -> c == '\n').count() + 1;
        boolean last = r == rows - 1;
        csv.append(record).append(last && rnd.nextBoolean() ? "" : rnd.nextBoolean() ? "\n" : "\r\n");
      }

      List<InputRow> actual = readAll(new CsvRowReader(trickle(csv.toString().getBytes(UTF_8), rnd), InputSource.SKUS, "skus.csv"));

      assertThat(actual).as("seed %d", seed)
          .extracting(row -> new Expected(row.lineNo(), row.raw(), row.fields()))
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void csv_randomGarbage_neverThrows_andEveryLineIsInExactlyOneRowOrBlank() {
    for (long seed = 0; seed < 500; seed++) {
      Random rnd = new Random(seed);
      byte[] file = garbageAfter("sku,tracking\n", rnd);

      List<InputRow> rows = readAll(new CsvRowReader(trickle(file, rnd), InputSource.SKUS, "skus.csv"));
      assertThat(count(new CsvRowReader(trickle(file, rnd), InputSource.SKUS, "skus.csv"))).as("seed %d: counted as read", seed).isEqualTo(rows.size());

      String[] lines = new String(file, UTF_8).split("\n", -1);
      boolean[] covered = new boolean[lines.length + 1];
      covered[1] = true; // the header
      for (InputRow row : rows) {
        int first = (int) row.lineNo();
        int last = first + (int) row.raw().chars().filter(c -> c == '\n').count();
        String text = String.join("\n", Arrays.asList(lines).subList(first - 1, last));
        assertThat(row.raw()).as("seed %d, line %d", seed, first).isEqualTo(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
        for (int l = first; l <= last; l++) {
          assertThat(covered[l]).as("seed %d: line %d is in two rows", seed, l).isFalse();
          covered[l] = true;
        }
        assertThat(row.parseError() == null || row.fields().isEmpty()).isTrue();
      }
      for (int l = 1; l <= lines.length; l++) {
        if (!covered[l]) {
          assertThat(lines[l - 1]).as("seed %d: line %d is in no row", seed, l).matches("[ \t\r]*");
        }
      }
    }
  }

  @Test
  void csv_oneStrayQuote_costsAtMostItsOwnLine() {
    // values without commas, quotes or line breaks, quoted or not: then a merged record can never
    // end well formed, so only the line with the stray quote may differ from the clean file
    String[] alphabet = {"a", "Z", "0", " ", "\t", "\u00e9", "\u20ac", "\uD83D\uDE00"};
    for (long seed = 0; seed < 500; seed++) {
      Random rnd = new Random(seed);
      List<String> lines = new ArrayList<>();
      List<Map<String, String>> expected = new ArrayList<>();
      for (int r = 1 + rnd.nextInt(30); r > 0; r--) {
        Map<String, String> fields = new HashMap<>();
        List<String> encoded = new ArrayList<>();
        for (String column : List.of("sku", "tracking", "note")) {
          StringBuilder value = new StringBuilder();
          for (int i = rnd.nextInt(6); i > 0; i--) {
            value.append(alphabet[rnd.nextInt(alphabet.length)]);
          }
          encoded.add(rnd.nextInt(3) == 0 ? "\"" + value + "\"" : value.toString());
          if (!value.toString().strip().isEmpty()) {
            fields.put(column, value.toString().strip());
          }
        }
        lines.add(String.join(",", encoded));
        expected.add(fields);
      }
      int broken = rnd.nextInt(lines.size());
      String line = lines.get(broken);
      int at = rnd.nextInt(line.length() + 1);
      lines.set(broken, line.substring(0, at) + "\"" + line.substring(at));
      String csv = "sku,tracking,note\n" + String.join(rnd.nextBoolean() ? "\n" : "\r\n", lines) + (rnd.nextBoolean() ? "\n" : "");

      List<InputRow> rows = readAll(new CsvRowReader(trickle(csv.getBytes(UTF_8), rnd), InputSource.SKUS, "skus.csv"));
      assertThat(count(new CsvRowReader(trickle(csv.getBytes(UTF_8), rnd), InputSource.SKUS, "skus.csv"))).isEqualTo(rows.size());

      assertThat(rows).as("seed %d: one row per line", seed).extracting(InputRow::lineNo)
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(2, lines.size() + 1).boxed().toList());
      for (int i = 0; i < lines.size(); i++) {
        if (i != broken) {
          assertThat(rows.get(i).parseError()).as("seed %d, line %d", seed, i + 2).isNull();
          assertThat(rows.get(i).fields()).as("seed %d, line %d", seed, i + 2).isEqualTo(expected.get(i));
        }
      }
    }
  }

  @Test
  void csv_randomGarbageWithATinyCap_neverThrowsAndLinesAdvance() {
    for (long seed = 0; seed < 300; seed++) {
      Random rnd = new Random(seed);
      byte[] file = garbageAfter("sku,tracking\n", rnd);

      int cap = 13 + rnd.nextInt(20);
      List<InputRow> rows = readAll(new CsvRowReader(trickle(file, rnd), InputSource.SKUS, "skus.csv", cap));
      assertThat(count(new CsvRowReader(trickle(file, rnd), InputSource.SKUS, "skus.csv", cap))).as("seed %d: counted as read", seed).isEqualTo(rows.size());

      assertThat(rows).as("seed %d", seed).extracting(InputRow::lineNo).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void jsonl_randomGarbage_neverThrows_andGivesOneRowPerNonBlankLine() {
    byte[] pool = {'{', '}', '"', '"', ':', ',', 'a', '1', '[', ' ', '\n', '\r', (byte) 0xFF, (byte) 0xC3, (byte) 0xA9, 0};
    for (long seed = 0; seed < 500; seed++) {
      Random rnd = new Random(seed);
      byte[] file = new byte[rnd.nextInt(2000)];
      for (int i = 0; i < file.length; i++) {
        file[i] = pool[rnd.nextInt(pool.length)];
      }

      List<InputRow> rows = readAll(new JsonLinesRowReader(trickle(file, rnd), InputSource.ORDERS, "orders.jsonl"));
      int cap = 8 + rnd.nextInt(2000);
      assertThat(count(new JsonLinesRowReader(trickle(file, rnd), InputSource.ORDERS, "orders.jsonl", cap))).as("seed %d: counted as read", seed)
          .isEqualTo(readAll(new JsonLinesRowReader(new ByteArrayInputStream(file), InputSource.ORDERS, "o.jsonl", cap)).size());

      String[] lines = new String(file, UTF_8).split("\n", -1);
      List<Long> nonBlank = new ArrayList<>();
      for (int l = 0; l < lines.length; l++) {
        if (!lines[l].matches("[ \t\r]*")) {
          nonBlank.add(l + 1L);
        }
      }
      assertThat(rows).as("seed %d", seed).extracting(InputRow::lineNo).containsExactlyElementsOf(nonBlank);
    }
  }

  /** Counts without building rows, after taking one row the ordinary way when there is one. */
  private static long count(RowReader reader) {
    try (reader) {
      return reader.hasNext() ? reader.countRemaining() : 0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String randomValue(Random rnd) {
    if (rnd.nextInt(200) == 0) {
      return "x".repeat(rnd.nextInt(5000));
    }
    StringBuilder value = new StringBuilder();
    for (int i = rnd.nextInt(10); i > 0; i--) {
      value.append(ALPHABET[rnd.nextInt(ALPHABET.length)]);
    }
    return value.toString();
  }

  /** RFC 4180: quote when needed (sometimes when not), double quotes; blanks around quotes are allowed. */
  private static String encode(String value, Random rnd) {
    boolean needsQuotes = value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
    if (!needsQuotes && rnd.nextInt(4) != 0) {
      return value;
    }
    String quoted = "\"" + value.replace("\"", "\"\"") + "\"";
    return rnd.nextInt(10) == 0 ? " " + quoted + " " : quoted;
  }

  private static byte[] garbageAfter(String header, Random rnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header.getBytes(UTF_8));
    for (int i = rnd.nextInt(2000); i > 0; i--) {
      out.write(GARBAGE[rnd.nextInt(GARBAGE.length)]);
    }
    return out.toByteArray();
  }

  /** A stream that returns at most a few bytes per read, to hit every buffer boundary. */
  private static InputStream trickle(byte[] bytes, Random rnd) {
    int most = new int[] {1, 3, 50, 100_000}[rnd.nextInt(4)];
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + rnd.nextInt(most)));
      }
    };
  }
}
