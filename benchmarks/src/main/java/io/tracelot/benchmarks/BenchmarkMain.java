package io.tracelot.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.ProfilersFailedException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH's command line ({@code org.openjdk.jmh.Main}) with Tracelot's JVM flags ({@link JvmFlags})
 * prepended to every forked JVM, ahead of any {@code -jvmArgsPrepend} given on the command line.
 * Everything else (-f, -wi, -i, -prof, -p, -rf, ...) is JMH's own option parsing.
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cmd;
    try {
      cmd = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("Error parsing command line:");
      System.err.println(" " + e.getMessage());
      System.exit(1);
      return;
    }
    if (cmd.shouldHelp()) {
      cmd.showHelp();
      return;
    }
    if (cmd.shouldListProfilers()) {
      cmd.listProfilers();
      return;
    }
    if (cmd.shouldListResultFormats()) {
      cmd.listResultFormats();
      return;
    }
    Runner runner = new Runner(withTracelotFlags(cmd));
    if (cmd.shouldList()) {
      runner.list();
      return;
    }
    if (cmd.shouldListWithParams()) {
      runner.listWithParams(cmd);
      return;
    }
    try {
      runner.run();
    } catch (NoBenchmarksException e) {
      System.err.println("No matching benchmarks. Miss-spelled regexp? Use -l to list the benchmarks.");
      System.exit(1);
    } catch (ProfilersFailedException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    } catch (RunnerException e) {
      System.err.print("ERROR: ");
      e.printStackTrace(System.err);
      System.exit(1);
    }
  }

  static Options withTracelotFlags(CommandLineOptions cmd) {
    List<String> prepend = new ArrayList<>(JvmFlags.load());
    if (cmd.getJvmArgsPrepend().hasValue()) {
      prepend.addAll(cmd.getJvmArgsPrepend().get());
    }
    return new OptionsBuilder().parent(cmd).jvmArgsPrepend(prepend.toArray(String[]::new)).build();
  }
}
