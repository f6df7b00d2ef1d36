package io.tracelot.allocator.input;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.tracelot.allocator.model.Ids;
import io.tracelot.allocator.model.InputSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Streams a JSON Lines file (UTF-8, one object per line, no header) as {@link InputRow}s.
 *
 * <p>Values may be strings, numbers (kept as written: "12.0" stays "12.0", however many digits),
 * booleans ("true") or null (absent). Every non-blank line gives exactly one row; a line that is not
 * one flat JSON object with distinct keys, or whose strings hold a NUL character or an escaped
 * half of a surrogate pair (neither is text), gives a row with a parse error. Keys are used exactly
 * as written.
 */
public final class JsonLinesRowReader extends ByteRowReader {
  // strict JSON (no comments, NaN or single quotes: Jackson's defaults) and no repeated keys
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // a number is only ever kept as text (never converted by Jackson), so its length costs nothing:
      // a 2,000-digit quantity is the validator's BAD_VALUE, as in CSV, not a parse error
      .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE).build())
      .build();

  // the line last scanned, at src.mark
  private long recLine;
  private int recLength;
  private boolean nonAscii;
  private boolean nul;
  private boolean backslash;
  private String oversizeRaw;

  public JsonLinesRowReader(InputStream in, InputSource table, String file) {
    this(in, table, file, CsvRowReader.DEFAULT_MAX_RECORD_BYTES);
  }

  /**
   * @param file the name rows carry, relative to the input directory
   * @param maxRecordBytes the most bytes a line may have, its line break included
   * @throws UncheckedIOException when the stream cannot be read (the stream is then closed)
   */
  public JsonLinesRowReader(InputStream in, InputSource table, String file, int maxRecordBytes) {
    super(in, table, file, maxRecordBytes);
  }

  @Override
  InputRow readRow() throws IOException {
    do {
      if (!scanLine()) {
        return null;
      }
      if (oversizeRaw != null) {
        return error(oversizeRaw, "line longer than " + maxRecordBytes + " bytes");
      }
    } while (src.isBlank(src.mark, src.mark + recLength));
    String raw = Utf8.raw(src.buf, src.mark, recLength, false);
    if (nonAscii && !utf8.isValid(src.buf, src.mark, recLength)) {
      return error(raw, "invalid UTF-8");
    }
    if (nul) {
      return error(raw, "NUL byte (U+0000) in the record");
    }
    String text = recLength <= InputRow.MAX_RAW_BYTES ? raw : new String(src.buf, src.mark, recLength, UTF_8);
    // parsed from chars, not bytes: Jackson guesses UTF-16/32 from NUL bytes, and we know it is UTF-8
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return error(raw, "line is not a JSON object");
      }
      Map<String, String> fields = new HashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          return error(raw, "field '" + Ids.abbreviate(name) + "' holds a nested object or array");
        }
        String v = value == JsonToken.VALUE_NULL ? "" : parser.getText().strip();
        // only an escape can put a NUL or half a surrogate pair into a string of valid UTF-8
        String notText = backslash ? notText(name, v) : null;
        if (notText != null) {
          return error(raw, notText);
        }
        if (!v.isEmpty()) {
          fields.put(name, v);
        }
      }
      // the object ended (an unfinished one throws); nothing may follow it on the line
      if (parser.nextToken() != null) {
        return error(raw, "text after the JSON object");
      }
      return new InputRow(table, file, recLine, raw, fields, null);
    } catch (JsonProcessingException e) {
      return error(raw, "invalid JSON: " + e.getOriginalMessage());
    }
  }

  /** Why a key or its value is not Unicode text, or null when both are. */
  private static String notText(String name, String value) {
    String problem = notText(name);
    if (problem != null) {
      return "a key holds " + problem;
    }
    problem = notText(value);
    return problem == null ? null : "field '" + Ids.abbreviate(name) + "' holds " + problem;
  }

  private static String notText(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return "a NUL character (\\u0000)";
      }
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "an unpaired surrogate escape (\\u" + Integer.toHexString(c) + "), which is not Unicode text";
      }
    }
    return null;
  }

  @Override
  boolean skipRow() throws IOException {
    do {
      if (!scanLine()) {
        return false;
      }
    } while (oversizeRaw == null && src.isBlank(src.mark, src.mark + recLength));
    return true;
  }

  private InputRow error(String raw, String message) {
    return InputRow.parseError(table, file, recLine, raw, message);
  }

  /** Reads one physical line from {@code src.pos} into {@code src.mark}; false at the end of the input. */
  private boolean scanLine() throws IOException {
    ByteInput s = src;
    s.mark = s.pos;
    recLine = s.line;
    oversizeRaw = null;
    int high = 0; // negative once a byte >= 0x80 was seen
    boolean zero = false;
    boolean escape = false;
    boolean lineBreak;
    byte[] b = s.buf;
    int p = s.pos;
    int stop = s.scanLimit(maxRecordBytes);
    while (true) {
      if (p == stop) {
        if (!s.more(p)) {
          if (s.pos == s.mark) {
            return false;
          }
          p = s.pos;
          lineBreak = false;
          break;
        }
        if (s.pos - s.mark == maxRecordBytes) {
          oversizeRaw = s.abandonRecord();
          return true;
        }
        b = s.buf;
        p = s.pos;
        stop = s.scanLimit(maxRecordBytes);
      }
      byte c = b[p++];
      if (c == '\n') {
        lineBreak = true;
        break;
      }
      high |= c;
      zero |= c == 0;
      escape |= c == '\\';
    }
    recLength = s.endRecord(p, lineBreak);
    nonAscii = high < 0;
    nul = zero;
    backslash = escape;
    return true;
  }
}
