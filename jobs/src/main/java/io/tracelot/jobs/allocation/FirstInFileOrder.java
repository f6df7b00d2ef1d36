package io.tracelot.jobs.allocation;

import io.tracelot.jobs.common.DuplicateRow;
import io.tracelot.jobs.common.IdClaim;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by the hash of a row's id (event_id, or order_id:line): of the rows with one id, the first
 * in file order is used and every other one loses, whatever order they arrive in. Only losers
 * leave this function, as {@link DuplicateRow}s keyed by their sku: the rows themselves go to the
 * allocation once. A loser is reported when the watermark passes its own ts, which is before the
 * allocation can apply it; until then a row earlier in file order may still take the lead, so the
 * message names the id's final first row. Over files the watermark passes only at the end of the
 * input (BATCH: at the end of the key). A row arriving after the watermark passed its id's first
 * row, which may be applied already, loses to it. The second input names ids an earlier, chained
 * run already used: every row with such an id loses. State is per id, so ids sharing a hash do
 * not meet.
 */
final class FirstInFileOrder extends KeyedCoProcessFunction<Long, IdClaim, String, DuplicateRow> {
  /** The first row in file order seen so far, per id. */
  private transient MapState<String, IdClaim> first;
  /** Rows that lost to the first one of their id, reported at the end. */
  private transient MapState<String, List<IdClaim>> losers;
  /** Ids an earlier run used. */
  private transient MapState<String, Boolean> used;

  @Override
  public void open(OpenContext context) {
    first = getRuntimeContext().getMapState(new MapStateDescriptor<>("first-claim", Types.STRING, IdClaim.TYPE));
    losers = getRuntimeContext().getMapState(new MapStateDescriptor<>("losing-claims", Types.STRING, Types.LIST(IdClaim.TYPE)));
    used = getRuntimeContext().getMapState(new MapStateDescriptor<>("used-by-earlier-run", Types.STRING, Types.BOOLEAN));
  }

  @Override
  public void processElement1(IdClaim claim, Context ctx, Collector<DuplicateRow> out) throws Exception {
    if (used.contains(claim.id())) {
      out.collect(DuplicateRow.usedByEarlierRun(claim));
      return;
    }
    IdClaim current = first.get(claim.id());
    if (current == null) {
      first.put(claim.id(), claim);
      return;
    }
    if (current.ts() <= ctx.timerService().currentWatermark()) {
      out.collect(DuplicateRow.of(claim, current)); // late: the first row may be applied already
      return;
    }
    IdClaim loser = claim;
    if (claim.before(current)) {
      first.put(claim.id(), claim);
      loser = current;
    }
    List<IdClaim> lost = losers.get(claim.id());
    lost = lost == null ? new ArrayList<>(1) : new ArrayList<>(lost);
    lost.add(loser);
    losers.put(claim.id(), lost);
    ctx.timerService().registerEventTimeTimer(loser.ts());
  }

  /** An id of an earlier run: every row that holds it loses, later ones too. */
  @Override
  public void processElement2(String usedId, Context ctx, Collector<DuplicateRow> out) throws Exception {
    used.put(usedId, true);
    IdClaim current = first.get(usedId);
    if (current != null && current.ts() > ctx.timerService().currentWatermark()) { // else it may be applied already
      out.collect(DuplicateRow.usedByEarlierRun(current));
      first.remove(usedId);
    }
    List<IdClaim> lost = losers.get(usedId);
    if (lost != null) {
      lost.forEach(c -> out.collect(DuplicateRow.usedByEarlierRun(c)));
      losers.remove(usedId);
    }
  }

  /** Reports the losers the watermark has passed; the rest wait for theirs. */
  @Override
  public void onTimer(long ts, OnTimerContext ctx, Collector<DuplicateRow> out) throws Exception {
    List<String> done = new ArrayList<>(1);
    Map<String, List<IdClaim>> waiting = new HashMap<>(1);
    for (Map.Entry<String, List<IdClaim>> e : losers.entries()) {
      IdClaim winner = first.get(e.getKey());
      List<IdClaim> rest = new ArrayList<>(0);
      for (IdClaim c : e.getValue()) {
        if (c.ts() <= ts) {
          out.collect(DuplicateRow.of(c, winner));
        } else {
          rest.add(c);
        }
      }
      if (rest.isEmpty()) {
        done.add(e.getKey());
      } else if (rest.size() < e.getValue().size()) {
        waiting.put(e.getKey(), rest);
      }
    }
    for (String id : done) {
      losers.remove(id);
    }
    losers.putAll(waiting);
  }
}
