package io.tracelot.allocator.model;

/** Identifier rules of inputs.md: case-sensitive strings of 1 to 128 characters after trimming. */
public final class Ids {
  public static final int MAX_LENGTH = 128;

  private Ids() {}

  /** Checks a required identifier; the message names the field and the bad value. */
  public static String require(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (!isValid(value)) {
      throw new IllegalArgumentException(field + " must be 1 to " + MAX_LENGTH + " characters without surrounding spaces, got '" + abbreviate(value) + "'");
    }
    return value;
  }

  /** Checks an optional identifier: null is allowed, anything else must be valid. */
  public static String optional(String field, String value) {
    return value == null ? null : require(field, value);
  }

  /** True when the value is already trimmed and 1 to 128 characters (code points) long. */
  public static boolean isValid(String value) {
    if (value.isEmpty() || value.length() > 2 * MAX_LENGTH) {
      return false;
    }
    if (Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(value.length() - 1))) {
      return false;
    }
    // no more chars than the limit means no more code points either: counting them is for long values
    return value.length() <= MAX_LENGTH || value.codePointCount(0, value.length()) <= MAX_LENGTH;
  }

  /** Shortens a value for an error message so that a huge field never floods a log. */
  public static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }
}
