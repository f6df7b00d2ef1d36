package io.tracelot.server;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelot.query.IndexLayout;
import io.tracelot.query.IndexProgress;
import io.tracelot.query.TraceIndex;
import io.tracelot.server.LoadReport.Latency;
import io.tracelot.server.LoadReport.Phase;
import io.tracelot.server.LoadReport.Switch;
import io.tracelot.server.LoadReport.Think;
import io.tracelot.snapshot.Manifest;
import io.tracelot.snapshot.SnapshotDir;
import io.tracelot.snapshot.SnapshotPublisher;
import io.tracelot.snapshot.Staging;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load test of {@code tracelot serve}: many concurrent clients on loopback, a realistic request
 * mix ({@link LoadMix}), and new snapshot versions published while they run.
 *
 * <p>The phases, one after the other against one server:
 * <ol>
 *   <li><b>warm-up</b>: a few clients without pause (JIT, connections), not judged on latency;
 *   <li><b>single client</b>: one client without pause: the latency of a request on an otherwise
 *       idle server, the reference;
 *   <li><b>closed loop</b> (optional): every client without pause: the most the server answers
 *       (latency here is queueing, reported only);
 *   <li><b>load</b>: every client as a user: send a request, wait for the answer, think for a
 *       uniformly drawn time, repeat. While it runs, {@code switches} new versions of the snapshot
 *       are published at the served path (copies of the current one under new run ids, prepared
 *       and indexed before the load; publishing is {@link SnapshotPublisher}'s atomic link swap).
 * </ol>
 *
 * <p>Every answer is checked: the expected status (no connection error, no time-out, no 5xx),
 * the content type, a body that parses, {@code found} as expected, and a run id that was
 * published, never older than one the same client already got. The test fails on any error, when
 * a published version is never answered from, or when the load phase's p99 exceeds
 * {@code maxP99Ratio} × the single client's (0 turns that check off).
 *
 * <pre>
 * LoadReport r = LoadTest.builder(snapshotLink).clients(200).duration(Duration.ofSeconds(60)).build().run();
 * </pre>
 */
public final class LoadTest {
  /** Settings; {@link #build} validates each, naming the bad value. */
  public static final class Builder {
    private final Path snapshot;
    private URI url;
    private int clients = 200;
    private Duration duration = Duration.ofSeconds(60);
    private Think think = new Think(Duration.ofSeconds(1), Duration.ofSeconds(3));
    private Duration warmup = Duration.ofSeconds(5);
    private Duration baseline = Duration.ofSeconds(20);
    private Duration closedLoop = Duration.ofSeconds(5);
    private int switches = 2;
    private double maxP99Ratio = 2.0;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private long seed = 1;
    private Consumer<String> log = System.err::println;
    private Path requestLog;

    private Builder(Path snapshot) {
      this.snapshot = snapshot;
    }

    /** A running server to test (e.g. {@code tracelot serve}); by default the test starts one over the snapshot. */
    public Builder url(URI url) {
      this.url = url;
      return this;
    }

    /** Concurrent clients of the closed-loop and load phases, each with its own connection. Default 200. */
    public Builder clients(int clients) {
      this.clients = clients;
      return this;
    }

    /** How long the load phase runs. Default 60 s. */
    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    /**
     * Each load-phase client's pause between an answer and its next request. Default 1-3 s: 200
     * such users offer about 100 requests/s, a third or less of what 2 cores answer for the mix
     * of a 1M-unit snapshot (100-200 ms would offer about 1,300/s: far past saturation there).
     */
    public Builder think(Think think) {
      this.think = think;
      return this;
    }

    /** Warm-up before the single client. Default 5 s; 0 skips it. */
    public Builder warmup(Duration warmup) {
      this.warmup = warmup;
      return this;
    }

    /** How long the single client runs. Default 20 s. */
    public Builder baseline(Duration baseline) {
      this.baseline = baseline;
      return this;
    }

    /** How long every client runs without pause (throughput). Default 5 s; 0 skips it. */
    public Builder closedLoop(Duration closedLoop) {
      this.closedLoop = closedLoop;
      return this;
    }

    /** New snapshot versions published during the load phase, evenly spaced. Default 2; 0 publishes none. */
    public Builder switches(int switches) {
      this.switches = switches;
      return this;
    }

    /** The load phase's p99 may be at most this × the single client's. Default 2; 0 does not check. */
    public Builder maxP99Ratio(double ratio) {
      this.maxP99Ratio = ratio;
      return this;
    }

    /** A request not answered in this time is an error. Default 10 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** Seeds the sampled ids and every client's requests and think times. Default 1. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Also appends every request (phase, client, start, kind, latency) to this CSV file. Default none. */
    public Builder requestLog(Path file) {
      this.requestLog = file;
      return this;
    }

    /** Progress lines (default: standard error). */
    public Builder log(Consumer<String> log) {
      this.log = log;
      return this;
    }

    public LoadTest build() {
      if (snapshot == null) {
        throw new IllegalArgumentException("snapshot is required");
      }
      if (url != null && (!"http".equals(url.getScheme()) || url.getHost() == null)) {
        throw new IllegalArgumentException("url must be http://HOST:PORT/, got '" + url + "'");
      }
      if (clients < 1 || clients > 2000) {
        throw new IllegalArgumentException("clients must be 1 to 2000, got " + clients);
      }
      checkDuration("duration", duration, Duration.ofSeconds(1));
      checkDuration("warm-up", warmup, Duration.ZERO);
      checkDuration("baseline", baseline, Duration.ofSeconds(1));
      checkDuration("closed loop", closedLoop, Duration.ZERO);
      checkDuration("request timeout", requestTimeout, Duration.ofMillis(100));
      if (think == null) {
        throw new IllegalArgumentException("think time is required (Think.NONE for none)");
      }
      if (switches < 0 || switches > 100) {
        throw new IllegalArgumentException("switches must be 0 to 100, got " + switches);
      }
      if (!(maxP99Ratio == 0 || maxP99Ratio >= 1) || Double.isNaN(maxP99Ratio) || Double.isInfinite(maxP99Ratio)) {
        throw new IllegalArgumentException("max p99 ratio must be 0 (no check) or >= 1, got " + maxP99Ratio);
      }
      if (switches > 0 && !Files.isSymbolicLink(snapshot)) {
        throw new IllegalArgumentException("switches need a published snapshot (a link made by tracelot allocate or "
            + "SnapshotPublisher) to publish new versions at; " + snapshot + " is not one (or use 0 switches)");
      }
      return new LoadTest(this);
    }

    private static void checkDuration(String what, Duration d, Duration min) {
      if (d == null || d.compareTo(min) < 0 || d.compareTo(Duration.ofHours(24)) > 0) {
        throw new IllegalArgumentException(what + " must be " + (min.isZero() ? "0" : format(min)) + " to 24 h, got "
            + (d == null ? "none" : format(d)));
      }
    }
  }

  public static Builder builder(Path snapshot) {
    return new Builder(snapshot);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SAMPLE_IDS = 1000;
  private static final int MAX_ERROR_SAMPLES = 10;

  private final Builder b;
  private final List<String> runs = new CopyOnWriteArrayList<>(); // in publish order
  private final Map<String, Long> firstAnswered = new ConcurrentHashMap<>(); // run -> nanoTime
  private HttpClient[] http;
  private ExecutorService httpExecutor;

  private LoadTest(Builder b) {
    this.b = b;
  }

  /** Runs every phase and returns what was measured; {@link LoadReport#ok()} is the verdict. */
  public LoadReport run() throws IOException, InterruptedException {
    String loadBefore = loadAverage();
    Path snapshot = b.snapshot;
    String initialRun = Manifest.read(SnapshotDir.resolve(snapshot)).runId();
    runs.add(initialRun);
    long t = System.nanoTime();
    LoadMix mix = LoadMix.sample(snapshot, SAMPLE_IDS, b.seed);
    b.log.accept(String.format(Locale.ROOT, "load test: %d lots, %d serials sampled from run %s in %.1f s",
        mix.lots(), mix.serials(), initialRun, (System.nanoTime() - t) / 1e9));

    List<Prepared> prepared = new ArrayList<>();
    TraceServer own = null;
    httpExecutor = Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
        daemon("load-http"));
    try {
      // the new versions first, so that copying and indexing them costs nothing during the phases
      for (int i = 0; i < b.switches; i++) {
        t = System.nanoTime();
        String runId = SnapshotPublisher.newRunId();
        prepared.add(new Prepared(prepareCopy(snapshot, runId), runId));
        b.log.accept(String.format(Locale.ROOT, "load test: prepared run %s (a copy of run %s, indexed) in %.1f s",
            runId, initialRun, (System.nanoTime() - t) / 1e9));
      }
      URI base = b.url;
      if (base == null) {
        own = TraceServer.builder(snapshot).port(0).log(m -> b.log.accept("server: " + m)).build();
        try {
          own.start();
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException("cannot start the server: " + e, e);
        }
        base = own.uri();
      }
      http = new HttpClient[b.clients];
      for (int i = 0; i < http.length; i++) {
        http[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(b.requestTimeout)
            .executor(httpExecutor).build();
      }
      JsonNode health = awaitHealth(base);
      if (!initialRun.equals(health.path("run_id").asText())) {
        throw new IllegalStateException("the server at " + base + " serves run " + health.path("run_id").asText()
            + ", but " + snapshot + " is run " + initialRun + ": point the load test at the snapshot it serves");
      }
      long serverSwitchesBefore = health.path("switches").asLong();

      List<Phase> phases = new ArrayList<>();
      if (!b.warmup.isZero()) {
        phases.add(phase("warm-up", base, mix, Math.min(8, b.clients), b.warmup, Think.NONE, null));
      }
      Phase single = phase("single client", base, mix, 1, b.baseline, Think.NONE, null);
      phases.add(single);
      if (!b.closedLoop.isZero()) {
        phases.add(phase("closed loop", base, mix, b.clients, b.closedLoop, Think.NONE, null));
      }
      Publisher publisher = new Publisher(snapshot, prepared);
      Phase load = phase("load", base, mix, b.clients, b.duration, b.think, publisher);
      phases.add(load);
      List<Switch> switches = publisher.switches();

      JsonNode after = awaitHealth(base);
      long serverSwitches = after.path("switches").asLong() - serverSwitchesBefore;
      double ratio = single.latency().p99() == 0 ? 0 : load.latency().p99() / single.latency().p99();
      double meanCycleMs = b.think.meanMillis() + load.latency().mean();
      String model = String.format(Locale.ROOT, "%d clients, each its own connection: request, wait for the answer, "
          + "think %s (uniform), repeat; offered load %d / (%.0f ms think + %.1f ms answer) = %.0f req/s; "
          + "the single client and the closed loop send without thinking", b.clients, b.think, b.clients,
          b.think.meanMillis(), load.latency().mean(), b.clients * 1000 / meanCycleMs);
      Phase closed = phases.stream().filter(p -> p.name().equals("closed loop")).findFirst().orElse(null);
      if (closed != null && closed.requestsPerSecond() > 0) {
        model += String.format(Locale.ROOT, "; the load phase's %.0f req/s are %.0f %% of the closed loop's %.0f req/s",
            load.requestsPerSecond(), 100 * load.requestsPerSecond() / closed.requestsPerSecond(),
            closed.requestsPerSecond());
      }

      List<String> failures = failures(phases, switches, b.switches, runs.get(runs.size() - 1),
          after.path("run_id").asText(), b.maxP99Ratio);
      // the retired indexes were closed once their last request finished
      if (own != null) {
        if (own.openIndexes() != 1 || own.indexCloseFailures() != 0) {
          failures.add("after the load the server holds " + own.openIndexes() + " indexes open (expected 1), "
              + own.indexCloseFailures() + " failed to close");
        }
      }
      return new LoadReport(base.toString(), snapshot.toString(), initialRun, model, phases, switches,
          serverSwitches, ratio, b.maxP99Ratio, loadBefore, loadAverage(), failures);
    } finally {
      if (own != null) {
        own.close();
      }
      httpExecutor.shutdownNow();
      for (Prepared p : prepared) {
        io.tracelot.snapshot.FileTrees.delete(p.dir()); // the ones not published (a failure before the load ended)
      }
    }
  }

  /**
   * The verdict: every failed request, every published run never answered from, a server not on
   * the last run at the end, and a load-phase p99 over {@code maxP99Ratio} x the single client's
   * (when {@code maxP99Ratio} > 0).
   */
  static List<String> failures(List<Phase> phases, List<Switch> switches, int expectedSwitches, String lastPublished,
      String servedAfter, double maxP99Ratio) {
    List<String> failures = new ArrayList<>();
    for (Phase p : phases) {
      if (p.errors() > 0) {
        failures.add(p.errors() + " failed requests in phase " + p.name() + ": " + p.errorsByKind());
      }
    }
    for (Switch s : switches) {
      if (s.firstAnswerAt() == null) {
        failures.add(String.format(Locale.ROOT, "no switch observed: run %s, published %.1f s into the load, was "
            + "never answered from", s.runId(), s.publishedAt()));
      }
    }
    if (switches.size() < expectedSwitches) {
      failures.add("published " + switches.size() + " of " + expectedSwitches + " new versions");
    }
    if (!lastPublished.equals(servedAfter)) {
      failures.add("after the load the server serves run " + servedAfter + ", not the last one published ("
          + lastPublished + ")");
    }
    Phase single = phases.stream().filter(p -> p.name().equals("single client")).findFirst().orElse(null);
    Phase load = phases.stream().filter(p -> p.name().equals("load")).findFirst().orElse(null);
    if (single == null || load == null || load.requests() == 0) {
      failures.add("no single-client or load phase measured");
    } else if (maxP99Ratio > 0 && load.latency().p99() > maxP99Ratio * single.latency().p99()) {
      failures.add(String.format(Locale.ROOT, "p99 under load %.2f ms is %.2f x the single client's %.2f ms "
          + "(limit %.1f x)", load.latency().p99(), load.latency().p99() / single.latency().p99(),
          single.latency().p99(), maxP99Ratio));
    }
    return failures;
  }

  /** A version copied and indexed before the load, published during it. */
  private record Prepared(Path dir, String runId) {}

  /** Publishes the prepared versions at evenly spaced times of the load phase. */
  private final class Publisher {
    private final Path snapshot;
    private final List<Prepared> prepared;
    private final Map<String, long[]> published = new LinkedHashMap<>(); // run -> nanoTime publishing began, ended
    private long start;

    Publisher(Path snapshot, List<Prepared> prepared) {
      this.snapshot = snapshot;
      this.prepared = prepared;
    }

    void run(long start, long end) throws IOException, InterruptedException {
      this.start = start;
      int n = prepared.size();
      for (int i = 0; i < n; i++) {
        sleepUntil(start + (end - start) * (i + 1) / (n + 1));
        Prepared p = prepared.get(i);
        runs.add(p.runId()); // before the link swap: an answer may name it at once
        long at = System.nanoTime(); // the link swap happens within publish(), which then deletes old versions
        Staging staging = SnapshotPublisher.stage(snapshot, p.runId());
        try {
          try (DirectoryStream<Path> entries = Files.newDirectoryStream(p.dir())) {
            for (Path e : entries) {
              Files.move(e, staging.dir().resolve(e.getFileName().toString()), ATOMIC_MOVE);
            }
          }
          Files.delete(p.dir());
          SnapshotPublisher.publish(staging);
        } catch (IOException | RuntimeException e) {
          SnapshotPublisher.abort(staging);
          throw e;
        }
        long done = System.nanoTime();
        published.put(p.runId(), new long[] {at, done});
        b.log.accept(String.format(Locale.ROOT, "load test: published run %s at %.1f s (in %.2f s)", p.runId(),
            (at - start) / 1e9, (done - at) / 1e9));
      }
    }

    /** Each published run, when, and when it was first answered from (seconds into the load phase). */
    List<Switch> switches() {
      List<Switch> out = new ArrayList<>();
      published.forEach((run, at) -> {
        Long first = firstAnswered.get(run);
        out.add(new Switch(run, (at[0] - start) / 1e9, (at[1] - at[0]) / 1e9,
            first == null ? null : (first - start) / 1e9));
      });
      return out;
    }
  }

  /** What one client measured in one phase. */
  private static final class ClientLog {
    long[] nanos = new long[1024];
    long[] starts = new long[1024];
    String[] kinds = new String[1024];
    int n;
    int lastRun = -1;

    void add(String kind, long start, long latency) {
      if (n == nanos.length) {
        nanos = Arrays.copyOf(nanos, n * 2);
        starts = Arrays.copyOf(starts, n * 2);
        kinds = Arrays.copyOf(kinds, n * 2);
      }
      kinds[n] = kind;
      starts[n] = start;
      nanos[n++] = latency;
    }
  }

  private Phase phase(String name, URI base, LoadMix mix, int clients, Duration duration, Think think,
      Publisher publisher) throws InterruptedException, IOException {
    b.log.accept(String.format(Locale.ROOT, "load test: %s: %d client%s for %s, think %s", name, clients,
        clients == 1 ? "" : "s", format(duration), think));
    Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    List<String> samples = new CopyOnWriteArrayList<>();
    Map<String, LongAdder> answeredRuns = new ConcurrentHashMap<>();
    ClientLog[] logs = new ClientLog[clients];
    long[] span = new long[2]; // start, end: set once every thread exists, read after the latch
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    SplittableRandom seeds = new SplittableRandom(b.seed * 31 + name.hashCode());
    for (int i = 0; i < clients; i++) {
      ClientLog log = logs[i] = new ClientLog();
      HttpClient client = http[i];
      // seeds drawn from one well-mixed generator: java.util.Random's first draws for nearby seeds are
      // nearly equal, which started clients in bursts of a hundred at once
      Random random = new Random(seeds.nextLong());
      Thread th = new Thread(() -> {
        try {
          go.await();
          long end = span[1];
          long thinkMin = think.min().toNanos();
          long thinkSpan = think.max().toNanos() - thinkMin;
          if (think.max().toNanos() > 0) {
            // users arrive spread over one think time, not all at once
            sleepUntil(System.nanoTime() + (long) (random.nextDouble() * think.max().toNanos()));
          }
          while (System.nanoTime() < end) {
            LoadMix.Request q = mix.next(random);
            long t0 = System.nanoTime();
            try {
              HttpResponse<byte[]> r = client.send(request(base, q), HttpResponse.BodyHandlers.ofByteArray());
              long t1 = System.nanoTime();
              log.add(q.kind(), t0, t1 - t0);
              String run = LoadMix.check(q, r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
                  r.body());
              if (run != null) {
                int gen = runs.indexOf(run);
                if (gen < 0) {
                  throw new LoadMix.BadAnswer("unknown run", q.method() + " " + q.pathQuery() + ": run " + run
                      + " was never published");
                }
                if (gen < log.lastRun) {
                  throw new LoadMix.BadAnswer("older run", q.method() + " " + q.pathQuery() + ": run " + run
                      + " after this client already got the newer run " + runs.get(log.lastRun));
                }
                log.lastRun = gen;
                firstAnswered.putIfAbsent(run, t1);
                answeredRuns.computeIfAbsent(run, k -> new LongAdder()).increment();
              }
            } catch (LoadMix.BadAnswer e) {
              error(errors, samples, e.kind, e.getMessage());
            } catch (HttpTimeoutException e) {
              log.add(q.kind(), t0, System.nanoTime() - t0);
              error(errors, samples, "timeout", q.method() + " " + q.pathQuery() + ": no answer in "
                  + format(b.requestTimeout));
            } catch (IOException e) {
              log.add(q.kind(), t0, System.nanoTime() - t0);
              error(errors, samples, "connection", q.method() + " " + q.pathQuery() + ": " + e);
            }
            if (thinkSpan > 0 || thinkMin > 0) {
              long pause = thinkMin + (long) (random.nextDouble() * thinkSpan);
              sleepUntil(Math.min(end, System.nanoTime() + pause));
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          error(errors, samples, "client", e.toString());
        }
      }, "load-" + name.replace(' ', '-') + "-" + i);
      th.setDaemon(true);
      threads.add(th);
    }
    threads.forEach(Thread::start);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    span[0] = start;
    span[1] = end;
    go.countDown();
    if (publisher != null) {
      try {
        publisher.run(start, end);
      } finally {
        awaitClients(threads, end);
      }
    } else {
      awaitClients(threads, end);
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    int total = 0;
    for (ClientLog l : logs) {
      total += l.n;
    }
    long[] all = new long[total];
    int at = 0;
    Map<String, long[]> perKind = new TreeMap<>();
    Map<String, Integer> kindCounts = new TreeMap<>();
    for (ClientLog l : logs) {
      System.arraycopy(l.nanos, 0, all, at, l.n);
      at += l.n;
      for (int i = 0; i < l.n; i++) {
        kindCounts.merge(l.kinds[i], 1, Integer::sum);
      }
    }
    kindCounts.forEach((k, c) -> perKind.put(k, new long[c]));
    Map<String, Integer> fill = new TreeMap<>();
    for (ClientLog l : logs) {
      for (int i = 0; i < l.n; i++) {
        perKind.get(l.kinds[i])[fill.merge(l.kinds[i], 1, Integer::sum) - 1] = l.nanos[i];
      }
    }
    Map<String, Latency> byKind = new LinkedHashMap<>();
    perKind.forEach((k, v) -> byKind.put(k, Latency.of(v)));
    if (b.requestLog != null) {
      writeRequestLog(name, logs, start);
    }
    // latency over time: requests by the window they started in
    long window = Math.max(1_000_000_000L, duration.toNanos() / 12);
    int windows = (int) ((duration.toNanos() + window - 1) / window);
    int[] windowCounts = new int[windows];
    for (ClientLog l : logs) {
      for (int i = 0; i < l.n; i++) {
        windowCounts[(int) Math.min(windows - 1, Math.max(0, l.starts[i] - start) / window)]++;
      }
    }
    long[][] windowNanos = new long[windows][];
    for (int w = 0; w < windows; w++) {
      windowNanos[w] = new long[windowCounts[w]];
    }
    int[] windowFill = new int[windows];
    for (ClientLog l : logs) {
      for (int i = 0; i < l.n; i++) {
        int w = (int) Math.min(windows - 1, Math.max(0, l.starts[i] - start) / window);
        windowNanos[w][windowFill[w]++] = l.nanos[i];
      }
    }
    List<LoadReport.Window> timeline = new ArrayList<>();
    for (int w = 0; w < windows; w++) {
      timeline.add(new LoadReport.Window(w * window / 1e9, windowNanos[w].length, Latency.of(windowNanos[w])));
    }
    Map<String, Long> errorCounts = new TreeMap<>();
    errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
    Map<String, Long> runCounts = new LinkedHashMap<>();
    for (String run : runs) {
      LongAdder a = answeredRuns.get(run);
      if (a != null) {
        runCounts.put(run, a.sum());
      }
    }
    long errorTotal = errorCounts.values().stream().mapToLong(Long::longValue).sum();
    Phase p = new Phase(name, clients, think.toString(), seconds, total, total / seconds, Latency.of(all), byKind,
        timeline, errorTotal, errorCounts, List.copyOf(samples), runCounts);
    b.log.accept(String.format(Locale.ROOT, "load test: %s: %d requests, %.0f req/s, p50 %.2f ms, p99 %.2f ms, "
        + "max %.1f ms, %d errors", name, total, p.requestsPerSecond(), p.latency().p50(), p.latency().p99(),
        p.latency().max(), errorTotal));
    return p;
  }

  /** Appends one CSV line per request: phase, client, start (ms into the phase), kind, latency (ms). */
  private void writeRequestLog(String phase, ClientLog[] logs, long start) throws IOException {
    boolean header = !Files.exists(b.requestLog) || Files.size(b.requestLog) == 0;
    try (java.io.BufferedWriter w = Files.newBufferedWriter(b.requestLog, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND)) {
      if (header) {
        w.write("phase,client,start_ms,kind,latency_ms\n");
      }
      for (int c = 0; c < logs.length; c++) {
        ClientLog l = logs[c];
        for (int i = 0; i < l.n; i++) {
          w.write(String.format(Locale.ROOT, "%s,%d,%.3f,%s,%.3f%n", phase, c, (l.starts[i] - start) / 1e6, l.kinds[i],
              l.nanos[i] / 1e6));
        }
      }
    }
  }

  private void awaitClients(List<Thread> threads, long end) throws InterruptedException {
    long deadline = end + b.requestTimeout.toNanos() + TimeUnit.SECONDS.toNanos(30);
    for (Thread th : threads) {
      th.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      if (th.isAlive()) {
        th.interrupt();
        throw new IllegalStateException("client " + th.getName() + " did not finish in time");
      }
    }
  }

  private static void error(Map<String, LongAdder> errors, List<String> samples, String kind, String message) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    if (samples.size() < MAX_ERROR_SAMPLES) {
      samples.add(kind + ": " + TraceHandler.abbreviate(message.replace('\n', ' ')));
    }
  }

  private HttpRequest request(URI base, LoadMix.Request q) {
    HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(q.pathQuery())).timeout(b.requestTimeout);
    if (q.body() != null) {
      r.header("Content-Type", q.contentType());
      return r.method(q.method(), HttpRequest.BodyPublishers.ofString(q.body())).build();
    }
    return r.method(q.method(), HttpRequest.BodyPublishers.noBody()).build();
  }

  private JsonNode awaitHealth(URI base) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last = null;
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<byte[]> r = http[0].send(HttpRequest.newBuilder(base.resolve("/health"))
            .timeout(b.requestTimeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode h = JSON.readTree(r.body());
        if (r.statusCode() == 200 && "ok".equals(h.path("status").asText())) {
          return h;
        }
        last = r.statusCode() + " " + h;
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(200);
    }
    throw new IOException("the server at " + base + " is not healthy after 30 s: " + last);
  }

  /**
   * A copy of the snapshot's current version under a new run id, indexed, in
   * {@code <parent>/.<name>.loadtest-<runId>} (the same file system, so that publishing moves
   * it): the tables hard-linked (copied where links fail), the manifest rewritten with the new
   * run id, the index built. The stock state of chained runs is not copied: a copy serves
   * traces, it is no base for {@code --from}.
   */
  static Path prepareCopy(Path snapshot, String runId) throws IOException {
    Path from = SnapshotDir.resolve(snapshot);
    Path link = snapshot.toAbsolutePath().normalize();
    Path dir = link.getParent().resolve("." + link.getFileName() + ".loadtest-" + runId);
    Manifest m = Manifest.read(from);
    Files.createDirectory(dir);
    try {
      for (Manifest.TableInfo table : m.tables().values()) {
        for (String file : table.files()) {
          Path target = dir.resolve(file).normalize();
          if (!target.startsWith(dir)) {
            throw new IOException("manifest of " + from + " names a file outside the snapshot: " + file);
          }
          Files.createDirectories(target.getParent());
          try {
            Files.createLink(target, from.resolve(file));
          } catch (IOException | UnsupportedOperationException e) {
            Files.copy(from.resolve(file), target);
          }
        }
      }
      Manifest.of(runId, m.started(), m.finished(), m.inputFiles(), m.tables(), m.allocationPolicyVersion(),
          m.fromRunId(), m.rejectsByReason(), m.invariants()).write(dir);
      TraceIndex.build(dir, IndexProgress.none());
      if (!Files.exists(dir.resolve(IndexLayout.DIR).resolve(IndexLayout.HEADER))) {
        throw new IOException("no index was built in " + dir);
      }
      return dir;
    } catch (IOException | RuntimeException e) {
      io.tracelot.snapshot.FileTrees.delete(dir);
      throw e;
    }
  }


  private static void sleepUntil(long nanoTime) throws InterruptedException {
    for (long left; (left = nanoTime - System.nanoTime()) > 0; ) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?");

  /** {@code 60s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 0}, or ISO-8601 ({@code PT1M}). */
  public static Duration parseDuration(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("pt")) {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    }
    Matcher m = DURATION.matcher(t);
    if (!m.matches() || (m.group(2) == null && Double.parseDouble(m.group(1)) != 0)) {
      throw new IllegalArgumentException("a duration is a number with ms, s, m or h (e.g. 60s, 500ms), got '" + text
          + "'");
    }
    double v = Double.parseDouble(m.group(1));
    double ms = switch (m.group(2) == null ? "ms" : m.group(2)) {
      case "ms" -> v;
      case "s" -> v * 1e3;
      case "m", "min" -> v * 60e3;
      default -> v * 3600e3;
    };
    return Duration.ofNanos(Math.round(ms * 1e6));
  }

  /** {@code 100ms-200ms} or {@code 100-200ms} (uniform in between), {@code 150ms} (fixed) or {@code 0} (none). */
  public static Think parseThink(String text) {
    String t = text == null ? "" : text.trim();
    int dash = t.indexOf('-');
    if (dash < 0) {
      Duration d = parseDuration(t);
      return new Think(d, d);
    }
    String lo = t.substring(0, dash).trim();
    String hi = t.substring(dash + 1).trim();
    if (lo.matches("\\d+(\\.\\d+)?")) {
      Matcher unit = Pattern.compile("[a-zA-Z]+$").matcher(hi);
      lo += unit.find() ? unit.group() : "";
    }
    return new Think(parseDuration(lo), parseDuration(hi));
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
