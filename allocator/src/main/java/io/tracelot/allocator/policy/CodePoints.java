package io.tracelot.allocator.policy;

import java.util.Comparator;

/**
 * String order "code point by code point", as the spec asks. {@link String#compareTo} compares
 * UTF-16 units, which puts supplementary characters (emoji, rare CJK) before U+E000..U+FFFF.
 */
public final class CodePoints {
  public static final Comparator<String> ORDER = CodePoints::compare;

  private CodePoints() {}

  public static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        // Only surrogates need care: they stand for code points above every BMP char.
        if (Character.isSurrogate(ca) || Character.isSurrogate(cb)) {
          return Integer.compare(fixUp(ca), fixUp(cb));
        }
        return ca - cb;
      }
    }
    return a.length() - b.length();
  }

  private static int fixUp(char c) {
    return Character.isSurrogate(c) ? c + 0x10000 : c;
  }
}
