package io.tracelot.allocator;

import io.tracelot.allocator.model.GenealogyEdge;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Genealogy of one work order (allocation.md): every lot consumed under ref R is a parent of every
 * lot produced under R, whatever their order in time. Edges are distinct: consuming a lot twice
 * under one work order is one edge. Feed it the accepted movements of one ref, from any sku.
 */
public final class Genealogy {
  private final String ref;
  private final Set<LotRef> consumed = new LinkedHashSet<>();
  private final Set<LotRef> produced = new LinkedHashSet<>();

  public Genealogy(String ref) {
    this.ref = ref;
  }

  /** Whether a movement takes part in genealogy: an accepted CONSUME or PRODUCE with a ref. */
  public static boolean links(Movement m) {
    return m.ref() != null && (m.type() == MovementType.CONSUME || m.type() == MovementType.PRODUCE);
  }

  /**
   * Adds an accepted CONSUME or PRODUCE of this work order and returns the edges it adds: none when
   * its lot was already known on that side, so feeding movements one by one, in any order, yields
   * every edge exactly once.
   */
  public List<GenealogyEdge> add(Movement m) {
    if (!links(m) || !m.ref().equals(ref)) {
      throw new IllegalArgumentException("movement " + m.eventId() + " is not a CONSUME/PRODUCE of work order " + ref);
    }
    LotRef lot = new LotRef(m.sku(), m.lot());
    boolean consume = m.type() == MovementType.CONSUME;
    if (!(consume ? consumed : produced).add(lot)) {
      return List.of();
    }
    List<GenealogyEdge> edges = new ArrayList<>();
    for (LotRef other : consume ? produced : consumed) {
      LotRef parent = consume ? lot : other;
      LotRef child = consume ? other : lot;
      edges.add(new GenealogyEdge(parent.sku, parent.lot, child.sku, child.lot, ref));
    }
    return edges;
  }

  public List<GenealogyEdge> edges() {
    List<GenealogyEdge> edges = new ArrayList<>(consumed.size() * produced.size());
    for (LotRef parent : consumed) {
      for (LotRef child : produced) {
        edges.add(new GenealogyEdge(parent.sku, parent.lot, child.sku, child.lot, ref));
      }
    }
    return edges;
  }

  private record LotRef(String sku, String lot) {}
}
