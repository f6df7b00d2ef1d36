package io.tracelot.allocator.input;

/**
 * An input that stops the run before anything is written: a missing directory, table or file, an
 * unreadable file, or a CSV file without a usable header. The message names the path and the fault.
 */
public class InputException extends RuntimeException {
  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
