package io.tracelot.allocator.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The byte buffer under both row readers. A reader scans {@code buf} from {@code pos} to {@code
 * limit} and sets {@code mark} at the start of the record it is reading; {@link #fill()} keeps the
 * bytes from {@code mark} on, so a record stays contiguous. The buffer grows only while a record
 * does, and readers stop a record at their size cap, so memory stays bounded.
 */
final class ByteInput {
  private static final int CHUNK = 64 * 1024;

  private final InputStream in;
  byte[] buf = new byte[CHUNK];
  int pos;
  int limit;
  int mark;
  /** The 1-based physical line that {@code pos} is on; readers count the line breaks they pass. */
  long line = 1;
  private boolean eof;

  /** Wraps the stream and skips a UTF-8 byte order mark at its start. */
  ByteInput(InputStream in) throws IOException {
    this.in = in;
    while (limit < 3 && fill()) {
      // a stream may return fewer bytes than asked
    }
    if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
      pos = 3;
      mark = 3;
    }
  }

  /**
   * Reads more bytes after {@code limit}, keeping those from {@code mark} on (positions shift when
   * the buffer is compacted). Returns false at the end of the input.
   */
  boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (limit == buf.length) {
      if (mark > 0) {
        System.arraycopy(buf, mark, buf, 0, limit - mark);
        pos -= mark;
        limit -= mark;
        mark = 0;
      } else {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
      return false;
    }
    limit += n;
    return true;
  }

  /**
   * Moves to {@code p}, where a scan stopped, and makes sure a byte is buffered there (positions
   * shift when the buffer is compacted). Returns false at the end of the input.
   */
  boolean more(int p) throws IOException {
    pos = p;
    return p < limit || fill();
  }

  /**
   * Where a scan must stop: at {@code limit}, or where the record at {@code mark} reaches {@code
   * maxRecordBytes} without having ended, so that it is too long whatever the buffering.
   */
  int scanLimit(int maxRecordBytes) {
    return limit - mark > maxRecordBytes ? mark + maxRecordBytes : limit;
  }

  /**
   * Gives up on the record at {@code mark}, which reached its size cap at {@code pos}: returns the
   * raw text of its start (cut) and discards the input up to and including the next line break.
   */
  String abandonRecord() throws IOException {
    String raw = Utf8.raw(buf, mark, Math.min(pos - mark, InputRow.MAX_RAW_BYTES), true);
    while (true) {
      for (; pos < limit; pos++) {
        if (buf[pos] == '\n') {
          pos++;
          line++;
          mark = pos;
          return raw;
        }
      }
      mark = pos;
      if (!fill()) {
        return raw;
      }
    }
  }

  /**
   * Ends the record at {@code mark} whose bytes run up to {@code end}, its line break included when
   * {@code lineBreak}: moves past it and returns the record's length without a final LF or CRLF
   * (at the end of the file too: a record in an unclosed quote may end with one).
   */
  int endRecord(int end, boolean lineBreak) {
    pos = end;
    if (lineBreak) {
      line++;
    }
    if (end > mark && buf[end - 1] == '\n') {
      end--;
    }
    if (end > mark && buf[end - 1] == '\r') {
      end--;
    }
    return end - mark;
  }

  /** True when the bytes from {@code from} to {@code to} are only spaces, tabs and carriage returns. */
  boolean isBlank(int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = buf[i];
      if (c != ' ' && c != '\t' && c != '\r') {
        return false;
      }
    }
    return true;
  }
}
