package io.tracelot.jobs.allocation;

import io.tracelot.allocator.model.FileOrder;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.jobs.common.InputEventSerializer;
import io.tracelot.jobs.common.PriorRunFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by the hash of event_id (or order_id:line): of the rows with one id, the first in file
 * order is used and the others are rejected as duplicates, whatever order they arrive in. The
 * winner is let through when the watermark passes its ts: in BATCH mode at the end of the key, in
 * STREAMING mode over files at the end of the input. The second input names ids an earlier,
 * chained run already used: every row with such an id is a duplicate. State is per id, so ids
 * sharing a hash do not meet.
 */
final class FirstInFileOrder extends KeyedCoProcessFunction<Long, InputEvent, String, InputEvent> {
  static final OutputTag<Reject> REJECTS = new OutputTag<>("duplicate-rejects") {};

  private transient MapState<String, InputEvent> waiting;
  /** Ids already let through (true) or used by an earlier run (false). */
  private transient MapState<String, Boolean> taken;

  /** The id that makes two rows duplicates of each other. */
  static String idOf(InputEvent e) {
    return e.event() instanceof Movement m ? PriorRunFormat.movementId(m.eventId())
        : PriorRunFormat.orderLineId(((OrderLine) e.event()).orderId(), ((OrderLine) e.event()).line());
  }

  @Override
  public void open(OpenContext context) {
    waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting", Types.STRING, InputEventSerializer.TYPE));
    taken = getRuntimeContext().getMapState(new MapStateDescriptor<>("taken", Types.STRING, Types.BOOLEAN));
  }

  @Override
  public void processElement1(InputEvent e, Context ctx, Collector<InputEvent> out) throws Exception {
    String id = idOf(e);
    Boolean done = taken.get(id);
    if (done != null) {
      ctx.output(REJECTS, e.reject(reasonFor(e), done ? e.recordId() + " was already applied" : e.recordId() + " was used by an earlier run"));
      return;
    }
    InputEvent current = waiting.get(id);
    if (current != null && !FileOrder.before(e, current)) {
      ctx.output(REJECTS, duplicate(e, current));
      return;
    }
    if (current != null) {
      ctx.output(REJECTS, duplicate(current, e));
    }
    waiting.put(id, e);
    ctx.timerService().registerEventTimeTimer(e.event().ts());
  }

  /** An id of an earlier run: rows that wait under it lose, later ones too. */
  @Override
  public void processElement2(String usedId, Context ctx, Collector<InputEvent> out) throws Exception {
    taken.put(usedId, false);
    InputEvent current = waiting.get(usedId);
    if (current != null) {
      ctx.output(REJECTS, current.reject(reasonFor(current), current.recordId() + " was used by an earlier run"));
      waiting.remove(usedId);
    }
  }

  @Override
  public void onTimer(long ts, OnTimerContext ctx, Collector<InputEvent> out) throws Exception {
    List<String> released = new ArrayList<>(1);
    for (Map.Entry<String, InputEvent> w : waiting.entries()) {
      if (w.getValue().event().ts() <= ts) {
        out.collect(w.getValue());
        released.add(w.getKey());
      }
    }
    for (String id : released) {
      waiting.remove(id);
      taken.put(id, true);
    }
  }

  private static Reject duplicate(InputEvent loser, InputEvent winner) {
    return loser.reject(reasonFor(loser), loser.recordId() + " was first seen at " + winner.file() + ":" + winner.lineNo());
  }

  private static RejectReason reasonFor(InputEvent e) {
    return e.event() instanceof Movement ? RejectReason.DUPLICATE_EVENT : RejectReason.DUPLICATE_ORDER_LINE;
  }
}
