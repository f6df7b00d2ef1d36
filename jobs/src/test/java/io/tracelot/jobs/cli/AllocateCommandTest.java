package io.tracelot.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings of {@code tracelot allocate} that are wrong are one clear line and a non-zero exit, before anything runs. */
class AllocateCommandTest {
  @TempDir Path dir;

  @Test
  void negativeRestarts_isRefused_namingTheValue() {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Tracelot.run("allocate", "--input", dir.toString(), "--snapshot", dir.resolve("snap").toString(), "--restarts", "-1");
    } finally {
      System.setErr(err);
    }
    assertThat(code).isEqualTo(2);
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("restarts must be in 0..1000, got -1");
    assertThat(dir.resolve("snap")).doesNotExist();
  }
}
