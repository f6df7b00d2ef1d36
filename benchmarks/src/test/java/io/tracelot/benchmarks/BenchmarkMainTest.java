package io.tracelot.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;

/** Fast checks only: no benchmark ever runs in the build. */
class BenchmarkMainTest {
  @Test
  void jvmFlags_areTheParentPomsFilteredList() {
    List<String> flags = JvmFlags.load();

    assertThat(flags).contains("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
    assertThat(flags).noneMatch(f -> f.contains("${"));
  }

  @Test
  void forks_getTheFlagsFirst_thenThoseOfTheCommandLine_andKeepOtherOptions() throws Exception {
    CommandLineOptions cmd = new CommandLineOptions("-f", "2", "-jvmArgsPrepend", "-Dx=1", "-jvmArgsAppend", "-Dy=2", "Allocation");

    Options options = BenchmarkMain.withTracelotFlags(cmd);

    assertThat(options.getJvmArgsPrepend().get()).startsWith(JvmFlags.load().toArray(String[]::new)).endsWith("-Dx=1");
    assertThat(options.getJvmArgsAppend().get()).containsExactly("-Dy=2");
    assertThat(options.getForkCount().get()).isEqualTo(2);
    assertThat(options.getIncludes()).containsExactly("Allocation");
  }
}
