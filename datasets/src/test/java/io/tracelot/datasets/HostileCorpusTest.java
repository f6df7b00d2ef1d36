package io.tracelot.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostileCorpusTest {
  @TempDir Path dir;

  @Test
  void sameSeed_sameBytesAndSameBadRows_otherSeed_otherRows() throws IOException {
    List<HostileCorpus.BadRow> first = new ArrayList<>();
    List<HostileCorpus.BadRow> second = new ArrayList<>();
    HostileCorpus.Written a = HostileCorpus.small(7).write(dir.resolve("a"), dir.resolve("a-clean"), first::add);
    HostileCorpus.Written b = HostileCorpus.small(7).write(dir.resolve("b"), null, second::add);
    HostileCorpus.small(8).write(dir.resolve("c"), null, row -> { });

    assertThat(second).isEqualTo(first);
    assertThat(b).isEqualTo(a);
    assertThat(a.bad()).isEqualTo(first.size());
    for (Path f : files(dir.resolve("a"))) {
      Path rel = dir.resolve("a").relativize(f);
      assertThat(Files.mismatch(f, dir.resolve("b").resolve(rel))).as(rel.toString()).isEqualTo(-1);
    }
    assertThat(Files.mismatch(dir.resolve("a/movements.csv"), dir.resolve("c/movements.csv"))).isNotEqualTo(-1);
    assertThat(files(dir.resolve("a-clean"))).extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("skus.csv", "movements.csv", "orders.csv");
  }

  @Test
  void badRows_areSpreadOverTheFiles_asAsked() throws IOException {
    long[] bad = {0};
    HostileCorpus.Written w = HostileCorpus.of(1, 1000, 500, 20_000, 0).write(dir.resolve("big"), null, row -> bad[0]++);

    assertThat(w.bad()).isEqualTo(bad[0]).isBetween(20_000L, 20_100L);
    assertThat(w.goodRows()).containsEntry("movements", 1000L).containsEntry("orders", 500L);
  }

  @Test
  void of_rejectsSettingsItCannotHonour() {
    assertThatThrownBy(() -> HostileCorpus.of(1, 10, 500, 0, 0)).hasMessageContaining("at least 100 good movements");
    assertThatThrownBy(() -> HostileCorpus.of(1, 1000, 500, -1, 0)).hasMessageContaining("-1");
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
