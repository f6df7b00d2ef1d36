package io.tracelot.jobs.allocation;

import io.tracelot.allocator.Genealogy;
import io.tracelot.allocator.input.InputRow;
import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Backorder;
import io.tracelot.allocator.model.GenealogyEdge;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.StockPosition;
import io.tracelot.jobs.common.DuplicateRow;
import io.tracelot.jobs.common.IdClaim;
import io.tracelot.jobs.common.InputEventSerializer;
import io.tracelot.jobs.common.Keys;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The nightly (or continuous) allocation: input rows in; validated events keyed by sku through the
 * allocator against the Chronicle stock index, minus the rows that lost their id to an earlier row
 * (found among small id claims keyed by id); every snapshot table out. Sources
 * and sinks come from outside, so tests and the CLI wire the same graph.
 */
public final class AllocationJob {
  /**
   * What the job needs to know before it starts: the item master and the stock index ({@code
   * stockDir}: the index the run starts from, which the job never writes; see {@link
   * StockAttempts}). {@code failure} is a failure to inject for tests, or null.
   */
  public record Plan(Map<String, Sku> skus, List<Reject> skuRejects, StockIndexKind stockIndex, String stockDir, long expectedSkus, long expectedLots,
      FailureInjection failure) {
    public Plan {
      Objects.requireNonNull(stockIndex, "stockIndex");
      skus = Map.copyOf(skus);
      skuRejects = List.copyOf(skuRejects);
      Objects.requireNonNull(stockDir, "stockDir");
    }
  }

  /** Where each snapshot table goes. */
  public record Sinks(
      Sink<Allocation> allocations,
      Sink<Backorder> backorders,
      Sink<StockPosition> stock,
      Sink<GenealogyEdge> genealogy,
      Sink<Movement> movements,
      Sink<Reject> rejects) {}

  /**
   * Where rows come from; for a run chained to an earlier snapshot also the ids that run used and
   * its work-order movements (null when there is no earlier run).
   */
  public record Sources(Source<InputRow, ?, ?> rows, Source<String, ?, ?> usedIds, Source<Movement, ?, ?> priorWorkOrders) {
    public Sources {
      Objects.requireNonNull(rows, "rows");
      if ((usedIds == null) != (priorWorkOrders == null)) {
        throw new IllegalArgumentException("a chained run needs both the used ids and the work-order movements of the earlier run");
      }
    }

    public static Sources of(Source<InputRow, ?, ?> rows) {
      return new Sources(rows, null, null);
    }
  }

  /** Whether the rows carry watermarks before their end: no, the sources below use {@link WatermarkStrategy#noWatermarks()}. */
  private static final boolean WATERMARKED = false;

  private final Plan plan;
  private final Sources sources;
  private final Sinks sinks;

  public AllocationJob(Plan plan, Sources sources, Sinks sinks) {
    this.plan = plan;
    this.sources = sources;
    this.sinks = sinks;
  }

  public void build(StreamExecutionEnvironment env) {
    // Files carry no watermarks: every event waits for the end of the input (BATCH: the end of its
    // key), so STREAMING over the same files gives exactly the BATCH result.
    DataStream<InputRow> input = env.fromSource(sources.rows(), WatermarkStrategy.noWatermarks(), "read input rows").uid("read-input-rows");
    boolean chained = sources.usedIds() != null;

    SingleOutputStreamOperator<InputEvent> valid = input.process(new ValidateRows(plan.skus()), InputEventSerializer.TYPE)
        .name("validate rows").uid("validate-rows");
    // duplicates are found among small id claims; the rows themselves are shuffled once, by sku
    DataStream<IdClaim> claims = valid.map(IdClaim::of, IdClaim.TYPE).name("claim ids").uid("claim-ids");
    // without an earlier run the second input is empty (fromData cannot make an empty stream)
    DataStream<String> usedIds = chained
        ? env.fromSource(sources.usedIds(), WatermarkStrategy.noWatermarks(), "read ids used by the earlier run").uid("read-used-ids")
        : claims.flatMap((IdClaim c, org.apache.flink.util.Collector<String> out) -> { }, Types.STRING).name("no earlier run");
    SingleOutputStreamOperator<DuplicateRow> duplicates = claims.keyBy(c -> Keys.of(c.id()), Types.LONG)
        .connect(usedIds.keyBy(Keys::of, Types.LONG))
        .process(new FirstInFileOrder(), DuplicateRow.TYPE).name("find duplicates in file order").uid("first-in-file-order");
    SingleOutputStreamOperator<Allocation> allocations = valid.keyBy(e -> Keys.of(e.sku()), Types.LONG)
        .connect(duplicates.keyBy(d -> Keys.of(d.sku()), Types.LONG))
        .transform("allocate per sku", TypeInformation.of(Allocation.class),
            new AllocateSkus(plan.skus(), plan.stockIndex(), plan.stockDir(), plan.expectedSkus(), plan.expectedLots(), plan.failure(), WATERMARKED))
        .uid("allocate-per-sku");
    DataStream<Movement> accepted = allocations.getSideOutput(AllocateSkus.MOVEMENTS);
    DataStream<Movement> workOrders = accepted.filter(Genealogy::links).name("work order movements");
    if (chained) {
      workOrders = workOrders.union(env.fromSource(sources.priorWorkOrders(), WatermarkStrategy.noWatermarks(), "read earlier work orders").uid("read-prior-work-orders"));
    }
    DataStream<GenealogyEdge> genealogy = workOrders
        .keyBy(m -> Keys.of(m.ref()), Types.LONG).process(new LinkWorkOrders(), TypeInformation.of(GenealogyEdge.class))
        .name("link work orders").uid("link-work-orders");

    DataStream<Reject> rejects = valid.getSideOutput(ValidateRows.REJECTS)
        .union(allocations.getSideOutput(AllocateSkus.REJECTS));
    if (!plan.skuRejects().isEmpty()) {
      rejects = rejects.union(env.fromData(plan.skuRejects(), TypeInformation.of(Reject.class)).name("item master rejects"));
    }

    allocations.sinkTo(sinks.allocations()).name("write allocations").uid("write-allocations");
    allocations.getSideOutput(AllocateSkus.BACKORDERS).sinkTo(sinks.backorders()).name("write backorders").uid("write-backorders");
    allocations.getSideOutput(AllocateSkus.STOCK).sinkTo(sinks.stock()).name("write stock").uid("write-stock");
    genealogy.sinkTo(sinks.genealogy()).name("write genealogy").uid("write-genealogy");
    accepted.sinkTo(sinks.movements()).name("write movements").uid("write-movements");
    rejects.sinkTo(sinks.rejects()).name("write rejects").uid("write-rejects");
  }
}
