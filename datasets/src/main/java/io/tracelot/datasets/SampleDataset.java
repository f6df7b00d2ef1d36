package io.tracelot.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The committed sample under datasets/sample: a few thousand rows with every feature of the
 * generator (genealogy, serials, holds, returns, backorders, bad rows of every reason). A test
 * regenerates it and compares bytes, so sample and generator never drift apart. To refresh it
 * after a deliberate change of the generator:
 * {@code java -cp datasets/target/classes io.tracelot.datasets.SampleDataset datasets/sample}
 */
public final class SampleDataset {
  private SampleDataset() {}

  public static GeneratorConfig config() {
    return GeneratorConfig.builder()
        .units(30_000)
        .seed(20_261_120L)
        .days(30)
        .startDate(LocalDate.of(2026, 11, 1))
        .badRowFraction(0.01)
        .build();
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: SampleDataset OUT_DIR");
      System.exit(2);
    }
    System.out.println(DatasetGenerator.generate(config(), Path.of(args[0]), ProgressListener.none()));
  }
}
