package io.tracelot.jobs.cli;

import io.tracelot.server.LoadReport;
import io.tracelot.server.LoadTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tracelot loadtest SNAPSHOT}: many concurrent clients against {@code tracelot serve}, with snapshot switches. */
@Command(name = "loadtest", description = "Load-tests the HTTP server: a single client's latency, then many concurrent "
    + "clients with think time and a realistic request mix while new versions of the snapshot are published; fails "
    + "on any error, on a switch never answered from, or when p99 under load exceeds --max-p99-ratio x the single "
    + "client's. Exit 0 when it passes, 1 when it fails, 2 when it cannot run.")
final class LoadTestCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SNAPSHOT", description = "the published snapshot the server serves (new versions are "
      + "published there during the load)")
  Path snapshot;

  @Option(names = "--url", description = "a running server (tracelot serve), e.g. http://127.0.0.1:8321/; "
      + "default: start one in this JVM")
  URI url;

  @Option(names = "--clients", defaultValue = "200", description = "concurrent clients (default ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--duration", defaultValue = "60s", description = "length of the load phase (default ${DEFAULT-VALUE})")
  String duration;

  @Option(names = "--think", defaultValue = "1s-3s",
      description = "each client's pause after an answer, uniform in MIN-MAX (default ${DEFAULT-VALUE})")
  String think;

  @Option(names = "--warmup", defaultValue = "5s", description = "warm-up, not judged (default ${DEFAULT-VALUE})")
  String warmup;

  @Option(names = "--baseline", defaultValue = "20s", description = "single-client phase (default ${DEFAULT-VALUE})")
  String baseline;

  @Option(names = "--closed-loop", defaultValue = "5s",
      description = "every client without pause, for the most req/s; 0 skips it (default ${DEFAULT-VALUE})")
  String closedLoop;

  @Option(names = "--switches", defaultValue = "2",
      description = "new snapshot versions published during the load (default ${DEFAULT-VALUE})")
  int switches;

  @Option(names = "--max-p99-ratio", defaultValue = "2",
      description = "fail when p99 under load > this x the single client's; 0 does not check (default ${DEFAULT-VALUE})")
  double maxP99Ratio;

  @Option(names = "--seed", defaultValue = "1", description = "seeds the ids and requests (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--report", description = "also write the report as JSON to this file")
  Path report;

  @Option(names = "--requests", description = "also write every request (phase, client, start, kind, latency) "
      + "as CSV to this file")
  Path requests;

  @Override
  public Integer call() throws Exception {
    LoadTest.Builder b = LoadTest.builder(snapshot).clients(clients).duration(LoadTest.parseDuration(duration))
        .think(LoadTest.parseThink(think)).warmup(LoadTest.parseDuration(warmup))
        .baseline(LoadTest.parseDuration(baseline)).closedLoop(LoadTest.parseDuration(closedLoop)).switches(switches)
        .maxP99Ratio(maxP99Ratio).seed(seed).log(System.err::println);
    if (url != null) {
      b.url(url);
    }
    if (requests != null) {
      Files.deleteIfExists(requests);
      b.requestLog(requests);
    }
    LoadReport r = b.build().run();
    System.out.print(r.text());
    System.out.flush();
    if (report != null) {
      Files.writeString(report, r.json());
    }
    return r.ok() ? 0 : 1;
  }
}
