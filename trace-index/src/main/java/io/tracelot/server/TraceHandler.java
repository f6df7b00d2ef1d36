package io.tracelot.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tracelot.trace.AnswerWriter;
import io.tracelot.trace.TraceAnswer;
import io.tracelot.trace.TraceFormat;
import io.tracelot.trace.TraceQuery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of {@code tracelot serve}. Every answer is built in memory from one index version
 * (a {@link LiveIndex.Lease} held for the query only: answers are plain Java objects), then sent
 * with its length. Errors are {@code {"error": "..."}} with a 4xx or 5xx status, never a stack
 * trace.
 */
final class TraceHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(TraceHandler.class);
  static final ObjectMapper JSON = new ObjectMapper();
  /** Request bodies: one JSON value and nothing after it ({@code {...} junk} is malformed, not ignored). */
  private static final ObjectReader BODY_JSON = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  static final String JSON_TYPE = "application/json";
  static final String CSV_TYPE = "text/csv; charset=utf-8";
  static final String TEXT_TYPE = "text/plain; charset=utf-8";
  static final String ARROW_TYPE = "application/vnd.apache.arrow.stream";

  private static final Set<String> LOT_PARAMS = Set.of("sku", "depth", "format");
  private static final Set<String> SERIAL_PARAMS = Set.of("sku", "format");
  private static final Set<String> RECALL_PARAMS = Set.of("depth", "format");
  private static final Set<String> HEALTH_PARAMS = Set.of();

  /** A failure with the status it answers: always a client-readable message. */
  static final class HttpError extends RuntimeException {
    final int status;
    final String allow;

    HttpError(int status, String message) {
      this(status, message, null);
    }

    HttpError(int status, String message, String allow) {
      super(message, null, false, false);
      this.status = status;
      this.allow = allow;
    }
  }

  /** What one request answers. */
  record Reply(int status, String contentType, byte[] body, String allow) {
    static Reply json(int status, Object value) {
      try {
        return new Reply(status, JSON_TYPE, JSON.writeValueAsBytes(value), null);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    static Reply error(int status, String message) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("error", message);
      return json(status, m);
    }
  }

  private final LiveIndex live;
  private final long maxBodyBytes;
  private final Instant started = Instant.now();

  TraceHandler(LiveIndex live, long maxBodyBytes) {
    this.live = live;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Reply reply;
    try {
      reply = route(request);
    } catch (HttpError e) {
      reply = Reply.error(e.status, e.getMessage());
      if (e.allow != null) {
        reply = new Reply(reply.status(), reply.contentType(), reply.body(), e.allow);
      }
    } catch (IllegalArgumentException e) {
      reply = Reply.error(400, e.getMessage());
    } catch (RuntimeException | IOException e) {
      LOG.error("{} {} failed", request.getMethod(), request.getHttpURI().getPathQuery(), e);
      reply = Reply.error(500, "internal error: " + e.getClass().getSimpleName() + " (see the server's log)");
    }
    response.setStatus(reply.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (reply.allow() != null) {
      response.getHeaders().put(HttpHeader.ALLOW, reply.allow());
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
    return true;
  }

  private Reply route(Request request) throws IOException {
    List<String> path = segments(request.getHttpURI().getPath());
    String method = request.getMethod();
    if (path.equals(List.of("health"))) {
      requireMethod(method, "GET");
      params(request, HEALTH_PARAMS);
      return health();
    }
    if (path.size() == 3 && path.get(0).equals("trace") && path.get(1).equals("lot")) {
      requireMethod(method, "GET");
      Fields p = params(request, LOT_PARAMS);
      return answer(new TraceQuery.ForwardLot(path.get(2), p.getValue("sku"), depth(p.getValue("depth"))), p);
    }
    if (path.size() == 3 && path.get(0).equals("trace") && path.get(1).equals("serial")) {
      requireMethod(method, "GET");
      Fields p = params(request, SERIAL_PARAMS);
      return answer(new TraceQuery.ForwardSerial(path.get(2), p.getValue("sku")), p);
    }
    if (path.size() == 4 && path.get(0).equals("trace") && path.get(1).equals("back")) {
      requireMethod(method, "GET");
      Fields p = params(request, LOT_PARAMS);
      return answer(new TraceQuery.Backward(TraceQuery.From.parse(path.get(2)), path.get(3), p.getValue("sku"),
          depth(p.getValue("depth"))), p);
    }
    if (path.equals(List.of("recall"))) {
      requireMethod(method, "POST");
      Fields p = params(request, RECALL_PARAMS);
      return answer(recall(request, depth(p.getValue("depth"))), p);
    }
    throw new HttpError(404, "no such route: " + method + " " + abbreviate(request.getHttpURI().getPath())
        + " (GET /trace/lot/{lot}, /trace/serial/{serial}, /trace/back/{lot|serial|order|customer}/{id}, /health;"
        + " POST /recall)");
  }

  private Reply answer(TraceQuery query, Fields params) throws IOException {
    TraceFormat format = format(params.getValue("format"));
    TraceAnswer answer;
    try (LiveIndex.Lease lease = live.acquire()) {
      if (lease == null) {
        throw new HttpError(503, "no usable trace index: " + live.problem());
      }
      answer = lease.index().trace(query);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    AnswerWriter.write(answer, format, out);
    return new Reply(200, contentType(format), out.toByteArray(), null);
  }

  static String contentType(TraceFormat format) {
    return switch (format) {
      case JSON -> JSON_TYPE;
      case CSV, FSMA204 -> CSV_TYPE;
      case ARROW -> ARROW_TYPE;
      case TABLE -> TEXT_TYPE;
    };
  }

  private Reply health() {
    Map<String, Object> m = new LinkedHashMap<>();
    try (LiveIndex.Lease lease = live.acquire()) {
      m.put("status", lease == null ? "unavailable" : "ok");
      if (lease == null) {
        m.put("error", "no usable trace index: " + live.problem());
      }
      m.put("snapshot", live.snapshot().toString());
      m.put("run_id", lease == null ? null : lease.index().runId());
      m.put("snapshot_version", lease == null ? null : lease.version().versionName());
      m.put("index_opened", lease == null ? null : lease.version().opened.toString());
      m.put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds());
      m.put("switches", live.switches());
      m.put("problem", live.problem());
      return Reply.json(lease == null ? 503 : 200, m);
    }
  }

  /** The body of POST /recall: JSON {"lots": [{"sku", "lot"}], "depth"} or lines SKU,LOT / LOT. */
  private TraceQuery recall(Request request, int queryDepth) throws IOException {
    String text = body(request);
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    boolean json = type != null ? type.toLowerCase(Locale.ROOT).contains("json") : text.stripLeading().startsWith("{");
    if (!json) {
      return new TraceQuery.Recall(lines(text), queryDepth);
    }
    JsonNode root;
    try {
      root = BODY_JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "malformed query: the body is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new HttpError(400, "malformed query: the body must be a JSON object {\"lots\": [...], \"depth\": N}");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("lots") && !name.equals("depth")) {
        throw new HttpError(400, "malformed query: unknown field '" + abbreviate(name) + "' (use lots and depth)");
      }
    }
    JsonNode lots = root.get("lots");
    if (lots == null || !lots.isArray()) {
      throw new HttpError(400, "malformed query: \"lots\" must be an array of {\"sku\", \"lot\"}");
    }
    List<TraceQuery.LotRef> refs = new ArrayList<>();
    int i = 0;
    for (JsonNode l : lots) {
      if (!l.isObject()) {
        throw new HttpError(400, "malformed query: lots[" + i + "] must be an object {\"sku\", \"lot\"}");
      }
      for (Iterator<String> names = l.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equals("lot") && !name.equals("sku")) {
          throw new HttpError(400, "malformed query: lots[" + i + "]: unknown field '" + abbreviate(name) + "'");
        }
      }
      try {
        refs.add(new TraceQuery.LotRef(string(l, "sku", i), string(l, "lot", i)));
      } catch (IllegalArgumentException e) {
        throw new HttpError(400, e.getMessage().replace("malformed query: ", "malformed query: lots[" + i + "]: "));
      }
      i++;
    }
    int depth = queryDepth;
    JsonNode d = root.get("depth");
    if (d != null && !d.isNull()) {
      if (!d.canConvertToInt() || !d.isIntegralNumber()) {
        throw new HttpError(400, "malformed query: depth must be a whole number >= 0, got " + abbreviate(d.toString()));
      }
      depth = d.intValue();
    }
    return new TraceQuery.Recall(refs, depth);
  }

  private static String string(JsonNode object, String field, int i) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new HttpError(400, "malformed query: lots[" + i + "]." + field + " must be a string, got "
          + abbreviate(v.toString()));
    }
    return v.textValue();
  }

  private static List<TraceQuery.LotRef> lines(String text) {
    try {
      return TraceQuery.LotRef.parseLines(List.of(text.split("\r?\n", -1)));
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage());
    }
  }

  /** Reads the body as UTF-8, at most maxBodyBytes (413 beyond: by Content-Length before reading). */
  private String body(Request request) throws IOException {
    long declared = request.getLength();
    byte[] bytes;
    try (InputStream in = Request.asInputStream(request)) {
      if (declared > maxBodyBytes) {
        drain(in);
        throw new HttpError(413, "request body of " + declared + " bytes is larger than the limit of " + maxBodyBytes);
      }
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (bytes.length > maxBodyBytes) {
        drain(in);
        throw new HttpError(413, "request body is larger than the limit of " + maxBodyBytes + " bytes");
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new HttpError(400, "malformed query: the body is not UTF-8");
    }
  }

  /**
   * Reads on (up to 16 times the limit) a body that is refused: a server that answers 413 and
   * closes while the client is still sending makes the client's TCP stack reset the connection,
   * and the client then sees no answer at all instead of the 413 (seen now and then in a test).
   */
  private void drain(InputStream in) throws IOException {
    long cap = 16L * maxBodyBytes;
    byte[] sink = new byte[16_384];
    long drained = 0;
    for (int n; drained < cap && (n = in.read(sink)) > 0; ) {
      drained += n;
    }
  }

  private static void requireMethod(String method, String allowed) {
    if (!allowed.equals(method)) {
      throw new HttpError(405, "method " + abbreviate(method) + " not allowed here; use " + allowed, allowed);
    }
  }

  /** The query parameters: only the known ones, each at most once. */
  private static Fields params(Request request, Set<String> known) {
    Fields fields;
    try {
      fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      throw new HttpError(400, "malformed query: the query string is not valid URL encoding");
    }
    for (Fields.Field f : fields) {
      if (!known.contains(f.getName())) {
        throw new HttpError(400, "malformed query: unknown parameter '" + abbreviate(f.getName()) + "'"
            + (known.isEmpty() ? " (none taken here)" : " (use " + String.join(", ", known.stream().sorted().toList()) + ")"));
      }
      if (f.getValues().size() > 1) {
        throw new HttpError(400, "malformed query: parameter '" + f.getName() + "' given more than once");
      }
    }
    return fields;
  }

  private static int depth(String text) {
    if (text == null || text.equals("all")) {
      return TraceQuery.UNLIMITED;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new HttpError(400, "malformed query: depth must be a whole number >= 0 or 'all', got '"
          + abbreviate(text) + "'");
    }
  }

  private static TraceFormat format(String text) {
    if (text == null) {
      return TraceFormat.JSON;
    }
    try {
      return TraceFormat.parse(text);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "unknown format '" + abbreviate(text) + "': use json, csv, fsma204, arrow or table");
    }
  }

  /** The raw path's segments, each percent-decoded as UTF-8 (so an id may hold an encoded '/'). */
  static List<String> segments(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      throw new HttpError(400, "malformed request: bad path");
    }
    List<String> out = new ArrayList<>();
    for (String s : rawPath.substring(1).split("/", -1)) {
      out.add(decode(s));
    }
    return out;
  }

  private static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream(segment.length());
    int i = 0;
    while (i < segment.length()) {
      int c = segment.codePointAt(i);
      if (c == '%') {
        int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
        int lo = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new HttpError(400, "malformed request: bad percent encoding in the path");
        }
        b.write(hi * 16 + lo);
        i += 3;
      } else {
        byte[] bytes = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
        b.write(bytes, 0, bytes.length);
        i += Character.charCount(c);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new HttpError(400, "malformed request: the path is not UTF-8");
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
