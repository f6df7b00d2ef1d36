package io.tracelot.allocator;

import io.tracelot.allocator.input.InputRow;
import io.tracelot.allocator.input.RowValidator;
import io.tracelot.allocator.model.InputSource;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.allocator.model.Sku;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The item master of a run (and of the runs chained before it). The first definition of a sku in
 * file order fixes how it is tracked and picked; a later row that agrees is accepted and changes
 * nothing, one that disagrees (other tracking or policy) is rejected as BAD_VALUE, because
 * re-tracking stock that already exists has no safe meaning.
 */
public final class SkuMaster {
  private final Map<String, Sku> skus = new HashMap<>();
  private final Map<String, String> definedAt = new HashMap<>();

  /** Adds a sku known from an earlier run. */
  public void preload(Sku sku) {
    skus.putIfAbsent(sku.sku(), sku);
    definedAt.putIfAbsent(sku.sku(), "an earlier run");
  }

  /** Adds a definition; returns the reject when it conflicts with an earlier one. */
  public Optional<Reject> define(Sku sku, String file, long lineNo, String raw) {
    Sku first = skus.putIfAbsent(sku.sku(), sku);
    if (first == null) {
      definedAt.put(sku.sku(), file + ":" + lineNo);
      return Optional.empty();
    }
    if (first.allocatesLike(sku)) {
      return Optional.empty();
    }
    return Optional.of(new Reject(InputSource.SKUS, file, lineNo, sku.sku(), RejectReason.BAD_VALUE,
        "sku " + sku.sku() + " is " + sku.tracking() + "/" + sku.policy() + " here but " + first.tracking() + "/" + first.policy() + " as defined at " + definedAt.get(sku.sku()),
        raw));
  }

  /**
   * Reads item master rows in file order into this master; returns the rows refused (unparseable,
   * failing the row rules, or conflicting with an earlier definition).
   */
  public List<Reject> read(Iterable<InputRow> rows) {
    List<Reject> rejects = new ArrayList<>();
    for (InputRow row : rows) {
      if (row.parseError() != null) {
        rejects.add(ReferenceAllocation.parseError(row));
        continue;
      }
      RowValidator.SkuResult r = RowValidator.sku(row.file(), row.lineNo(), row.raw(), row.fields());
      if (r.reject() != null) {
        rejects.add(r.reject());
      } else {
        define(r.sku(), row.file(), row.lineNo(), row.raw()).ifPresent(rejects::add);
      }
    }
    return rejects;
  }

  public Sku get(String sku) {
    return skus.get(sku);
  }

  public Map<String, Sku> asMap() {
    return Map.copyOf(skus);
  }

  public int size() {
    return skus.size();
  }
}
