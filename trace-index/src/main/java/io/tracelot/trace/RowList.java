package io.tracelot.trace;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list of answer rows, held in chunks of {@value #CHUNK} references. Why not one
 * array: a 300k-row answer in one {@code Object[]} is a G1 humongous object, allocated in the old
 * generation, and every row it references then survives each young collection until a concurrent
 * cycle frees it (measured: young pauses of 100–290 ms copying answers already returned). Chunks
 * stay small and young. Nulls are refused, as by {@link List#copyOf}.
 */
public final class RowList<T> extends AbstractList<T> implements RandomAccess {
  private static final int SHIFT = 14;
  static final int CHUNK = 1 << SHIFT;
  private static final int MASK = CHUNK - 1;
  private static final RowList<?> EMPTY = new RowList<>(new Object[0][], 0);

  private final Object[][] chunks;
  private final int size;

  private RowList(Object[][] chunks, int size) {
    this.chunks = chunks;
    this.size = size;
  }

  /** {@code rows} itself if it is a RowList, else a copy. */
  @SuppressWarnings("unchecked")
  public static <T> List<T> copyOf(Collection<? extends T> rows) {
    if (rows instanceof RowList<?> list) {
      return (List<T>) list;
    }
    Builder<T> b = new Builder<>();
    for (T row : rows) {
      b.add(row);
    }
    return b.build();
  }

  @SuppressWarnings("unchecked")
  @Override
  public T get(int index) {
    Objects.checkIndex(index, size);
    return (T) chunks[index >>> SHIFT][index & MASK];
  }

  @Override
  public int size() {
    return size;
  }

  /** Collects rows, then {@link #build}s the list; not thread-safe. */
  public static final class Builder<T> {
    private Object[][] chunks = new Object[4][];
    private Object[] last;
    private int size;

    public Builder<T> add(T row) {
      Objects.requireNonNull(row, "row");
      int at = size & MASK;
      if (at == 0) {
        int c = size >>> SHIFT;
        if (c == chunks.length) {
          chunks = Arrays.copyOf(chunks, c * 2);
        }
        // the first chunk starts small: most answers have a handful of rows per list
        last = chunks[c] = new Object[c == 0 ? 16 : CHUNK];
      } else if (at == last.length) {
        last = chunks[size >>> SHIFT] = Arrays.copyOf(last, Math.min(CHUNK, at * 2));
      }
      last[at] = row;
      size++;
      return this;
    }

    public int size() {
      return size;
    }

    /**
     * Sorts the rows collected so far. Rows that fit in one chunk are sorted in place; more are
     * sorted through one temporary array (the rarer, smaller answers of back traces).
     */
    @SuppressWarnings("unchecked")
    public void sort(Comparator<? super T> order) {
      if (size <= CHUNK) {
        if (size > 0) {
          Arrays.sort((T[]) chunks[0], 0, size, order);
        }
        return;
      }
      Object[] all = new Object[size];
      for (int i = 0; i < size; i += CHUNK) {
        System.arraycopy(chunks[i >>> SHIFT], 0, all, i, Math.min(CHUNK, size - i));
      }
      Arrays.sort((T[]) all, order);
      for (int i = 0; i < size; i += CHUNK) {
        System.arraycopy(all, i, chunks[i >>> SHIFT], 0, Math.min(CHUNK, size - i));
      }
    }

    /** The rows as an immutable list; the builder must not be used after. */
    @SuppressWarnings("unchecked")
    public List<T> build() {
      if (size == 0) {
        return (List<T>) EMPTY;
      }
      int n = ((size - 1) >>> SHIFT) + 1;
      Object[][] exact = Arrays.copyOf(chunks, n);
      int tail = size & MASK;
      if (tail != 0 && exact[n - 1].length != tail) {
        // the last chunk trimmed, so an answer keeps no empty slots
        exact[n - 1] = Arrays.copyOf(exact[n - 1], tail);
      }
      chunks = null;
      last = null;
      return new RowList<>(exact, size);
    }
  }
}
