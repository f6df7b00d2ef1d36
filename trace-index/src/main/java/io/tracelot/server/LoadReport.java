package io.tracelot.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link LoadTest} measured: each phase's latency percentiles, throughput and errors, the
 * snapshot switches, and the verdict. {@link #text()} for people, {@link #json()} for files.
 */
public record LoadReport(
    @JsonProperty("target") String target,
    @JsonProperty("snapshot") String snapshot,
    @JsonProperty("initial_run_id") String initialRunId,
    @JsonProperty("model") String model,
    @JsonProperty("phases") List<Phase> phases,
    @JsonProperty("switches") List<Switch> switches,
    @JsonProperty("server_switches") long serverSwitches,
    @JsonProperty("p99_ratio") double p99Ratio,
    @JsonProperty("max_p99_ratio") double maxP99Ratio,
    @JsonProperty("load_average_before") String loadAverageBefore,
    @JsonProperty("load_average_after") String loadAverageAfter,
    @JsonProperty("failures") List<String> failures) {

  public LoadReport {
    phases = List.copyOf(phases);
    switches = List.copyOf(switches);
    failures = List.copyOf(failures);
  }

  /** Think time between a client's answer and its next request: uniform in [min, max]. */
  public record Think(Duration min, Duration max) {
    public static final Think NONE = new Think(Duration.ZERO, Duration.ZERO);

    public Think {
      if (min == null || max == null || min.isNegative() || max.compareTo(min) < 0
          || max.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("think time must be 0 <= min <= max <= 10 min, got " + min + " to " + max);
      }
    }

    double meanMillis() {
      return (min.toNanos() + max.toNanos()) / 2e6;
    }

    @Override
    public String toString() {
      if (max.isZero()) {
        return "none";
      }
      return min.equals(max) ? max.toMillis() + " ms" : min.toMillis() + "-" + max.toMillis() + " ms";
    }
  }

  /** Latency percentiles in milliseconds (nearest rank over every request, sorted: exact). */
  public record Latency(
      @JsonProperty("p50_ms") double p50,
      @JsonProperty("p95_ms") double p95,
      @JsonProperty("p99_ms") double p99,
      @JsonProperty("max_ms") double max,
      @JsonProperty("mean_ms") double mean) {

    static Latency of(long[] nanos) {
      if (nanos.length == 0) {
        return new Latency(0, 0, 0, 0, 0);
      }
      long[] s = nanos.clone();
      Arrays.sort(s);
      double sum = 0;
      for (long n : s) {
        sum += n;
      }
      return new Latency(rank(s, 50), rank(s, 95), rank(s, 99), s[s.length - 1] / 1e6, sum / s.length / 1e6);
    }

    /** The nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
    static double rank(long[] sorted, double p) {
      int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
  }

  /** One phase: {@code clients} clients for {@code seconds}, each waiting {@code think} between requests. */
  public record Phase(
      @JsonProperty("name") String name,
      @JsonProperty("clients") int clients,
      @JsonProperty("think") String think,
      @JsonProperty("seconds") double seconds,
      @JsonProperty("requests") long requests,
      @JsonProperty("requests_per_second") double requestsPerSecond,
      @JsonProperty("latency") Latency latency,
      @JsonProperty("latency_by_kind") Map<String, Latency> latencyByKind,
      @JsonProperty("timeline") List<Window> timeline,
      @JsonProperty("errors") long errors,
      @JsonProperty("errors_by_kind") Map<String, Long> errorsByKind,
      @JsonProperty("error_samples") List<String> errorSamples,
      @JsonProperty("runs_answered") Map<String, Long> runsAnswered) {}

  /** The requests that started in one time window of a phase ({@code from} seconds into it). */
  public record Window(
      @JsonProperty("from_s") double from,
      @JsonProperty("requests") long requests,
      @JsonProperty("latency") Latency latency) {}

  /**
   * A snapshot version published during the load: when publishing began (seconds into the
   * phase), how long it took (staging, the link swap, deleting the oldest version), and when the
   * first answer naming it arrived.
   */
  public record Switch(
      @JsonProperty("run_id") String runId,
      @JsonProperty("published_at_s") double publishedAt,
      @JsonProperty("publish_seconds") double publishSeconds,
      @JsonProperty("first_answer_at_s") Double firstAnswerAt) {}

  public boolean ok() {
    return failures.isEmpty();
  }

  /** The phase of that name, or null. */
  public Phase phase(String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }

  /** Total errors over every phase. */
  public long errors() {
    return phases.stream().mapToLong(Phase::errors).sum();
  }

  public String json() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "load test of %s (snapshot %s, run %s)%n", target, snapshot, initialRunId));
    b.append("model: ").append(model).append(System.lineSeparator());
    b.append(String.format(Locale.ROOT, "%-22s %7s %12s %6s %9s %8s %8s %8s %8s %8s %7s%n", "phase", "clients", "think",
        "secs", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"));
    for (Phase p : phases) {
      Latency l = p.latency();
      b.append(String.format(Locale.ROOT, "%-22s %7d %12s %6.1f %9d %8.1f %8.2f %8.2f %8.2f %8.1f %7d%n", p.name(),
          p.clients(), p.think(), p.seconds(), p.requests(), p.requestsPerSecond(), l.p50(), l.p95(), l.p99(), l.max(),
          p.errors()));
    }
    Phase single = phase("single client");
    Phase load = phase("load");
    if (single != null && load != null) {
      b.append(String.format(Locale.ROOT, "%-22s %27s %27s%n", "p50 / p99 ms by request", "single client", "load"));
      for (Map.Entry<String, Latency> e : load.latencyByKind().entrySet()) {
        Latency s = single.latencyByKind().get(e.getKey());
        b.append(String.format(Locale.ROOT, "  %-20s %27s %27s%n", e.getKey(),
            s == null ? "-" : String.format(Locale.ROOT, "%.2f / %.2f", s.p50(), s.p99()),
            String.format(Locale.ROOT, "%.2f / %.2f", e.getValue().p50(), e.getValue().p99())));
      }
    }
    if (load != null && !load.timeline().isEmpty()) {
      b.append("load p99 ms over time:");
      for (Window w : load.timeline()) {
        b.append(String.format(Locale.ROOT, " %.0fs:%.0f", w.from(), w.latency().p99()));
      }
      b.append(System.lineSeparator());
    }
    for (Phase p : phases) {
      if (p.errors() > 0) {
        b.append("errors in ").append(p.name()).append(": ").append(p.errorsByKind()).append(System.lineSeparator());
        p.errorSamples().forEach(e -> b.append("  ").append(e).append(System.lineSeparator()));
      }
    }
    for (Switch s : switches) {
      b.append(String.format(Locale.ROOT, "switch: published run %s at %.1f s (in %.2f s), %s%n", s.runId(),
          s.publishedAt(), s.publishSeconds(),
          s.firstAnswerAt() == null ? "never answered from"
              : String.format(Locale.ROOT, "first answer from it at %.2f s (+%.2f s)", s.firstAnswerAt(),
                  s.firstAnswerAt() - s.publishedAt())));
    }
    if (maxP99Ratio > 0) {
      b.append(String.format(Locale.ROOT, "p99 under load / p99 of one client: %.2f (limit %.1f)%n", p99Ratio,
          maxP99Ratio));
    } else {
      b.append(String.format(Locale.ROOT, "p99 under load / p99 of one client: %.2f (not checked)%n", p99Ratio));
    }
    b.append("server switches (health): ").append(serverSwitches).append(System.lineSeparator());
    b.append("load average before: ").append(loadAverageBefore).append(", after: ").append(loadAverageAfter)
        .append(System.lineSeparator());
    if (failures.isEmpty()) {
      b.append("load test: OK").append(System.lineSeparator());
    } else {
      failures.forEach(f -> b.append("load test: FAILED: ").append(f).append(System.lineSeparator()));
    }
    return b.toString();
  }
}
