package io.tracelot.allocator.model;

import java.util.Objects;

/** A row that was not applied, with where it came from and why. */
public record Reject(
    InputSource source, String file, long lineNo, String recordId, RejectReason reason, String message, String raw) {
  public Reject {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
