package io.tracelot.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

  @Test
  void line_showsPhaseRowsRateAndEta() {
    assertThat(ConsoleProgress.line("events", 2_000_000, 10_000_000, 2_000_000_000L))
        .isEqualTo("events  2,000,000 / 10,000,000 rows  1,000,000 rows/s  ETA 0:00:08");
  }

  @Test
  void progress_redrawsOneLineAtMostFourTimesASecond_andEndsItWhenDone() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicLong now = new AtomicLong();
    ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get);

    progress.progress("events", 1, 100);
    now.set(100_000_000L);
    progress.progress("events", 2, 100);
    now.set(300_000_000L);
    progress.progress("events", 3, 100);
    progress.progress("done", 100, 100);

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out.split("\r", -1)).hasSize(4);
    assertThat(out).doesNotContain(" 2 / 100").contains(" 3 / 100").containsPattern("\rdone: 100 rows *" + System.lineSeparator() + "$");
  }
}
