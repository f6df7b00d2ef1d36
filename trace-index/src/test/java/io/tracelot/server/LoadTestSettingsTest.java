package io.tracelot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.server.LoadMix.BadAnswer;
import io.tracelot.server.LoadMix.Expect;
import io.tracelot.server.LoadMix.Request;
import io.tracelot.server.LoadReport.Latency;
import io.tracelot.server.LoadReport.Phase;
import io.tracelot.server.LoadReport.Switch;
import io.tracelot.server.LoadReport.Think;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The load test's parts that need no server: durations, percentiles, answer checks, the verdict. */
class LoadTestSettingsTest {
  @Test
  void durations_takeUnitsOrIso() {
    assertThat(LoadTest.parseDuration("60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(LoadTest.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(LoadTest.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(LoadTest.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(LoadTest.parseDuration("0")).isEqualTo(Duration.ZERO);
    assertThat(LoadTest.parseDuration("PT1M")).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> LoadTest.parseDuration("60")).hasMessageContaining("'60'");
    assertThatThrownBy(() -> LoadTest.parseDuration("soon")).hasMessageContaining("'soon'");
  }

  @Test
  void thinkTimes_areRangesOrFixed() {
    assertThat(LoadTest.parseThink("100ms-200ms")).isEqualTo(new Think(Duration.ofMillis(100), Duration.ofMillis(200)));
    assertThat(LoadTest.parseThink("100-200ms")).isEqualTo(new Think(Duration.ofMillis(100), Duration.ofMillis(200)));
    assertThat(LoadTest.parseThink("1s-2s").toString()).isEqualTo("1000-2000 ms");
    assertThat(LoadTest.parseThink("150ms")).isEqualTo(new Think(Duration.ofMillis(150), Duration.ofMillis(150)));
    assertThat(LoadTest.parseThink("0")).isEqualTo(Think.NONE);
    assertThatThrownBy(() -> LoadTest.parseThink("200ms-100ms")).hasMessageContaining("min <= max");
  }

  @Test
  void builder_namesTheBadValue() {
    Path none = Path.of("no-such-snapshot");
    assertThatThrownBy(() -> LoadTest.builder(none).clients(0).build()).hasMessageContaining("got 0");
    assertThatThrownBy(() -> LoadTest.builder(none).switches(0).duration(Duration.ZERO).build())
        .hasMessageContaining("duration").hasMessageContaining("got 0 s");
    assertThatThrownBy(() -> LoadTest.builder(none).switches(0).maxP99Ratio(0.5).build())
        .hasMessageContaining("got 0.5");
    assertThatThrownBy(() -> LoadTest.builder(none).switches(0).url(java.net.URI.create("ftp://x/")).build())
        .hasMessageContaining("'ftp://x/'");
    assertThatThrownBy(() -> LoadTest.builder(none).build()).hasMessageContaining("published snapshot")
        .hasMessageContaining("no-such-snapshot");
  }

  @Test
  void percentiles_areNearestRank_overEveryValue() {
    long[] ms = new long[100];
    for (int i = 0; i < 100; i++) {
      ms[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted
    }
    Latency l = Latency.of(ms);
    assertThat(l.p50()).isEqualTo(50.0);
    assertThat(l.p95()).isEqualTo(95.0);
    assertThat(l.p99()).isEqualTo(99.0);
    assertThat(l.max()).isEqualTo(100.0);
    assertThat(l.mean()).isEqualTo(50.5);
    assertThat(Latency.of(new long[] {7_000_000L}).p99()).isEqualTo(7.0);
    assertThat(Latency.of(new long[0]).p99()).isZero();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void answers_areCheckedForStatusTypeBodyAndRun() throws Exception {
    Request found = new Request("lot", "GET", "/trace/lot/L1", null, null, Expect.FOUND);
    String ok = "{\"run_id\": \"r1\", \"found\": true, \"lots\": [], \"allocations\": []}";
    assertThat(LoadMix.check(found, 200, "application/json", utf8(ok))).isEqualTo("r1");
    assertThatThrownBy(() -> LoadMix.check(found, 500, "application/json", utf8("{\"error\": \"x\"}")))
        .isInstanceOfSatisfying(BadAnswer.class, e -> assertThat(e.kind).isEqualTo("5xx"));
    assertThatThrownBy(() -> LoadMix.check(found, 200, "text/html", utf8(ok))).hasMessageContaining("text/html");
    assertThatThrownBy(() -> LoadMix.check(found, 200, "application/json", utf8("{\"run_id\": \"r1\", \"fou")))
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> LoadMix.check(found, 200, "application/json", utf8(ok + "{}")))
        .hasMessageContaining("not one JSON object");
    assertThatThrownBy(() -> LoadMix.check(found, 200, "application/json", utf8("[" + ok + "]")))
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> LoadMix.check(found, 200, "application/json",
        utf8(ok.replace("[]}", "[{\"a\": [1, }]}")))).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> LoadMix.check(found, 200, "application/json",
        utf8("{\"found\": true, \"lots\": [], \"allocations\": []}"))).hasMessageContaining("no run_id");
    assertThatThrownBy(() -> LoadMix.check(found, 200, "application/json",
        utf8(ok.replace("true", "false")))).hasMessageContaining("found false");

    Request unknown = new Request("unknown id", "GET", "/trace/lot/X", null, null, Expect.NOT_FOUND);
    assertThat(LoadMix.check(unknown, 200, "application/json", utf8(ok.replace("true", "false")))).isEqualTo("r1");

    Request bad = new Request("malformed", "GET", "/trace/lot/L1?depth=-1", null, null, Expect.BAD_REQUEST);
    assertThat(LoadMix.check(bad, 400, "application/json", utf8("{\"error\": \"depth\"}"))).isNull();
    assertThatThrownBy(() -> LoadMix.check(bad, 400, "application/json", utf8("{}")))
        .hasMessageContaining("without an \"error\"");
    assertThatThrownBy(() -> LoadMix.check(bad, 200, "application/json", utf8(ok))).hasMessageContaining("200");

    Request fsma = new Request("recall", "POST", "/recall?format=fsma204", "application/json", "{}", Expect.FSMA_ROWS);
    String head = "traceability_lot_code,product_description,run_id\r\n";
    assertThat(LoadMix.check(fsma, 200, "text/csv; charset=utf-8", utf8(head + "L1,x,r2\r\nL2,y,r2\r\n")))
        .isEqualTo("r2");
    assertThatThrownBy(() -> LoadMix.check(fsma, 200, "text/csv", utf8(head + "L1,x,r2\r\nL2,y,r1\r\n")))
        .isInstanceOfSatisfying(BadAnswer.class, e -> assertThat(e.kind).isEqualTo("mixed runs"));
    assertThatThrownBy(() -> LoadMix.check(fsma, 200, "text/csv", utf8(head))).hasMessageContaining("1 lines");
  }

  @Test
  void theMix_drawsEveryKind_withIdsFromTheSample() {
    LoadMix mix = new LoadMix(List.of(new LoadMix.Lot("S1", "L/1")), List.of("SER1"), List.of("SO1"), List.of("C1"));
    Random r = new Random(3);
    java.util.Set<String> kinds = new java.util.TreeSet<>();
    for (int i = 0; i < 2000; i++) {
      Request q = mix.next(r);
      kinds.add(q.kind());
      assertThat(q.pathQuery()).startsWith("/").doesNotContain("L/1").doesNotContain(" ");
    }
    assertThat(kinds).containsExactlyInAnyOrder("lot", "serial", "back lot", "back serial", "back order",
        "back customer", "recall", "health", "unknown id", "malformed", "no route");
    assertThatThrownBy(() -> new LoadMix(List.of(), List.of("S"), List.of("O"), List.of("C")))
        .hasMessageContaining("0 lots");
  }

  private static Phase phase(String name, double p99, long errors) {
    return new Phase(name, 1, "none", 1, 100, 100, new Latency(1, 1, p99, p99, 1), Map.of(), List.of(), errors,
        errors == 0 ? Map.of() : Map.of("5xx", errors), List.of(), Map.of());
  }

  @Test
  void verdict_failsOnErrors_missedSwitches_andP99OverTheLimit() {
    List<Switch> seen = List.of(new Switch("r2", 20, 0.1, 20.3));
    assertThat(LoadTest.failures(List.of(phase("single client", 10, 0), phase("load", 20, 0)), seen, 1, "r2", "r2", 2))
        .isEmpty();
    assertThat(LoadTest.failures(List.of(phase("single client", 10, 0), phase("load", 21, 0)), seen, 1, "r2", "r2", 2))
        .singleElement().asString().contains("2.10 x the single client's 10.00 ms");
    assertThat(LoadTest.failures(List.of(phase("single client", 10, 0), phase("load", 21, 0)), seen, 1, "r2", "r2", 0))
        .isEmpty();
    assertThat(LoadTest.failures(List.of(phase("single client", 10, 0), phase("load", 10, 3)), seen, 1, "r2", "r2", 2))
        .singleElement().asString().contains("3 failed requests in phase load");
    assertThat(LoadTest.failures(List.of(phase("single client", 10, 0), phase("load", 10, 0)),
        List.of(new Switch("r2", 20, 0.1, null)), 1, "r2", "r1", 2))
        .anySatisfy(f -> assertThat(f).contains("no switch observed: run r2"))
        .anySatisfy(f -> assertThat(f).contains("serves run r1, not the last one published (r2)"));
    assertThat(LoadTest.failures(List.of(phase("single client", 10, 0), phase("load", 10, 0)), List.of(), 2, "r1",
        "r1", 2)).singleElement().asString().contains("published 0 of 2");
  }
}
