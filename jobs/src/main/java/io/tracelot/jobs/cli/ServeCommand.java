package io.tracelot.jobs.cli;

import io.tracelot.server.TraceServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tracelot serve SNAPSHOT}: the trace queries over HTTP, following new versions of the snapshot. */
@Command(name = "serve", description = "Answers trace and recall queries over HTTP (JSON, CSV, FSMA 204, Arrow) from a "
    + "snapshot's index, switching atomically to each new version published at the snapshot path.")
final class ServeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SNAPSHOT", description = "snapshot path (a published snapshot link, or a snapshot directory)")
  Path snapshot;

  @Option(names = "--port", defaultValue = "" + TraceServer.DEFAULT_PORT,
      description = "TCP port, 0 for any free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "address to listen on (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 for every interface)")
  String bind;

  @Option(names = "--threads", description = "worker threads (default max(8, 2 x cores))")
  Integer threads;

  @Option(names = "--max-body", defaultValue = "1048576", description = "largest POST body in bytes (default ${DEFAULT-VALUE})")
  long maxBody;

  @Option(names = "--poll-ms", defaultValue = "500", description = "how often to check the snapshot for a new version (default ${DEFAULT-VALUE})")
  long pollMs;

  @Override
  public Integer call() throws Exception {
    TraceServer.Builder b = TraceServer.builder(snapshot).port(port).bindAddress(bind).maxRequestBodyBytes(maxBody)
        .pollInterval(Duration.ofMillis(pollMs)).log(m -> System.err.println("tracelot serve: " + m));
    if (threads != null) {
      b.workerThreads(threads);
    }
    TraceServer server = b.build();
    try {
      server.start();
    } catch (java.io.IOException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException("cannot listen on " + bind + ":" + port + ": " + cause.getMessage()
          + " (choose another --port or --bind)");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("tracelot serve: stopping");
      server.close();
      stopped.countDown();
    }, "tracelot-serve-shutdown"));
    if (server.runId() == null) {
      System.err.println("tracelot serve: WARNING: " + server.problem() + "; answering 503 until a snapshot with an "
          + "index is published there");
    }
    System.out.println("serving " + snapshot + (server.runId() == null ? "" : " (run " + server.runId() + ")") + " on "
        + server.uri() + "  (Ctrl-C stops)");
    System.out.flush();
    server.join();
    stopped.await();
    return 0;
  }
}
