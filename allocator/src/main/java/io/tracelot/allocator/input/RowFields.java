package io.tracelot.allocator.input;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The fields of one CSV record: an immutable map over the file's column names (one array shared by
 * every row of the file) and the row's values (null = absent). A row used to build a HashMap and
 * then copy it into an immutable one: at 20M rows that was a third of the reading thread.
 *
 * <p>The column names are interned, so a lookup with a name written in the code (a literal, also
 * interned) finds its column by identity; any other equal name is found too, by equality. With a
 * repeated column name the last non-empty value wins, as in a map built column by column.
 */
public final class RowFields extends AbstractMap<String, String> {
  private final String[] names;
  private final String[] values;
  private final int size;

  /**
   * @param names the file's column names, interned; an empty name is never a key
   * @param values this row's values (ownership passes here), null or empty = absent
   */
  RowFields(String[] names, String[] values) {
    if (names.length != values.length) {
      throw new IllegalArgumentException(names.length + " names for " + values.length + " values");
    }
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null && (values[i].isEmpty() || names[i].isEmpty() || shadowed(names, values, i))) {
        values[i] = null;
      }
      if (values[i] != null) {
        n++;
      }
    }
    this.names = names;
    this.values = values;
    this.size = n;
  }

  /** The column names of a header, interned, for {@link #RowFields}. */
  static String[] internNames(java.util.List<String> columns) {
    String[] names = new String[columns.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = columns.get(i).intern();
    }
    return names;
  }

  /** A later column of the same name has a value: a map built column by column kept that one. */
  private static boolean shadowed(String[] names, String[] values, int i) {
    for (int j = i + 1; j < names.length; j++) {
      if (names[j] == names[i] && values[j] != null && !values[j].isEmpty()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String get(Object key) {
    // at most one column per name holds a value (the constructor cleared the shadowed ones)
    for (int i = 0; i < names.length; i++) {
      if (names[i] == key && values[i] != null) {
        return values[i];
      }
    }
    if (key instanceof String s) {
      for (int i = 0; i < names.length; i++) {
        if (values[i] != null && names[i].equals(s)) {
          return values[i];
        }
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);

          private int advance(int from) {
            int i = from;
            while (i < values.length && values[i] == null) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < values.length;
          }

          @Override
          public Entry<String, String> next() {
            if (next >= values.length) {
              throw new NoSuchElementException();
            }
            Entry<String, String> e = new SimpleImmutableEntry<>(names[next], values[next]);
            next = advance(next + 1);
            return e;
          }
        };
      }
    };
  }
}
