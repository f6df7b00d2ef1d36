package io.tracelot.allocator.input;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tracelot.allocator.model.InputSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams an RFC 4180 CSV file (UTF-8, comma separated, header first) as {@link InputRow}s.
 *
 * <p>Works on bytes with one bounded buffer. Every non-blank physical record gives exactly one
 * row; a record that cannot be parsed gives a row with a parse error and reading goes on. Only the
 * header can stop the file: the constructor throws {@link InputException} when it is missing,
 * unparseable or lacks a required column. See docs/input-rules.md for the rules.
 */
public final class CsvRowReader extends ByteRowReader {
  public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

  private static final int UNQUOTED = 0;
  private static final int QUOTED = 1;
  private static final int QUOTE = 2; // a quote inside a quoted field: closing or the first of ""
  private static final int AFTER_QUOTE = 3; // blanks after a closing quote
  private static final int SKIP = 4; // a broken record: its rest up to the line break

  private final Header header;
  private final String[] columns;

  // the record last scanned: its fields are offsets from src.mark
  private long recLine;
  private int recLength;
  private int fieldCount;
  private int[] fieldStart = new int[16];
  private int[] fieldEnd = new int[16];
  private boolean[] fieldEscaped = new boolean[16];
  private boolean nonAscii;
  private boolean nul;
  private String error;
  private String oversizeRaw;

  /** Reads with the default record cap; see {@link #CsvRowReader(InputStream, InputSource, String, int)}. */
  public CsvRowReader(InputStream in, InputSource table, String file) {
    this(in, table, file, DEFAULT_MAX_RECORD_BYTES);
  }

  /**
   * Reads and checks the header. The reader owns the stream: it is closed by {@link #close()}, or
   * here when the header is unusable.
   *
   * @param file the name rows and messages carry, relative to the input directory
   * @param maxRecordBytes the most bytes a record may have, its line break included
   * @throws InputException when the header is missing, unparseable or incomplete
   * @throws UncheckedIOException when the stream cannot be read
   */
  public CsvRowReader(InputStream in, InputSource table, String file, int maxRecordBytes) {
    super(in, table, file, maxRecordBytes);
    try {
      this.header = Header.of(table, file, readHeaderNames());
    } catch (IOException | RuntimeException e) {
      throw closeAfter(e);
    }
    this.columns = RowFields.internNames(header.columns());
    // a record only needs offsets for as many fields as the header has; more are just counted
    fieldStart = new int[columns.length];
    fieldEnd = new int[columns.length];
    fieldEscaped = new boolean[columns.length];
  }

  public Header header() {
    return header;
  }

  private List<String> readHeaderNames() throws IOException {
    if (!scanNonBlank()) {
      throw new InputException(file + ": file is empty (no header)");
    }
    checkUtf8();
    if (error != null) {
      throw new InputException(file + ": header cannot be parsed: " + error);
    }
    List<String> names = new ArrayList<>(fieldCount);
    for (int i = 0; i < fieldCount; i++) {
      names.add(field(i));
    }
    return names;
  }

  @Override
  InputRow readRow() throws IOException {
    if (!scanNonBlank()) {
      return null;
    }
    checkUtf8();
    String raw = oversizeRaw != null ? oversizeRaw : Utf8.raw(src.buf, src.mark, recLength, false);
    if (error != null) {
      return InputRow.parseError(table, file, recLine, raw, error);
    }
    String[] values = new String[columns.length];
    for (int i = 0; i < columns.length; i++) {
      values[i] = field(i);
    }
    return new InputRow(table, file, recLine, raw, new RowFields(columns, values), null);
  }

  @Override
  boolean skipRow() throws IOException {
    return scanNonBlank(); // a record is a row whatever its content: no fields or UTF-8 check needed
  }

  /** Scans records until one is not blank; false at the end of the input. */
  private boolean scanNonBlank() throws IOException {
    while (scan()) {
      if (error != null || !src.isBlank(src.mark, src.mark + recLength)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Rejects a well-formed record that is not text: not valid UTF-8 (only a record with high bytes
   * can be) or holding a NUL byte.
   */
  private void checkUtf8() {
    if (error == null && nonAscii && !utf8.isValid(src.buf, src.mark, recLength)) {
      error = "invalid UTF-8";
    }
    if (error == null && nul) {
      error = "NUL byte (U+0000) in the record";
    }
  }

  /** The trimmed value of field i of a record known to be valid UTF-8. */
  private String field(int i) {
    int from = src.mark + fieldStart[i];
    int len = fieldEnd[i] - fieldStart[i];
    if (len == 0) {
      return "";
    }
    String value = new String(src.buf, from, len, UTF_8);
    if (fieldEscaped[i]) {
      value = value.replace("\"\"", "\"");
    }
    return value.strip();
  }

  /**
   * Reads one record from {@code src.pos}, leaving it at {@code src.mark} with its fields located,
   * or with {@link #error} set. Returns false at the end of the input.
   *
   * <p>A record whose quoted field spans lines but that does not end well formed (the quote never
   * closes before the end of the file or the size cap, text follows a closing quote, or the field
   * count is wrong) is most likely a stray quote that would swallow the rows after it: only its
   * first physical line is returned (with the error), and reading resumes on the next line.
   */
  @SuppressWarnings("fallthrough")
  private boolean scan() throws IOException {
    ByteInput s = src;
    s.mark = s.pos;
    recLine = s.line;
    fieldCount = 0;
    error = null;
    oversizeRaw = null;
    int high = 0; // negative once a byte >= 0x80 was seen
    boolean zero = false; // a NUL byte was seen
    int firstBreak = -1; // from mark: just after the first line break, which only a quoted field can hold
    long errorLine = 0;
    int state = UNQUOTED;
    int start = 0; // the current field's first byte, from mark
    int quoteEnd = 0; // the end of a closed quoted field, from mark
    long quoteLine = 0;
    boolean escaped = false;
    boolean lineBreak;
    byte[] b = s.buf;
    int p = s.pos;
    int stop = s.scanLimit(maxRecordBytes);
    scan:
    while (true) {
      if (p == stop) {
        if (!s.more(p)) {
          if (s.pos == s.mark) {
            return false;
          }
          p = s.pos;
          lineBreak = false; // the last record of a file without a final line break
          break;
        }
        if (s.pos - s.mark == maxRecordBytes) {
          error = "record longer than " + maxRecordBytes + " bytes";
          if (firstBreak >= 0) {
            backtrack(firstBreak, s.line);
          } else {
            // bounded memory: give up on this line and resynchronise at the next line break
            oversizeRaw = s.abandonRecord();
          }
          return true;
        }
        b = s.buf;
        p = s.pos;
        stop = s.scanLimit(maxRecordBytes);
      }
      byte c = b[p++];
      switch (state) {
        case UNQUOTED:
          if (c == ',') {
            addField(start, p - 1 - s.mark, false);
            start = p - s.mark;
          } else if (c == '\n') {
            lineBreak = true;
            break scan;
          } else if (c == '"') {
            if (s.isBlank(s.mark + start, p - 1)) {
              state = QUOTED; // blanks before an opening quote are allowed
              start = p - s.mark;
              escaped = false;
              quoteLine = s.line;
            } else {
              error = "quote inside an unquoted field";
              errorLine = s.line;
              state = SKIP;
            }
          } else {
            high |= c;
            zero |= c == 0;
          }
          break;
        case QUOTED:
          if (c == '"') {
            state = QUOTE;
          } else if (c == '\n') {
            if (firstBreak < 0) {
              firstBreak = p - s.mark;
            }
            s.line++;
          } else {
            high |= c;
            zero |= c == 0;
          }
          break;
        case QUOTE:
          if (c == '"') {
            escaped = true;
            state = QUOTED;
            break;
          }
          quoteEnd = p - 2 - s.mark;
          state = AFTER_QUOTE;
          // fall through: c is the first byte after the closing quote
        case AFTER_QUOTE:
          if (c == ',') {
            addField(start, quoteEnd, escaped);
            start = p - s.mark;
            state = UNQUOTED;
          } else if (c == '\n') {
            lineBreak = true;
            break scan;
          } else if (c != ' ' && c != '\t' && c != '\r') {
            high |= c;
            error = "text after the closing quote of a field";
            errorLine = s.line;
            state = SKIP;
          }
          break;
        default: // SKIP
          if (c == '\n') {
            lineBreak = true;
            break scan;
          }
          high |= c;
      }
    }
    long lastLine = s.line - (state == QUOTED && p > s.mark && s.buf[p - 1] == '\n' ? 1 : 0);
    recLength = s.endRecord(p, lineBreak);
    nonAscii = high < 0;
    nul = zero;
    switch (state) {
      case UNQUOTED -> addField(start, recLength, false);
      case QUOTE -> addField(start, p - 1 - s.mark, escaped); // the closing quote ended the file
      case AFTER_QUOTE -> addField(start, quoteEnd, escaped);
      case QUOTED -> {
        error = "quoted field opened on line " + quoteLine + " is not closed at the end of the file";
        errorLine = lastLine;
      }
      default -> {} // SKIP: the error is set
    }
    if (error == null && header != null && fieldCount != columns.length && !s.isBlank(s.mark, s.mark + recLength)) {
      error = "expected " + columns.length + " fields as in the header, found " + fieldCount;
      errorLine = lastLine;
    }
    if (error != null && firstBreak >= 0) {
      backtrack(firstBreak, errorLine);
    }
    return true;
  }

  /**
   * Cuts the broken record at {@code src.mark} back to its first physical line, which ends just
   * before {@code firstBreak}, and moves reading to the line after it. {@link #error} says why.
   */
  private void backtrack(int firstBreak, long errorLine) {
    ByteInput s = src;
    s.pos = s.mark + firstBreak;
    s.line = recLine + 1;
    int len = firstBreak - 1; // without the line feed
    if (len > 0 && s.buf[s.mark + len - 1] == '\r') {
      len--;
    }
    recLength = len;
    fieldCount = 0;
    if (header != null) { // a header error stops the file anyway: its cause is the message
      error += " (lines " + recLine + "-" + errorLine + "); only line " + recLine + " is rejected, reading resumes on line " + (recLine + 1);
    }
  }

  private void addField(int start, int end, boolean escaped) {
    if (fieldCount < fieldStart.length) {
      fieldStart[fieldCount] = start;
      fieldEnd[fieldCount] = end;
      fieldEscaped[fieldCount] = escaped;
    } else if (header == null) {
      int n = fieldStart.length * 2;
      fieldStart = Arrays.copyOf(fieldStart, n);
      fieldEnd = Arrays.copyOf(fieldEnd, n);
      fieldEscaped = Arrays.copyOf(fieldEscaped, n);
      addField(start, end, escaped);
      return;
    }
    fieldCount++;
  }
}
