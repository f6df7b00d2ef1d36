package io.tracelot.allocator.index.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Chronicle Map generates and compiles {@code VanillaGlobalMutableState$$Native} with javac on the
 * first open in every JVM, unless a class of that name is already on the classpath. Tracelot
 * ships it precompiled; this test regenerates it from the Chronicle jars in use and fails when
 * they no longer agree (after a Chronicle upgrade), with what to do.
 */
class PrecompiledChronicleClassTest {
  private static final String NAME = "VanillaGlobalMutableState$$Native";
  private static final Path SOURCE = Path.of(System.getProperty("tracelot.root", ".."))
      .resolve("allocator/src/main/java/net/openhft/chronicle/hash/" + NAME + ".java");

  @Test
  void committedSource_isWhatChronicleGeneratesToday() throws Exception {
    Class<?> model = Class.forName("net.openhft.chronicle.values.ValueModel");
    Object valueModel = model.getMethod("acquire", Class.class).invoke(null, Class.forName("net.openhft.chronicle.hash.VanillaGlobalMutableState"));
    Method generate = Class.forName("net.openhft.chronicle.values.Generators").getDeclaredMethod("generateNativeClass", model, String.class);
    generate.setAccessible(true);
    String generated = (String) generate.invoke(null, valueModel, NAME);
    String committed = Files.readString(SOURCE).lines().dropWhile(l -> l.startsWith("//")).reduce("", (a, b) -> a + b + "\n");
    assertThat(committed.strip())
        .as("Chronicle generates another %s now: regenerate %s with chronicle-values' Generators.generateNativeClass", NAME, SOURCE)
        .isEqualTo(generated.strip());
  }

  @Test
  void theClassComesFromOurJar_notFromJavacAtRuntime() throws Exception {
    Class<?> c = Class.forName("net.openhft.chronicle.hash." + NAME);
    assertThat(c.getProtectionDomain().getCodeSource().getLocation().toString()).contains("allocator");
  }
}
