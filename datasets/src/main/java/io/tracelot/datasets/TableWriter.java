package io.tracelot.datasets;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes one table as CSV (RFC 4180, header row) or JSON Lines, one file or {@code parts} files
 * {@code name/part-00000.ext}... split by row count, so that file order is row order.
 */
final class TableWriter implements Closeable {
  private static final int BUFFER_BYTES = 1 << 20;
  /** 1 for the ASCII characters a CSV field can carry unquoted. */
  private static final byte[] PLAIN = new byte[128];

  static {
    Arrays.fill(PLAIN, (byte) 1);
    for (char c : new char[] {',', '"', '\n', '\r'}) {
      PLAIN[c] = 0;
    }
  }

  private final Path outDir;
  private final String name;
  private final String[] columns;
  private final boolean[] numeric;
  private final OutputFormat format;
  private final int parts;
  private final long plannedRows;
  private final String[] values;
  private final List<Path> files = new ArrayList<>();
  /** Rows are encoded straight into this buffer: no intermediate String per row, no Writer. */
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int used;
  private OutputStream out;
  private long rows;
  private boolean closed;

  /**
   * @param numeric per column: written as a JSON number when the value is an integer
   * @param plannedRows expected rows, used only to cut the parts evenly
   */
  TableWriter(Path outDir, String name, String[] columns, boolean[] numeric, OutputFormat format, int parts, long plannedRows) {
    this.outDir = outDir;
    this.name = name;
    this.columns = columns.clone();
    this.numeric = numeric.clone();
    this.format = format;
    this.parts = parts;
    this.plannedRows = Math.max(1, plannedRows);
    this.values = new String[columns.length];
  }

  /** Sets a column of the current row; null means absent (an empty field). */
  void set(int column, String value) {
    values[column] = value;
  }

  void set(int column, long value) {
    values[column] = Long.toString(value);
  }

  String get(int column) {
    return values[column];
  }

  /** A copy of the current row's values, to write again later (duplicates). */
  String[] snapshot() {
    return values.clone();
  }

  void load(String[] row) {
    System.arraycopy(row, 0, values, 0, values.length);
  }

  void endRow() {
    try {
      if (out == null || (files.size() < parts && rows >= files.size() * plannedRows / parts)) {
        nextFile();
      }
      if (format == OutputFormat.CSV) {
        csvRow(values);
      } else {
        jsonRow();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + files.get(files.size() - 1), e);
    }
    rows++;
    Arrays.fill(values, null);
  }

  long rows() {
    return rows;
  }

  List<Path> files() {
    return List.copyOf(files);
  }

  long bytes() throws IOException {
    long bytes = 0;
    for (Path file : files) {
      bytes += Files.size(file);
    }
    return bytes;
  }

  /** Closes the last file; when fewer rows came than planned, the remaining parts get a header only. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (out == null) {
      nextFile();
    }
    while (files.size() < parts) {
      nextFile();
    }
    flush();
    out.close();
    out = null;
  }

  /** True when name is one of the part files a run with this format and split writes. */
  static boolean isPart(String name, OutputFormat format, int parts) {
    String suffix = "." + format.extension();
    if (!name.startsWith("part-") || !name.endsWith(suffix) || name.length() != "part-".length() + 5 + suffix.length()) {
      return false;
    }
    String digits = name.substring("part-".length(), "part-".length() + 5);
    return digits.chars().allMatch(Character::isDigit) && Integer.parseInt(digits) < parts;
  }

  private void nextFile() throws IOException {
    if (out != null) {
      flush();
      out.close();
    }
    Path file;
    if (parts == 1) {
      file = outDir.resolve(name + "." + format.extension());
    } else {
      Path dir = Files.createDirectories(outDir.resolve(name));
      file = dir.resolve(Text.pad("part-", files.size(), 5) + "." + format.extension());
    }
    files.add(file);
    out = Files.newOutputStream(file);
    if (format == OutputFormat.CSV) {
      csvRow(columns);
    }
  }

  private void flush() throws IOException {
    out.write(buffer, 0, used);
    used = 0;
  }

  private void put(char c) throws IOException {
    if (used == buffer.length) {
      flush();
    }
    buffer[used++] = (byte) c;
  }

  /** Appends text as UTF-8; the ASCII fast path covers nearly every value. */
  private void put(String text) throws IOException {
    int n = text.length();
    if (BUFFER_BYTES - used < 3 * n) {
      flush();
      if (3 * n > BUFFER_BYTES) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        return;
      }
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        byte[] bytes = text.substring(i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, buffer, used, bytes.length);
        used += bytes.length;
        return;
      }
      buffer[used++] = (byte) c;
    }
  }

  private void csvRow(String[] row) throws IOException {
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        put(',');
      }
      String value = row[i];
      if (value != null) {
        csvField(value);
      }
    }
    put('\n');
  }

  /** Copies an ASCII value in one pass; quotes it (RFC 4180) or takes the UTF-8 path only when needed. */
  private void csvField(String value) throws IOException {
    int n = value.length();
    if (BUFFER_BYTES - used < n) {
      flush();
    }
    byte[] buf = buffer;
    int p = used;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c >= 0x80 || PLAIN[c] == 0) {
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
        put(quote ? '"' + value.replace("\"", "\"\"") + '"' : value);
        return;
      }
      buf[p++] = (byte) c;
    }
    used = p;
  }

  private void jsonRow() throws IOException {
    StringBuilder line = new StringBuilder(256).append('{');
    boolean first = true;
    for (int i = 0; i < values.length; i++) {
      String value = values[i];
      if (value == null) {
        continue;
      }
      if (!first) {
        line.append(',');
      }
      first = false;
      line.append('"').append(columns[i]).append("\":");
      if (numeric[i] && isInteger(value)) {
        line.append(value);
      } else {
        jsonString(line, value);
      }
    }
    put(line.append("}\n").toString());
  }

  private static void jsonString(StringBuilder line, String value) {
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> {
          if (c < 0x20) {
            line.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
          } else {
            line.append(c);
          }
        }
      }
    }
    line.append('"');
  }

  private static boolean isInteger(String value) {
    int start = value.startsWith("-") ? 1 : 0;
    if (value.length() == start || value.length() > 18) {
      return false;
    }
    for (int i = start; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
