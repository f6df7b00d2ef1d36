package io.tracelot.snapshot;

import java.util.Arrays;

/**
 * The values of the row being read, one slot per column: strings and enums in {@link #refs},
 * numbers, dates, instants and booleans (0/1) in {@link #numbers}. Reused for every row.
 */
final class Row {
  final Object[] refs;
  final long[] numbers;
  private final long[] absent;

  Row(long[] absent) {
    this.absent = absent;
    this.refs = new Object[absent.length];
    this.numbers = new long[absent.length];
  }

  /** Clears the slots: Parquet calls no converter for a null value. */
  void reset() {
    Arrays.fill(refs, null);
    System.arraycopy(absent, 0, numbers, 0, absent.length);
  }

  String str(int column) {
    return (String) refs[column];
  }

  @SuppressWarnings("unchecked")
  <E extends Enum<E>> E enumValue(int column) {
    return (E) refs[column];
  }

  long i64(int column) {
    return numbers[column];
  }

  int i32(int column) {
    return (int) numbers[column];
  }

  boolean bool(int column) {
    return numbers[column] != 0;
  }
}
