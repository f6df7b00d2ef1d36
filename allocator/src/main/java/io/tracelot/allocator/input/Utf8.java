package io.tracelot.allocator.input;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;

/** UTF-8 checks for one reader: strict validation of a record, lenient text for its raw form. */
final class Utf8 {
  private final CharsetDecoder strict = UTF_8.newDecoder(); // REPORT is the default action
  private final CharBuffer scratch = CharBuffer.allocate(4096);

  /** True when the bytes are well-formed UTF-8 (no overlong forms, surrogates or truncation). */
  boolean isValid(byte[] b, int off, int len) {
    ByteBuffer in = ByteBuffer.wrap(b, off, len);
    strict.reset();
    while (true) {
      scratch.clear();
      CoderResult r = strict.decode(in, scratch, true);
      if (r.isError()) {
        return false;
      }
      if (r.isUnderflow()) {
        return true;
      }
    }
  }

  /**
   * A record's raw text: the first {@link InputRow#MAX_RAW_BYTES} bytes with malformed sequences
   * as U+FFFD, ending in {@link InputRow#TRUNCATED} when bytes were left out.
   */
  static String raw(byte[] b, int off, int len, boolean cut) {
    if (len > InputRow.MAX_RAW_BYTES) {
      len = InputRow.MAX_RAW_BYTES;
      // don't split the character at the cut (at most three continuation bytes precede it)
      for (int i = 0; i < 3 && len > 0 && (b[off + len] & 0xC0) == 0x80; i++) {
        len--;
      }
      cut = true;
    }
    String text = new String(b, off, len, UTF_8);
    return cut ? text + InputRow.TRUNCATED : text;
  }
}
