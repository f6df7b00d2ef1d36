package io.tracelot.benchmarks.allocator;

import io.tracelot.allocator.SkuBook;
import io.tracelot.allocator.index.chronicle.ChronicleStockIndex;
import io.tracelot.benchmarks.JvmFlags;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reopening a persisted Chronicle stock index of 10,000,000 lots (100,000 skus x 100 lots): the
 * issue's goal is under 1 s with a heap under 512 MB.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.tracelot.benchmarks.allocator.ReopenBenchmark \
 *     [dir=benchmarks/target/reopen-10M] [runs=5] [skus=100000] [lotsPerSku=100]
 * </pre>
 *
 * The index is built once under {@code dir} (a minute or two, progress on the console) in a JVM
 * with Tracelot's flags, and kept: a later run with the same sizes reuses it. Each run then
 * starts a fresh JVM with {@code -Xmx512m} that opens the index, loads and decodes one book, and
 * reports the time, the heap used (MemoryMXBean) and the file size. The launching JVM needs no
 * flags: it passes {@link JvmFlags} to the JVMs it starts.
 */
public final class ReopenBenchmark {
  static final String FILE = "stock.cmap";
  static final String COMPLETE = "COMPLETE";
  static final String RESULT = "RESULT ";

  private ReopenBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--build")) {
      build(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      return;
    }
    if (args.length > 0 && args[0].equals("--measure")) {
      measure(Path.of(args[1]), args[2]);
      return;
    }
    Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/target/reopen-10M");
    int runs = args.length > 1 ? positive("runs", args[1]) : 5;
    int skus = args.length > 2 ? positive("skus", args[2]) : 100_000;
    int lotsPerSku = args.length > 3 ? positive("lotsPerSku", args[3]) : 100;
    String expected = skus + " skus x " + lotsPerSku + " lots";
    Path complete = dir.resolve(COMPLETE);
    if (Files.exists(complete) && Files.readString(complete).strip().equals(expected)) {
      System.out.println("reusing the index in " + dir + " (" + expected + ")");
    } else {
      io.tracelot.snapshot.FileTrees.delete(dir);
      long t0 = System.nanoTime();
      child(List.of("-Xmx2g"), "--build", dir.toString(), Integer.toString(skus), Integer.toString(lotsPerSku));
      System.out.printf(Locale.ROOT, "built in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      Files.writeString(complete, expected + "\n");
    }
    String probe = StockFixture.skuId(skus / 2);
    List<double[]> results = new ArrayList<>();
    for (int r = 1; r <= runs; r++) {
      long t0 = System.nanoTime();
      String line = child(List.of("-Xmx512m"), "--measure", dir.toString(), probe);
      double wallMs = (System.nanoTime() - t0) / 1e6;
      double[] v = parse(line);
      results.add(v);
      System.out.printf(Locale.ROOT, "run %d: jvm start %.0f ms, open %.1f ms, first book %.1f ms (%d lots), open+first book %.1f ms; heap used %.1f MB (%.1f MB after GC, max %.0f MB); file %.1f MB (%.1f MB on disk); process wall %.0f ms; again in the same JVM: open %.1f ms, a book %.2f ms%n",
          r, v[0], v[1], v[2], (long) v[3], v[1] + v[2], v[4], v[5], v[6], v[7], v[8], wallMs, v[9], v[10]);
    }
    double[] openPlusFirst = results.stream().mapToDouble(v -> v[1] + v[2]).sorted().toArray();
    double[] heap = results.stream().mapToDouble(v -> v[4]).sorted().toArray();
    double[] again = results.stream().mapToDouble(v -> v[9] + v[10]).sorted().toArray();
    System.out.printf(Locale.ROOT, "median of %d: open+first book %.1f ms (min %.1f, max %.1f); heap used after open %.1f MB (max %.1f); again in the same JVM %.1f ms%n",
        runs, median(openPlusFirst), openPlusFirst[0], openPlusFirst[runs - 1], median(heap), heap[runs - 1], median(again));
  }

  /** Builds the index (in a JVM with the flags), printing lots per second as it goes. */
  static void build(Path dir, int skus, int lotsPerSku) {
    StockFixture fixture = new StockFixture(skus, lotsPerSku, 7);
    long t0 = System.nanoTime();
    try (ChronicleStockIndex index = ChronicleStockIndex.builder(dir.resolve(FILE)).expectedSkus(skus).expectedLots(fixture.lots()).open()) {
      long[] last = {t0, 0};
      fixture.fill(index, Math.max(1, skus / 20), done -> {
        long now = System.nanoTime();
        long lots = done * lotsPerSku;
        System.out.printf(Locale.ROOT, "  %,d / %,d lots (%,d skus): %,.0f lots/s now, %,.0f lots/s overall%n",
            lots, fixture.lots(), done, (lots - last[1]) / ((now - last[0]) / 1e9), lots / ((now - t0) / 1e9));
        last[0] = now;
        last[1] = lots;
      });
    }
    System.out.printf(Locale.ROOT, "  %,d lots in %.1f s%n", fixture.lots(), (System.nanoTime() - t0) / 1e9);
  }

  /** In a fresh JVM: open, load and decode one book, report. */
  static void measure(Path dir, String probeSku) throws IOException {
    // JVM start to main: class loading of the JDK, not the index; reported apart
    long jvmStartMs = ManagementFactory.getRuntimeMXBean().getUptime();
    long t0 = System.nanoTime();
    ChronicleStockIndex index = ChronicleStockIndex.builder(dir.resolve(FILE)).open();
    long t1 = System.nanoTime();
    SkuBook book = index.load(probeSku);
    long t2 = System.nanoTime();
    if (book == null) {
      throw new IllegalStateException("no book for " + probeSku + " in " + dir);
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = memory.getHeapMemoryUsage().getUsed();
    System.gc();
    long usedAfterGc = memory.getHeapMemoryUsage().getUsed();
    long max = memory.getHeapMemoryUsage().getMax();
    index.close();
    // The same again in this JVM: what is left once Chronicle's one-off start-up (class loading,
    // classes it generates and compiles with javac at run time) is paid.
    long t3 = System.nanoTime();
    index = ChronicleStockIndex.builder(dir.resolve(FILE)).open();
    long t4 = System.nanoTime();
    SkuBook again = index.load(StockFixture.skuId(1));
    long t5 = System.nanoTime();
    index.close();
    if (again == null) {
      throw new IllegalStateException("no book for " + StockFixture.skuId(1) + " in " + dir);
    }
    Path file = dir.resolve(FILE);
    long size = Files.size(file);
    long onDisk = onDiskBytes(file, size);
    System.out.println(RESULT + String.join(" ", Stream.of(
            jvmStartMs, (t1 - t0) / 1e6, (t2 - t1) / 1e6, book.lotCount(), used / 1048576.0, usedAfterGc / 1048576.0, max / 1048576.0,
            size / 1048576.0, onDisk / 1048576.0, (t4 - t3) / 1e6, (t5 - t4) / 1e6)
        .map(String::valueOf).toList()));
  }

  /** Bytes the (sparse) file takes on disk, from du; its apparent size when du is unavailable. */
  private static long onDiskBytes(Path file, long apparent) {
    try {
      Process du = new ProcessBuilder("du", "-k", file.toString()).redirectErrorStream(true).start();
      String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return du.waitFor() == 0 ? Long.parseLong(out.split("\\s+")[0]) * 1024 : apparent;
    } catch (IOException | InterruptedException | NumberFormatException e) {
      return apparent;
    }
  }

  /** Runs this class in a fresh JVM with Tracelot's flags; returns its RESULT line, if any. */
  private static String child(List<String> jvmArgs, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JvmFlags.load());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ReopenBenchmark.class.getName());
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String result = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith(RESULT)) {
          result = line;
        } else {
          System.out.println(line);
        }
      }
    }
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IllegalStateException("child JVM failed (exit " + rc + "): " + String.join(" ", cmd));
    }
    return result;
  }

  private static double[] parse(String line) {
    if (line == null) {
      throw new IllegalStateException("the measuring JVM printed no result");
    }
    return Arrays.stream(line.substring(RESULT.length()).split(" ")).mapToDouble(Double::parseDouble).toArray();
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static int positive(String name, String value) {
    int n = Integer.parseInt(value);
    if (n < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return n;
  }


}
