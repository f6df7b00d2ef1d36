package io.tracelot.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The customer directory of an open index: customer number → name. Allocations carry numbers, so
 * a 300k-row lot reads an int per row instead of hashing 300k names; each name is decoded once
 * per open index and kept. Thread-safe.
 */
final class CustomerDirectory implements AutoCloseable {
  private final java.nio.file.Path path;
  private final List<VectorSchemaRoot> batches;
  private final int[] batchStart;
  private final int size;
  /**
   * Names decoded so far. Filled racily on purpose: two threads may decode the same name, and a
   * String is immutable (final fields), so any thread sees either null or a whole string.
   */
  private final String[] names;

  CustomerDirectory(SortedFile file) throws IOException {
    if (file.rows() > Integer.MAX_VALUE - 8) {
      throw new IndexFormatException(file.path(), "corrupt: " + file.rows() + " customers");
    }
    this.path = file.path();
    this.batches = file.openBatches();
    this.batchStart = new int[batches.size()];
    int n = 0;
    for (int b = 0; b < batches.size(); b++) {
      batchStart[b] = n;
      n += batches.get(b).getRowCount();
    }
    this.size = n;
    this.names = new String[n];
  }

  /** How many customers the index knows. */
  int size() {
    return size;
  }

  /** The name of customer {@code number}. */
  String name(int number) {
    if (number < 0 || number >= size) {
      throw new java.io.UncheckedIOException(
          new IndexFormatException(path, "corrupt: an allocation names customer " + number + " of " + size));
    }
    String name = names[number];
    if (name == null) {
      int b = Arrays.binarySearch(batchStart, number);
      if (b < 0) {
        b = -b - 2;
      }
      byte[] bytes = ((VarCharVector) batches.get(b).getVector(0)).get(number - batchStart[b]);
      name = new String(bytes, StandardCharsets.UTF_8);
      names[number] = name;
    }
    return name;
  }

  @Override
  public void close() {
    batches.forEach(VectorSchemaRoot::close);
  }
}
