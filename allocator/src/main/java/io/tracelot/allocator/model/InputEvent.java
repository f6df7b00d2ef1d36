package io.tracelot.allocator.model;

import java.util.Objects;

/**
 * A validated event with where it came from, so that a rule broken while it is applied (say
 * INSUFFICIENT_STOCK) can still be reported with its file, line and raw row.
 */
public record InputEvent(SkuEvent event, String file, long lineNo, String raw) {
  public InputEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(file, "file");
  }

  public String sku() {
    return event.sku();
  }

  public InputSource source() {
    return event instanceof Movement ? InputSource.MOVEMENTS : InputSource.ORDERS;
  }

  public String recordId() {
    return event instanceof Movement m ? m.eventId() : ((OrderLine) event).recordId();
  }

  public Reject reject(RejectReason reason, String message) {
    return new Reject(source(), file, lineNo, recordId(), reason, message, raw);
  }
}
