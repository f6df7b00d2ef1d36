package io.tracelot.query;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The k-way merge of sorted runs as a tournament ("loser tree"): each inner node keeps the loser
 * of the match played there, so replacing the winner with its run's next row replays one match per
 * level, log2(k) comparisons, where a binary heap's sift-down plays two per level. Ties go to the
 * lower run, so the merge is stable across runs.
 */
final class LoserTree {
  private final Comparator<Object[]> order;
  /** The current row of each run; null once the run is exhausted (after every row). */
  private final Object[][] heads;
  /** [0]: the winner's run; [1..k-1]: the loser of each inner node (run i is leaf k + i). */
  private final int[] tree;
  private final int k;

  LoserTree(Comparator<Object[]> order, Object[][] heads) {
    if (heads.length == 0) {
      throw new IllegalArgumentException("no runs to merge");
    }
    this.order = order;
    this.heads = heads;
    this.k = heads.length;
    this.tree = new int[k];
    // every node starts with a virtual "before everything" (-1) that each run's first match
    // pushes up; once all runs have played, every inner node holds a run
    Arrays.fill(tree, -1);
    for (int i = k - 1; i >= 0; i--) {
      replay(i);
    }
  }

  /** The smallest current row, or null when every run is exhausted. */
  Object[] top() {
    return heads[tree[0]];
  }

  /** The run of {@link #top}. */
  int topRun() {
    return tree[0];
  }

  /** Replaces the top row by the next row of its run (null: the run is exhausted). */
  void replaceTop(Object[] next) {
    int run = tree[0];
    heads[run] = next;
    replay(run);
  }

  private void replay(int run) {
    int winner = run;
    for (int t = (run + k) >>> 1; t > 0; t >>>= 1) {
      int other = tree[t];
      if (before(other, winner)) {
        tree[t] = winner;
        winner = other;
      }
    }
    tree[0] = winner;
  }

  private boolean before(int a, int b) {
    if (a < 0) {
      return true;
    }
    if (b < 0) {
      return false;
    }
    Object[] x = heads[a];
    Object[] y = heads[b];
    if (x == null || y == null) {
      return y == null && (x != null || a < b);
    }
    int c = order.compare(x, y);
    return c < 0 || (c == 0 && a < b);
  }
}
