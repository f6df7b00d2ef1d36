package io.tracelot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelot.query.IndexProgress;
import io.tracelot.query.TestSnapshots;
import io.tracelot.query.TraceIndex;
import io.tracelot.snapshot.SnapshotPublisher;
import io.tracelot.snapshot.Staging;
import io.tracelot.trace.AnswerWriter;
import io.tracelot.trace.TraceAnswer;
import io.tracelot.trace.TraceFormat;
import io.tracelot.trace.TraceQuery;
import io.tracelot.trace.TraceQuery.From;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tracelot serve} over real HTTP: every route and format answers what {@link TraceIndex}
 * answers directly, errors are JSON 4xx, and a snapshot published under load is switched to
 * atomically with no failed request and no leaked index.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BODY_LIMIT = 4096;

  @TempDir static Path dir;
  Path snapshot;
  TraceIndex direct;
  TraceServer server;
  final List<String> serverLog = new CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  // ids that exist in the snapshot
  List<String> lots;
  String sku;
  String serial;
  String order;
  String customer;

  @BeforeAll
  void start() throws Exception {
    snapshot = dir.resolve("snap");
    publish(snapshot, "run-a", 5, true);
    direct = TraceIndex.open(snapshot);
    server = TraceServer.builder(snapshot).port(0).maxRequestBodyBytes(BODY_LIMIT).pollInterval(Duration.ofMillis(50))
        .log(serverLog::add).build().start();

    List<TraceQuery.LotRef> refs = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      refs.add(new TraceQuery.LotRef(null, String.format("L%06d", i)));
    }
    TraceAnswer recall = direct.trace(new TraceQuery.Recall(refs, TraceQuery.UNLIMITED));
    assertThat(recall.allocations()).isNotEmpty();
    lots = recall.lots().stream().map(TraceAnswer.LotRow::lot).filter(l -> l != null).distinct().limit(6).toList();
    sku = recall.lots().get(0).sku();
    serial = recall.allocations().stream().map(TraceAnswer.AllocationRow::serial).filter(s -> s != null).findFirst()
        .orElseThrow();
    order = recall.allocations().get(0).orderId();
    customer = recall.customers().get(0).customer();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
      assertThat(server.openIndexes()).isZero();
      assertThat(server.indexCloseFailures()).isZero();
    }
    if (direct != null) {
      direct.close(); // fails on leaked Arrow memory
    }
  }

  /** Stages a generated snapshot at {@code link} (with its index unless told otherwise) and publishes it. */
  private Path publish(Path link, String runId, long seed, boolean index) throws IOException {
    Staging staging = SnapshotPublisher.stage(link, runId);
    TestSnapshots.create(dir.resolve("input-" + runId), staging.dir(), 10_000, seed, runId);
    if (index) {
      TraceIndex.build(staging.dir(), IndexProgress.none());
    }
    return SnapshotPublisher.publish(staging);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpResponse<byte[]> get(TraceServer s, String pathQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(s.uri().resolve(pathQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(String pathQuery) throws Exception {
    return get(server, pathQuery);
  }

  private HttpResponse<byte[]> post(String pathQuery, String contentType, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(server.uri().resolve(pathQuery)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] write(TraceAnswer a, TraceFormat f) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AnswerWriter.write(a, f, out);
    return out.toByteArray();
  }

  /** The answer over HTTP equals the direct one: JSON as a tree, the other formats byte for byte. */
  private void assertSame(HttpResponse<byte[]> r, TraceQuery q, TraceFormat f) throws IOException {
    assertThat(r.statusCode()).as("%s %s: %s", r.uri(), f, new String(r.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(TraceHandler.contentType(f));
    byte[] expected = write(direct.trace(q), f);
    if (f == TraceFormat.JSON) {
      assertThat(JSON.readTree(r.body())).as(r.uri().toString()).isEqualTo(JSON.readTree(expected));
    } else {
      assertThat(r.body()).as("%s %s", r.uri(), f).isEqualTo(expected);
    }
  }

  @Test
  void everyRouteAndFormat_answersAsTheIndexDoes() throws Exception {
    for (TraceFormat f : TraceFormat.values()) {
      String fq = f == TraceFormat.JSON ? "" : "format=" + f.name().toLowerCase();
      String amp = fq.isEmpty() ? "" : "&" + fq;
      String q = fq.isEmpty() ? "" : "?" + fq;
      for (String lot : lots) {
        assertSame(get("/trace/lot/" + enc(lot) + q), new TraceQuery.ForwardLot(lot), f);
        assertSame(get("/trace/back/lot/" + enc(lot) + q), new TraceQuery.Backward(From.LOT, lot, null,
            TraceQuery.UNLIMITED), f);
      }
      assertSame(get("/trace/lot/" + lots.get(0) + "?sku=" + enc(sku) + "&depth=1" + amp),
          new TraceQuery.ForwardLot(lots.get(0), sku, 1), f);
      assertSame(get("/trace/lot/" + lots.get(0) + "?depth=0" + amp), new TraceQuery.ForwardLot(lots.get(0), null, 0), f);
      assertSame(get("/trace/serial/" + enc(serial) + q), new TraceQuery.ForwardSerial(serial, null), f);
      assertSame(get("/trace/back/serial/" + enc(serial) + q),
          new TraceQuery.Backward(From.SERIAL, serial, null, TraceQuery.UNLIMITED), f);
      assertSame(get("/trace/back/order/" + enc(order) + "?depth=2" + amp),
          new TraceQuery.Backward(From.ORDER, order, null, 2), f);
      assertSame(get("/trace/back/customer/" + enc(customer) + q),
          new TraceQuery.Backward(From.CUSTOMER, customer, null, TraceQuery.UNLIMITED), f);

      List<TraceQuery.LotRef> refs = List.of(new TraceQuery.LotRef(sku, lots.get(0)),
          new TraceQuery.LotRef(null, lots.get(1)), new TraceQuery.LotRef(null, "NO-SUCH-LOT"));
      String body = "{\"lots\": [{\"sku\": \"" + sku + "\", \"lot\": \"" + lots.get(0) + "\"}, {\"lot\": \""
          + lots.get(1) + "\"}, {\"lot\": \"NO-SUCH-LOT\", \"sku\": null}], \"depth\": 3}";
      assertSame(post("/recall" + q, "application/json", body), new TraceQuery.Recall(refs, 3), f);
      String lines = "# recall 42\n" + sku + "," + lots.get(0) + "\r\n" + lots.get(1) + "\n\nNO-SUCH-LOT\n";
      assertSame(post("/recall?depth=3" + amp, "text/plain", lines), new TraceQuery.Recall(refs, 3), f);
    }
  }

  @Test
  void unknownIds_areFoundFalseNotErrors() throws Exception {
    for (String path : List.of("/trace/lot/NO-SUCH-LOT", "/trace/serial/NO-SUCH-SERIAL", "/trace/back/order/NO-SO",
        "/trace/back/customer/NO-CUSTOMER", "/trace/lot/" + enc("a/b c%ü"))) {
      HttpResponse<byte[]> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      JsonNode a = JSON.readTree(r.body());
      assertThat(a.get("found").asBoolean()).as(path).isFalse();
      assertThat(a.get("run_id").asText()).isEqualTo("run-a");
      assertThat(a.get("allocations")).isEmpty();
    }
    // an encoded '/' and non-ASCII characters reach the query as the id
    JsonNode a = JSON.readTree(get("/trace/lot/" + enc("a/b c%ü")).body());
    assertThat(a.get("query").get("lot").asText()).isEqualTo("a/b c%ü");
  }

  private void assertError(HttpResponse<byte[]> r, int status, String messagePart) throws IOException {
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as("%s: %s", r.uri(), body).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).as(body).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/json"));
    JsonNode e = JSON.readTree(body);
    assertThat(e.get("error").asText()).as(body).contains(messagePart);
    assertThat(body).doesNotContain("\tat ", "at io.", "at org.", "Exception:");
  }

  @Test
  void malformedQueries_are400() throws Exception {
    assertError(get("/trace/lot/L000001?depth=-1"), 400, "depth must be >= 0");
    assertError(get("/trace/lot/L000001?depth=two"), 400, "depth must be a whole number");
    assertError(get("/trace/lot/L000001?dpeth=2"), 400, "unknown parameter 'dpeth'");
    assertError(get("/trace/lot/L000001?depth=1&depth=2"), 400, "more than once");
    assertError(get("/trace/lot/L000001?format=xml"), 400, "unknown format 'xml'");
    assertError(get("/trace/lot/%20L1"), 400, "malformed query: lot");
    assertError(get("/trace/serial/S1?depth=1"), 400, "unknown parameter 'depth'");
    assertError(get("/trace/back/pallet/P1"), 400, "lot, serial, order or customer");
    assertError(get("/trace/back/order/SO1?sku=S"), 400, "not to order");
    assertError(post("/recall", "application/json", "{\"lots\": [}"), 400, "not JSON");
    assertError(post("/recall", "application/json", "{\"lots\": []}"), 400, "at least one lot");
    assertError(post("/recall", "application/json", "[\"L1\"]"), 400, "JSON object");
    assertError(post("/recall", "application/json", "{\"lots\": [{\"lot\": 7}]}"), 400, "lots[0].lot must be a string");
    assertError(post("/recall", "application/json", "{\"lots\": [{\"lot\": \"L1\", \"qty\": 1}]}"), 400, "'qty'");
    assertError(post("/recall", "application/json", "{\"lots\": [{\"lot\": \"L1\"}], \"depth\": -2}"), 400, "depth");
    assertError(post("/recall", "application/json", "{\"lots\": [{\"lot\": \"L1\"}], \"depth\": 1.5}"), 400, "depth");
    assertError(post("/recall", "application/json", "{\"lots\": [{\"lot\": \" L1\"}]}"), 400, "lots[0]");
    assertError(post("/recall", "text/plain", ""), 400, "at least one lot");
    assertError(post("/recall", "text/plain", "L1\nS1, \n"), 400, "line 2");
  }

  /** Sends bytes no HTTP client would and returns the raw response. */
  private String raw(String request) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void unparseableRequests_are400_inJson() throws Exception {
    for (String request : List.of("GET /trace/lot/L%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /trace/lot/L%C3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "NONSENSE\r\n\r\n",
        "GET /health HTTP/1.1\r\nBad Header\r\n\r\n")) {
      String response = raw(request);
      assertThat(response).as(request).startsWith("HTTP/1.1 400");
      String body = response.substring(response.indexOf("\r\n\r\n") + 4);
      assertThat(JSON.readTree(body).get("error").asText()).as(response).isNotBlank();
      assertThat(response).doesNotContain("<html", "\tat ");
    }
  }

  @Test
  void unknownRoutes_are404_wrongMethods_are405() throws Exception {
    assertError(get("/"), 404, "no such route");
    assertError(get("/trace/lot"), 404, "no such route");
    assertError(get("/trace/lot/L1/extra"), 404, "no such route");
    assertError(get("/trace/forward/L1"), 404, "no such route");
    HttpResponse<byte[]> r = post("/trace/lot/L000001", "text/plain", "x");
    assertError(r, 405, "use GET");
    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
    r = get("/recall");
    assertError(r, 405, "use POST");
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    assertError(http.send(HttpRequest.newBuilder(server.uri().resolve("/health")).DELETE().build(),
        HttpResponse.BodyHandlers.ofByteArray()), 405, "use GET");
  }

  @Test
  void oversizedRequests_are413_414_431() throws Exception {
    String big = "L1\n".repeat(BODY_LIMIT); // Content-Length over the limit: refused before reading
    assertError(post("/recall", "text/plain", big), 413, "larger than the limit of " + BODY_LIMIT);
    // chunked, no Content-Length: refused while reading
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(server.uri().resolve("/recall"))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertError(r, 413, "larger than the limit");
    // the limit itself is fine
    String fits = "L000001\n".repeat(BODY_LIMIT / 8);
    assertThat(post("/recall", "text/plain", fits).statusCode()).isEqualTo(200);

    assertError(get("/trace/lot/" + "L".repeat(20_000)), 414, "URI Too Long");
    r = http.send(HttpRequest.newBuilder(server.uri().resolve("/trace/lot/L1")).header("X-Big", "x".repeat(20_000))
        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertError(r, 431, "Request Header Fields Too Large");
    // and the server still answers
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  /** A server with the default limits (1 MiB body, 8 KiB request line and headers) over the test snapshot. */
  private TraceServer defaultServer() throws Exception {
    return TraceServer.builder(snapshot).port(0).log(m -> {}).build().start();
  }

  @Test
  void bodyOverTheDefaultMiB_is413_withContentLengthOrChunked() throws Exception {
    try (TraceServer s = defaultServer()) {
      byte[] big = "L000001\n".repeat((2 << 20) / 8).getBytes(StandardCharsets.UTF_8); // 2 MiB
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(s.uri().resolve("/recall"))
          .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertError(r, 413, "larger than the limit of 1048576");
      r = http.send(HttpRequest.newBuilder(s.uri().resolve("/recall")).header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertError(r, 413, "larger than the limit of 1048576");
      // just under the limit is read and answered
      byte[] fits = "L000001\n".repeat((1 << 20) / 8).getBytes(StandardCharsets.UTF_8);
      r = http.send(HttpRequest.newBuilder(s.uri().resolve("/recall")).header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofByteArray(fits)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(get(s, "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void uriOf64KiB_is414_headersOf64KiB_are431() throws Exception {
    try (TraceServer s = defaultServer()) {
      assertError(get(s, "/trace/lot/" + "L".repeat(64 << 10)), 414, "URI Too Long");
      assertError(get(s, "/trace/lot/L1?sku=" + "S".repeat(64 << 10)), 414, "URI Too Long");
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(s.uri().resolve("/trace/lot/L1"))
          .header("X-Big", "x".repeat(64 << 10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertError(r, 431, "Request Header Fields Too Large");
      HttpRequest.Builder many = HttpRequest.newBuilder(s.uri().resolve("/trace/lot/L1"));
      for (int i = 0; i < 1000; i++) {
        many.header("X-H" + i, "v");
      }
      assertError(http.send(many.GET().build(), HttpResponse.BodyHandlers.ofByteArray()), 431, "Too Large");
      assertThat(get(s, "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void hostileJsonBodies_are400() throws Exception {
    assertError(post("/recall", "application/json", "[".repeat(3000)), 400, "not JSON");
    assertError(post("/recall", "application/json", "{\"lots\": " + "[".repeat(2000) + "]".repeat(2000) + "}"),
        400, "malformed query");
    assertError(post("/recall", "application/json", "{\"lots\": [{\"lot\": \"L1\"}], \"depth\": 1e999}"), 400,
        "depth");
    assertError(post("/recall", "application/json", "null"), 400, "JSON object");
    assertError(post("/recall", "application/json", ""), 400, "malformed");
    assertError(get("/trace/lot/L000001?depth=99999999999"), 400, "depth must be a whole number");
    assertError(get("/trace/lot/L000001?depth="), 400, "depth");
    assertError(get("/trace/lot/L000001?format="), 400, "unknown format");
    assertError(get("/trace/lot/L000001?format=JSON%00"), 400, "unknown format");
    assertError(get("/trace/lot/L%00001"), 400, "Bad Request"); // Jetty refuses a NUL in the path itself
    assertError(get("/trace/back/lot/"), 400, "malformed");
  }

  /** Regression: the body was parsed up to the first complete JSON value and the rest ignored. */
  @Test
  void recallJsonWithTrailingContent_is400_notIgnored() throws Exception {
    assertError(post("/recall", "application/json", "{\"lots\": [{\"lot\": \"L1\"}]} trailing"), 400, "not JSON");
    assertError(post("/recall", "application/json", "{\"lots\": [{\"lot\": \"L1\"}]}{\"lots\": []}"), 400,
        "not JSON");
    // whitespace after the value is fine
    assertThat(post("/recall", "application/json", "{\"lots\": [{\"lot\": \"L000001\"}]}\r\n").statusCode())
        .isEqualTo(200);
  }

  @Test
  void otherMethods_are405_withAllow() throws Exception {
    for (String method : List.of("PUT", "PATCH", "OPTIONS", "DELETE", "TRACE")) {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(server.uri().resolve("/trace/lot/L000001"))
          .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertError(r, 405, "use GET");
      assertThat(r.headers().firstValue("Allow")).hasValue("GET");
    }
    HttpResponse<Void> head = http.send(HttpRequest.newBuilder(server.uri().resolve("/recall"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(405);
    assertThat(head.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void health_namesTheRunAndVersion() throws Exception {
    HttpResponse<byte[]> r = get("/health");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode h = JSON.readTree(r.body());
    assertThat(h.get("status").asText()).isEqualTo("ok");
    assertThat(h.get("run_id").asText()).isEqualTo("run-a");
    assertThat(h.get("snapshot_version").asText()).isEqualTo("run-a");
    assertThat(h.get("uptime_seconds").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(h.get("problem").isNull()).isTrue();
  }

  @Test
  void bindsToLoopbackByDefault() throws Exception {
    assertThat(server.localAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
    try (TraceServer other = TraceServer.builder(snapshot).port(0).log(m -> {}).build().start()) {
      assertThat(other.localAddress().getAddress().isLoopbackAddress()).isTrue();
      assertThat(other.localAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(get(other, "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void builder_namesTheBadValue() {
    assertThatThrownBy(() -> TraceServer.builder(snapshot).port(70_000).build())
        .hasMessageContaining("port").hasMessageContaining("70000");
    assertThatThrownBy(() -> TraceServer.builder(snapshot).port(-1).build()).hasMessageContaining("-1");
    assertThatThrownBy(() -> TraceServer.builder(snapshot).bindAddress("no such host.invalid").build())
        .hasMessageContaining("'no such host.invalid'");
    assertThatThrownBy(() -> TraceServer.builder(snapshot).maxRequestBodyBytes(0).build())
        .hasMessageContaining("max request body bytes").hasMessageContaining("got 0");
    assertThatThrownBy(() -> TraceServer.builder(snapshot).workerThreads(0).build())
        .hasMessageContaining("worker threads").hasMessageContaining("got 0");
    assertThatThrownBy(() -> TraceServer.builder(snapshot).maxHeaderBytes(10).build())
        .hasMessageContaining("got 10");
    assertThatThrownBy(() -> TraceServer.builder(snapshot).pollInterval(Duration.ofMillis(1)).build())
        .hasMessageContaining("PT0.001S");
    assertThatThrownBy(() -> TraceServer.builder(null).build()).hasMessageContaining("snapshot is required");
  }

  @Test
  void noUsableIndex_is503_untilOneIsPublished() throws Exception {
    Path link = dir.resolve("later");
    List<String> log = new CopyOnWriteArrayList<>();
    try (TraceServer s = TraceServer.builder(link).port(0).pollInterval(Duration.ofMillis(20)).log(log::add)
        .build().start()) {
      assertError(get(s, "/trace/lot/L000001"), 503, "no snapshot at");
      assertError(get(s, "/health"), 503, "no usable trace index");

      Path version = publish(link, "run-noindex", 6, false);
      awaitProblem(s, "no trace index");
      assertError(get(s, "/trace/lot/L000001"), 503, "no trace index");

      TraceIndex.build(version, IndexProgress.none()); // in place: the index appears in the same version
      awaitRun(s, "run-noindex");
      assertThat(JSON.readTree(get(s, "/trace/lot/L000001").body()).get("run_id").asText()).isEqualTo("run-noindex");
      assertThat(log).anySatisfy(m -> assertThat(m).startsWith("WARNING: no usable trace index"));
    }
  }

  private static void awaitRun(TraceServer s, String runId) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!runId.equals(s.runId())) {
      assertThat(System.nanoTime()).as("switch to " + runId + "; problem: " + s.problem()).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static void awaitProblem(TraceServer s, String part) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (s.problem() == null || !s.problem().contains(part)) {
      assertThat(System.nanoTime()).as("problem " + part + ", got " + s.problem()).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** One request's outcome in the load test. */
  record Outcome(long startNanos, int status, String runId) {}

  @Test
  void publishUnderLoad_switchesAtomically_dropsNothing_closesTheOldIndex() throws Exception {
    Path link = dir.resolve("live");
    publish(link, "run-old", 11, true);
    List<String> log = new CopyOnWriteArrayList<>();
    try (TraceServer s = TraceServer.builder(link).port(0).pollInterval(Duration.ofMillis(20)).log(log::add)
        .build().start()) {
      LiveIndex.Version old;
      try (LiveIndex.Lease lease = s.live().acquire()) {
        old = lease.version();
      }
      // the next run, staged before the load: publishing it is the atomic link swap
      Staging next = SnapshotPublisher.stage(link, "run-new");
      TestSnapshots.create(dir.resolve("input-run-new"), next.dir(), 10_000, 12, "run-new");
      TraceIndex.build(next.dir(), IndexProgress.none());

      int threads = 16;
      long runNanos = 3_000_000_000L;
      List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      Map<Integer, String> lastSeen = new ConcurrentHashMap<>();
      AtomicInteger wentBack = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      long start = System.nanoTime();
      List<Thread> clients = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread c = new Thread(() -> {
          try {
            go.await();
            int i = 0;
            while (System.nanoTime() - start < runNanos) {
              String path = switch (i++ % 3) {
                case 0 -> "/trace/lot/L00000" + (1 + id % 5) + "?depth=1";
                case 1 -> "/trace/back/lot/L00000" + (1 + i % 5) + "?format=csv";
                default -> "/health";
              };
              long t0 = System.nanoTime();
              HttpResponse<byte[]> r = get(s, path);
              String run = runIdOf(path, r.body());
              outcomes.add(new Outcome(t0, r.statusCode(), run));
              String before = lastSeen.put(id, run);
              if ("run-new".equals(before) && "run-old".equals(run)) {
                wentBack.incrementAndGet();
              }
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        }, "load-" + t);
        clients.add(c);
        c.start();
      }
      go.countDown();
      Thread.sleep(1_000);
      SnapshotPublisher.publish(next);
      awaitRun(s, "run-new");
      long switched = System.nanoTime();
      for (Thread c : clients) {
        c.join(20_000);
      }

      System.out.printf("load: %d requests by %d clients in %.1f s, switched after %.1f s%n", outcomes.size(),
          threads, (System.nanoTime() - start) / 1e9, (switched - start) / 1e9);
      assertThat(failures).isEmpty();
      assertThat(outcomes).hasSizeGreaterThan(50);
      assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
      assertThat(outcomes).allSatisfy(o -> assertThat(o.runId()).isIn("run-old", "run-new"));
      assertThat(outcomes).anySatisfy(o -> assertThat(o.runId()).isEqualTo("run-old"));
      assertThat(outcomes).filteredOn(o -> o.startNanos() > switched).isNotEmpty()
          .allSatisfy(o -> assertThat(o.runId()).isEqualTo("run-new"));
      assertThat(wentBack).hasValue(0);

      // the old index was closed once its last request finished, and released all its memory
      assertThat(old.closed()).isTrue();
      assertThat(old.index.arrowBytes()).isZero();
      assertThat(s.openIndexes()).isEqualTo(1);
      assertThat(s.indexCloseFailures()).isZero();
      assertThat(log).anySatisfy(m -> assertThat(m).contains("serving run run-new").contains("replacing run run-old"));

      // a version without a usable index is not switched to: the server keeps the one it has
      publish(link, "run-broken", 13, false);
      awaitProblem(s, "no trace index");
      assertThat(s.runId()).isEqualTo("run-new");
      assertThat(JSON.readTree(get(s, "/trace/lot/L000001").body()).get("run_id").asText()).isEqualTo("run-new");
      assertThat(log).anySatisfy(m -> assertThat(m).startsWith("WARNING").contains("still serving run run-new"));
    }
  }

  private static String runIdOf(String path, byte[] body) throws IOException {
    if (path.contains("format=csv")) {
      String text = new String(body, StandardCharsets.UTF_8);
      String[] lines = text.split("\n");
      return lines.length < 2 ? null : lines[1].substring(0, lines[1].indexOf(','));
    }
    return JSON.readTree(body).get("run_id").asText();
  }

  @Test
  void twoHundredConcurrentClients_allAnswered() throws Exception {
    int clients = 200;
    CountDownLatch ready = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    AtomicLong ok = new AtomicLong();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      int id = i;
      // a client of its own each: 200 connections at once
      HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Thread t = new Thread(() -> {
        try {
          ready.countDown();
          go.await();
          for (int k = 0; k < 3; k++) {
            HttpResponse<byte[]> r = own.send(HttpRequest.newBuilder(server.uri().resolve(
                "/trace/lot/L00000" + (1 + (id + k) % 5))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
              ok.incrementAndGet();
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads.add(t);
      t.start();
    }
    ready.await();
    go.countDown();
    for (Thread t : threads) {
      t.join(30_000);
    }
    assertThat(failures).isEmpty();
    assertThat(ok).hasValue(clients * 3L);
  }
}
