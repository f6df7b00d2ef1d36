package io.tracelot.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace commands are thin shells: bad input is a clear message and a non-zero exit. */
class TraceCommandsTest {
  @TempDir Path dir;

  private static String[] run(String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int code = Tracelot.run(args);
      return new String[] {Integer.toString(code), buf.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(err);
    }
  }

  @Test
  void traceBack_ofAnUnknownKind_isAMalformedQuery() {
    String[] r = run("trace", "back", "supplier", "SUP-1", "--snapshot", dir.toString());
    assertThat(r[0]).isNotEqualTo("0");
    assertThat(r[1]).contains("malformed query").contains("lot, serial, order or customer");
  }

  @Test
  void trace_onASnapshotWithoutIndex_namesTheMissingIndex() throws Exception {
    Files.writeString(dir.resolve("_manifest.json"), """
        {"format":"tracelot-snapshot","format_version":1,"run_id":"r1","started":"2026-01-01T00:00:00Z",
         "finished":"2026-01-01T00:00:00Z","allocation_policy_version":"tracelot-allocation-v1"}""");
    String[] r = run("trace", "lot", "L1", "--snapshot", dir.toString());
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("_index.json").contains("no trace index");
  }

  @Test
  void unknownFormat_isRefused() {
    String[] r = run("recall", "L1", "--snapshot", dir.toString(), "--format", "xml");
    assertThat(r[0]).isNotEqualTo("0");
    assertThat(r[1]).contains("unknown format 'xml'");
  }

  @Test
  void recall_withoutLots_isAMalformedQuery() {
    String[] r = run("recall", "--snapshot", dir.toString());
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("recall needs at least one lot");
  }

  @Test
  void serve_withABadPort_namesIt() {
    String[] r = run("serve", dir.toString(), "--port", "70000");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("port must be 0").contains("70000");
  }

  @Test
  void serve_onAPortInUse_saysSo() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String[] r = run("serve", dir.toString(), "--port", Integer.toString(taken.getLocalPort()));
      assertThat(r[0]).isEqualTo("2");
      assertThat(r[1]).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).contains("--port");
    }
  }

  @Test
  void loadtest_withABadDuration_namesIt() {
    String[] r = run("loadtest", dir.toString(), "--duration", "60", "--switches", "0");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("a duration is a number with ms, s, m or h").contains("'60'");
  }

  @Test
  void loadtest_withSwitchesOnAPlainDirectory_asksForAPublishedSnapshot() {
    String[] r = run("loadtest", dir.toString());
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("published snapshot").contains("0 switches");
  }
}
