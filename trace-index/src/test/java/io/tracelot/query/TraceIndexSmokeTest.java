package io.tracelot.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.trace.TraceAnswer;
import io.tracelot.trace.TraceQuery;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceIndexSmokeTest {
  @TempDir Path dir;

  @Test
  void smoke() throws Exception {
    Path snap = TestSnapshots.create(dir, 20_000, 7, "run-1");
    TraceIndex.build(snap, new TraceIndex.BuildOptions(500, 128), (p, r, t, s) -> System.out.println(p + " " + r + "/" + t + " " + s));
    try (TraceIndex index = TraceIndex.open(snap)) {
      TraceAnswer a = index.trace(new TraceQuery.ForwardLot("L000001"));
      System.out.println(a);
      assertThat(a.found()).isTrue();
    }
  }
}
