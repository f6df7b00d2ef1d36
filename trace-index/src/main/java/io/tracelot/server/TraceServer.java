package io.tracelot.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tracelot serve}: the trace queries of a snapshot over HTTP (Jetty 12, core handler
 * API), answering from the snapshot's current version and switching atomically when a new one is
 * published at the snapshot path.
 *
 * <pre>
 * try (TraceServer server = TraceServer.builder(snapshot).port(8321).build().start()) {
 *   System.out.println(server.uri());
 *   server.join();
 * }
 * </pre>
 *
 * <p>Routes: {@code GET /trace/lot/{lot}?sku=&depth=}, {@code GET /trace/serial/{serial}?sku=},
 * {@code GET /trace/back/{lot|serial|order|customer}/{id}?sku=&depth=}, {@code POST /recall}
 * ({@code {"lots": [{"sku", "lot"}], "depth"}} or lines {@code SKU,LOT} / {@code LOT}),
 * {@code GET /health}; {@code ?format=json|csv|fsma204|arrow|table}.
 */
public final class TraceServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TraceServer.class);

  /** Settings; {@link #build} validates each, naming the bad value. */
  public static final class Builder {
    private final Path snapshot;
    private int port = DEFAULT_PORT;
    private String bind = "127.0.0.1";
    private long maxRequestBodyBytes = 1 << 20;
    private int maxHeaderBytes = 8 << 10;
    private int workerThreads = Math.max(8, 2 * Runtime.getRuntime().availableProcessors());
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration stopTimeout = Duration.ofSeconds(5);
    private Consumer<String> log = LOG::info;

    private Builder(Path snapshot) {
      this.snapshot = snapshot;
    }

    /** TCP port, 0 for any free one (see {@link TraceServer#port()}); default {@value #DEFAULT_PORT}. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The address to listen on: default 127.0.0.1 (this machine only); 0.0.0.0 for every interface. */
    public Builder bindAddress(String address) {
      this.bind = address;
      return this;
    }

    /** The largest request body taken (POST /recall); larger ones get 413. Default 1 MiB. */
    public Builder maxRequestBodyBytes(long bytes) {
      this.maxRequestBodyBytes = bytes;
      return this;
    }

    /** The largest request line plus headers; a longer URI gets 414, longer headers 431. Default 8 KiB. */
    public Builder maxHeaderBytes(int bytes) {
      this.maxHeaderBytes = bytes;
      return this;
    }

    /** Threads answering requests (more clients than threads wait in a queue). Default max(8, 2 × cores). */
    public Builder workerThreads(int threads) {
      this.workerThreads = threads;
      return this;
    }

    /** How often the snapshot link is checked for a new version. Default 500 ms. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    /** How long {@link #close} waits for requests in flight. Default 5 s. */
    public Builder stopTimeout(Duration timeout) {
      this.stopTimeout = timeout;
      return this;
    }

    /** Where switches and problems with new versions are reported (default: the SLF4J logger, info). */
    public Builder log(Consumer<String> log) {
      this.log = log;
      return this;
    }

    /** Validates the settings; the server does not listen before {@link TraceServer#start}. */
    public TraceServer build() {
      if (snapshot == null) {
        throw new IllegalArgumentException("snapshot is required");
      }
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0 (any free port) to 65535, got " + port);
      }
      if (bind == null || bind.isBlank()) {
        throw new IllegalArgumentException("bind address must be an IP address or host name, got '" + bind + "'");
      }
      InetAddress address;
      try {
        address = InetAddress.getByName(bind);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("bind address must be an IP address or host name, got '" + bind + "'");
      }
      if (maxRequestBodyBytes < 1 || maxRequestBodyBytes > MAX_BODY_LIMIT) {
        throw new IllegalArgumentException("max request body bytes must be 1 to " + MAX_BODY_LIMIT + ", got "
            + maxRequestBodyBytes);
      }
      if (maxHeaderBytes < 1024 || maxHeaderBytes > 1 << 20) {
        throw new IllegalArgumentException("max header bytes must be 1024 to 1048576, got " + maxHeaderBytes);
      }
      if (workerThreads < 1 || workerThreads > 1024) {
        throw new IllegalArgumentException("worker threads must be 1 to 1024, got " + workerThreads);
      }
      if (pollInterval == null || pollInterval.toMillis() < 10 || pollInterval.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("poll interval must be 10 ms to 1 h, got " + pollInterval);
      }
      if (stopTimeout == null || stopTimeout.isNegative() || stopTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("stop timeout must be 0 to 10 min, got " + stopTimeout);
      }
      return new TraceServer(this, address);
    }
  }

  public static final int DEFAULT_PORT = 8321;
  /** Bodies are read into memory: at most 256 MiB. */
  public static final long MAX_BODY_LIMIT = 256L << 20;

  private final Builder settings;
  private final InetAddress address;
  private final LiveIndex live;
  private final Server server;
  private final ServerConnector connector;
  private final ScheduledExecutorService watcher;
  private boolean started;
  private boolean closed;

  private TraceServer(Builder b, InetAddress address) {
    this.settings = b;
    this.address = address;
    this.live = new LiveIndex(b.snapshot, b.log);

    // the acceptor and the selector take a thread each from the pool, besides the workers
    QueuedThreadPool pool = new QueuedThreadPool(b.workerThreads + 2, Math.min(b.workerThreads + 2, 4));
    pool.setName("tracelot-http");
    pool.setReservedThreads(0);
    server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(b.maxHeaderBytes);
    // ids may hold any character: '/' arrives as %2F and is decoded per segment (TraceHandler),
    // the path is never used to open a file
    http.setUriCompliance(UriCompliance.DEFAULT.with("tracelot", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
        UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING, UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
        UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(address.getHostAddress());
    connector.setPort(b.port);
    connector.setAcceptQueueSize(1024);
    connector.setIdleTimeout(30_000);
    server.addConnector(connector);
    server.setHandler(new GracefulHandler(new TraceHandler(live, b.maxRequestBodyBytes)));
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(b.stopTimeout.toMillis());
    server.setStopAtShutdown(false);
    watcher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tracelot-snapshot-watcher");
      t.setDaemon(true);
      return t;
    });
  }

  /** Settings for serving {@code snapshot} (a published snapshot link, or a plain snapshot directory). */
  public static Builder builder(Path snapshot) {
    return new Builder(snapshot);
  }

  /**
   * Opens the snapshot's index (when there is a usable one: otherwise the trace routes answer 503
   * until one is published), starts watching the snapshot path and listens.
   *
   * @throws java.io.IOException when the port cannot be bound
   */
  public synchronized TraceServer start() throws Exception {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    live.poll();
    try {
      server.start();
    } catch (Exception e) {
      close();
      throw e;
    }
    long ms = settings.pollInterval.toMillis();
    watcher.scheduleWithFixedDelay(this::pollQuietly, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  private void pollQuietly() {
    try {
      live.poll();
    } catch (Throwable t) {
      LOG.warn("snapshot watcher failed", t);
    }
  }

  /** The port listened on (the chosen one when built with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The address listened on (127.0.0.1 unless told otherwise). */
  public InetSocketAddress localAddress() throws java.io.IOException {
    return (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
  }

  /** {@code http://<bind address>:<port>/}. */
  public URI uri() {
    String host = address.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port() + "/");
  }

  /** The run id being served, or null when there is no usable index. */
  public String runId() {
    try (LiveIndex.Lease lease = live.acquire()) {
      return lease == null ? null : lease.index().runId();
    }
  }

  /** Why there is no usable index, or why the last new version was not switched to; null when all is well. */
  public String problem() {
    return live.problem();
  }

  /** Checks the snapshot path now (the watcher does it every poll interval); true when it switched. */
  public boolean pollNow() {
    return live.poll();
  }

  /** Indexes open: 1 normally; more for a moment after a switch, while requests finish on the old one. */
  public int openIndexes() {
    return live.openVersions();
  }

  /** Retired indexes whose close found leaked Arrow memory: 0 in a healthy server. */
  public int indexCloseFailures() {
    return live.closeFailures();
  }

  /** The switching index (tests). */
  LiveIndex live() {
    return live;
  }

  /** Waits until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /**
   * Stops listening, lets requests in flight finish (up to the stop timeout), stops the watcher
   * and closes the index. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    watcher.shutdownNow();
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the HTTP server: {}", e.toString());
    }
    try {
      watcher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    live.close();
  }

  @Override
  public String toString() {
    return "TraceServer[" + settings.snapshot + " on " + (started ? uri() : "(not started)") + "]";
  }
}
