package io.tracelot.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JVM flags Tracelot needs on Java 17 (Chronicle Map's add-opens and add-exports), as the
 * parent pom's {@code tracelot.jvm.flags} property: Maven resource filtering writes them into
 * {@code tracelot-jvm.flags} of this jar, so the list is kept in one place only.
 */
public final class JvmFlags {
  static final String RESOURCE = "/tracelot-jvm.flags";

  private JvmFlags() {}

  /** The flags, one per element; fails loudly when the resource was not filtered. */
  public static List<String> load() {
    try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath; build with mvn -pl benchmarks -am package");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      if (text.isEmpty() || text.contains("${")) {
        throw new IllegalStateException("resource " + RESOURCE + " was not filtered by Maven: '" + text + "'");
      }
      return List.of(text.split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Prints the flags on one line, for shell scripts. */
  public static void main(String[] args) {
    System.out.println(String.join(" ", load()));
  }
}
