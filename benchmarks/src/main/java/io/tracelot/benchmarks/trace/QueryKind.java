package io.tracelot.benchmarks.trace;

import io.tracelot.trace.TraceQuery;
import java.util.List;

/** The questions the benchmark asks, each with the goal for its p99. */
enum QueryKind {
  LOT("lot → customers", "random lots, forward, depth 0", 5),
  BIG_LOT("200k-row lot → customers", "the lots with at least 200,000 allocation rows, forward, depth 0", 50),
  SERIAL("serial → customer", "random serials, forward", 2),
  RECALL("3-level recall", "recall of a raw-material lot through genealogy, depth 3", 20);

  final String label;
  final String what;
  final double goalMs;

  QueryKind(String label, String what, double goalMs) {
    this.label = label;
    this.what = what;
    this.goalMs = goalMs;
  }

  /** The recall depth: three genealogy edges (raw → premix → base → finished). */
  static final int RECALL_DEPTH = 3;

  /** Our query for a case. */
  TraceQuery query(Case c) {
    return switch (this) {
      case LOT, BIG_LOT -> new TraceQuery.ForwardLot(c.id(), c.sku(), 0);
      case SERIAL -> new TraceQuery.ForwardSerial(c.id(), c.sku());
      case RECALL -> new TraceQuery.Recall(List.of(new TraceQuery.LotRef(c.sku(), c.id())), RECALL_DEPTH);
    };
  }

  /** One sampled question: a lot or a serial of a sku. */
  record Case(QueryKind kind, String sku, String id) {
    @Override
    public String toString() {
      return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + sku + "/" + id;
    }
  }

  /** What both engines must agree on: allocation rows, their units, and the customers. */
  record Digest(long rows, long qty, long customers) {
    @Override
    public String toString() {
      return rows + " allocation rows, " + qty + " units, " + customers + " customers";
    }
  }
}
