package io.tracelot.jobs.allocation;

import java.io.Serializable;
import java.util.Objects;

/**
 * For tests of recovery: makes one attempt of one allocation subtask throw, a real task failure
 * that Flink's restart strategy then recovers from. It travels with the job graph (no static
 * state), so it works the same on an embedded or a real cluster. Never set by the command line.
 *
 * @param subtask the allocation subtask that fails (0-based)
 * @param attempt the attempt of that subtask that fails (0: the first run)
 * @param afterEvents the attempt fails only once it has applied at least this many events to the
 *     stock index (ignored by {@link When#AFTER_END})
 * @param when at which moment it fails
 */
public record FailureInjection(int subtask, int attempt, long afterEvents, When when) implements Serializable {
  /** The moment of the failure. */
  public enum When {
    /** Right after the batch of events that reaches {@code afterEvents}: the index is half written. */
    APPLYING,
    /**
     * STREAMING: once {@code afterEvents} are applied and a checkpoint has completed (whichever
     * comes last), before the end of the input: the restart restores that checkpoint, older than
     * what the failed attempt wrote to its index. A STREAMING run over files applies its events
     * only at the end of the input, in one go, so whether a checkpoint completes in between depends
     * on timing; when none does, it fails as {@link #AFTER_END} instead. Either way it fails after
     * a completed checkpoint.
     */
    AFTER_CHECKPOINT,
    /**
     * STREAMING: at the first checkpoint completed after the subtask emitted its final stock; the
     * restart restores a checkpoint taken after the end of the input, which must not emit again.
     */
    AFTER_END
  }

  public FailureInjection {
    if (subtask < 0) {
      throw new IllegalArgumentException("failure injection subtask must be >= 0, got " + subtask);
    }
    if (attempt < 0) {
      throw new IllegalArgumentException("failure injection attempt must be >= 0, got " + attempt);
    }
    if (afterEvents < 1) {
      throw new IllegalArgumentException("failure injection needs afterEvents >= 1, got " + afterEvents);
    }
    Objects.requireNonNull(when, "when");
  }

  /** Fails attempt 0 of subtask 0 right after it applied {@code events} events. */
  public static FailureInjection afterEvents(long events) {
    return new FailureInjection(0, 0, events, When.APPLYING);
  }

  /** Fails attempt 0 of subtask 0 once it applied {@code events} events and a checkpoint completed. */
  public static FailureInjection afterEventsAndCheckpoint(long events) {
    return new FailureInjection(0, 0, events, When.AFTER_CHECKPOINT);
  }

  /** Fails attempt 0 of subtask 0 at the first checkpoint completed after its end of input. */
  public static FailureInjection afterEnd() {
    return new FailureInjection(0, 0, 1, When.AFTER_END);
  }

  /**
   * Whether the failure is due now.
   *
   * @param ended the subtask emitted its final stock
   * @param endCheckpointed a checkpoint taken after that has completed
   */
  boolean due(int subtaskIndex, int attemptNumber, long applied, long checkpointsCompleted, boolean ended, boolean endCheckpointed) {
    if (subtaskIndex != subtask || attemptNumber != attempt) {
      return false;
    }
    return switch (when) {
      case APPLYING -> !ended && applied >= afterEvents;
      case AFTER_CHECKPOINT -> applied >= afterEvents && (ended ? endCheckpointed : checkpointsCompleted > 0);
      case AFTER_END -> endCheckpointed;
    };
  }

  /** The failure thrown; its message says it was injected, so no one mistakes it for a bug. */
  static final class InjectedFailure extends RuntimeException {
    InjectedFailure(String message) {
      super(message);
    }
  }
}
