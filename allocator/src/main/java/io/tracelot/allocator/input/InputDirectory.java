package io.tracelot.allocator.input;

import io.tracelot.allocator.policy.CodePoints;
import io.tracelot.allocator.model.InputSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files of the three tables in one input directory (inputs.md). Table {@code t} is made of
 * every regular file named {@code t.csv}, {@code t-*.csv} or {@code t/*.csv} (and the same with
 * {@code .jsonl}); the forms may be mixed. Names starting with '.' are ignored, as is everything
 * else in the directory. File order is by the name relative to the directory, code point by code
 * point.
 */
public final class InputDirectory {
  private static final Comparator<InputFile> FILE_ORDER =
      (a, b) -> CodePoints.compare(a.name(), b.name());

  private final Path dir;
  private final Map<InputSource, List<InputFile>> files;

  private InputDirectory(Path dir, Map<InputSource, List<InputFile>> files) {
    this.dir = dir;
    this.files = files;
  }

  /**
   * Finds the files of every table, reading none of them.
   *
   * @throws InputException naming the path when the directory or a table is missing, or a file or
   *     table folder cannot be read
   */
  public static InputDirectory open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InputException(
          "input directory " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist"));
    }
    List<Path> top = list(dir);
    Map<InputSource, List<InputFile>> files = new EnumMap<>(InputSource.class);
    for (InputSource table : InputSource.values()) {
      String t = table.tableName();
      List<InputFile> found = new ArrayList<>();
      for (Path path : top) {
        String name = path.getFileName().toString();
        if (isData(name) && (stem(name).equals(t) || stem(name).startsWith(t + "-"))) {
          found.add(inputFile(table, path, name));
        }
      }
      Path folder = dir.resolve(t);
      if (Files.isDirectory(folder)) {
        for (Path path : list(folder)) {
          String name = path.getFileName().toString();
          if (isData(name)) {
            found.add(inputFile(table, path, t + "/" + name));
          }
        }
      }
      if (found.isEmpty()) {
        throw new InputException(
            "input directory " + dir + " has no " + t + " table (looked for " + t + ".csv, " + t
                + "-*.csv and " + t + "/*.csv, or the same with .jsonl)");
      }
      found.sort(FILE_ORDER);
      files.put(table, List.copyOf(found));
    }
    return new InputDirectory(dir, files);
  }

  public Path dir() {
    return dir;
  }

  /** The files of one table in file order. */
  public List<InputFile> files(InputSource table) {
    return files.get(table);
  }

  /** Every file: skus, movements, orders, each in file order. */
  public List<InputFile> files() {
    return files.values().stream().flatMap(List::stream).toList();
  }

  /**
   * Reads and checks the header of every CSV file, so that a run stops before writing anything.
   *
   * @throws InputException for the first file (in {@link #files()} order) without a usable header
   */
  public void validateHeaders() {
    for (InputFile file : files()) {
      if (!file.isJsonLines()) {
        try {
          file.open().close(); // opening a CSV file reads and checks its header
        } catch (IOException e) {
          throw new InputException(file.name() + ": cannot close " + file.path() + ": " + e, e);
        }
      }
    }
  }

  private static boolean isData(String name) {
    return !name.startsWith(".") && (name.endsWith(".csv") || name.endsWith(".jsonl"));
  }

  private static String stem(String name) {
    return name.substring(0, name.lastIndexOf('.'));
  }

  /** A listed path that is a regular file (symbolic links followed) and readable, else a failure. */
  private static InputFile inputFile(InputSource table, Path path, String name) {
    if (!Files.isRegularFile(path)) {
      throw new InputException(name + ": " + path + " is not a regular file");
    }
    if (!Files.isReadable(path)) {
      throw new InputException(name + ": cannot read " + path + " (permission denied)");
    }
    try {
      return new InputFile(table, path, name, Files.size(path));
    } catch (IOException e) {
      throw new InputException(name + ": cannot read " + path + ": " + e, e);
    }
  }

  private static List<Path> list(Path folder) {
    try (Stream<Path> paths = Files.list(folder)) {
      return paths.toList();
    } catch (IOException e) {
      throw new InputException("cannot list input folder " + folder + ": " + e, e);
    }
  }

}
