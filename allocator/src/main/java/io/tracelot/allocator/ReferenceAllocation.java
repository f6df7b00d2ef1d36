package io.tracelot.allocator;

import io.tracelot.allocator.index.StockIndex;
import io.tracelot.allocator.input.InputRow;
import io.tracelot.allocator.input.RowValidator;
import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Backorder;
import io.tracelot.allocator.model.GenealogyEdge;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.allocator.model.StockPosition;
import io.tracelot.allocator.policy.CodePoints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A whole run in one thread, in the most direct way: the item master, row validation, first-wins
 * de-duplication in file order, then each sku's events through the {@link Allocator}, then
 * genealogy. It is the reference every other execution (the Flink job at any parallelism, batch or
 * streaming, restarted or not) must equal row for row, and it is small enough to read.
 */
public final class ReferenceAllocation {
  private ReferenceAllocation() {}

  /** Rows of each table in file order (by file name, then line). */
  public static AllocationResult run(Iterable<InputRow> skuRows, Iterable<InputRow> movementRows, Iterable<InputRow> orderRows, StockIndex index) {
    Collector out = new Collector();
    SkuMaster master = new SkuMaster();
    master.read(skuRows).forEach(out::rejected);
    RowValidator validator = new RowValidator(master::get);
    Map<String, List<InputEvent>> bySku = new TreeMap<>(CodePoints.ORDER);
    Map<String, String> firstSeen = new HashMap<>();
    for (InputRow row : movementRows) {
      accept(row, validator.movement(row.file(), row.lineNo(), row.raw(), row.fields()), firstSeen, RejectReason.DUPLICATE_EVENT, bySku, out);
    }
    firstSeen.clear();
    for (InputRow row : orderRows) {
      accept(row, validator.orderLine(row.file(), row.lineNo(), row.raw(), row.fields()), firstSeen, RejectReason.DUPLICATE_ORDER_LINE, bySku, out);
    }

    Allocator allocator = new Allocator(index, out);
    for (Map.Entry<String, List<InputEvent>> e : bySku.entrySet()) {
      allocator.apply(master.get(e.getKey()), e.getValue());
    }
    List<StockPosition> stock = new ArrayList<>();
    List<Backorder> backorders = new ArrayList<>();
    index.forEach(book -> {
      stock.addAll(book.stockPositions());
      backorders.addAll(book.openBackorders());
    });
    return new AllocationResult(out.allocations, backorders, stock, genealogy(out.movements), out.movements, out.rejects).sorted();
  }

  private static void accept(InputRow row, RowValidator.Result r, Map<String, String> firstSeen, RejectReason duplicate, Map<String, List<InputEvent>> bySku, Collector out) {
    if (row.parseError() != null) {
      out.rejected(parseError(row));
      return;
    }
    if (!r.ok()) {
      out.rejected(r.reject());
      return;
    }
    InputEvent e = r.event();
    String first = firstSeen.putIfAbsent(e.recordId(), e.file() + ":" + e.lineNo());
    if (first != null) {
      out.rejected(e.reject(duplicate, e.recordId() + " was first seen at " + first));
      return;
    }
    bySku.computeIfAbsent(e.sku(), s -> new ArrayList<>()).add(e);
  }

  /** The reject of a row that could not be parsed at all. */
  public static Reject parseError(InputRow row) {
    return new Reject(row.table(), row.file(), row.lineNo(), null, RejectReason.PARSE_ERROR, row.parseError(), row.raw());
  }

  /** Genealogy edges of a set of accepted movements, grouped by work order. */
  public static List<GenealogyEdge> genealogy(List<Movement> accepted) {
    Map<String, Genealogy> byRef = new TreeMap<>(CodePoints.ORDER);
    for (Movement m : accepted) {
      if (Genealogy.links(m)) {
        byRef.computeIfAbsent(m.ref(), Genealogy::new).add(m);
      }
    }
    List<GenealogyEdge> edges = new ArrayList<>();
    byRef.values().forEach(g -> edges.addAll(g.edges()));
    return edges;
  }

  /** Collects a run's outputs in memory. */
  static final class Collector implements AllocationOutput {
    final List<Allocation> allocations = new ArrayList<>();
    final List<Movement> movements = new ArrayList<>();
    final List<Reject> rejects = new ArrayList<>();

    @Override
    public void allocated(Allocation a) {
      allocations.add(a);
    }

    @Override
    public void accepted(Movement m) {
      movements.add(m);
    }

    @Override
    public void rejected(Reject r) {
      rejects.add(r);
    }
  }
}
