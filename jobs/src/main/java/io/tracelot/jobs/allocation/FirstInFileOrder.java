package io.tracelot.jobs.allocation;

import io.tracelot.allocator.model.FileOrder;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.jobs.common.PriorRunFormat;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.jobs.common.InputEventSerializer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by event_id (or order_id:line): of the rows with one id, the first in file order is used
 * and the others are rejected as duplicates, whatever order they arrive in. The winner is let
 * through when the watermark passes its ts: in BATCH mode at the end of the key, in STREAMING mode
 * over files at the end of the input. The second input names ids an earlier, chained run already
 * used: every row with such an id is a duplicate.
 */
final class FirstInFileOrder extends KeyedCoProcessFunction<String, InputEvent, String, InputEvent> {
  static final OutputTag<Reject> REJECTS = new OutputTag<>("duplicate-rejects") {};

  private transient ValueState<InputEvent> first;
  private transient ValueState<Boolean> released;
  private transient ValueState<Boolean> usedBefore;

  /** The key that makes two rows duplicates of each other. */
  static String idOf(InputEvent e) {
    return e.event() instanceof Movement m ? PriorRunFormat.movementId(m.eventId()) : PriorRunFormat.orderLineId(((OrderLine) e.event()).orderId(), ((OrderLine) e.event()).line());
  }

  @Override
  public void open(OpenContext context) {
    first = getRuntimeContext().getState(new ValueStateDescriptor<>("first", InputEventSerializer.TYPE));
    released = getRuntimeContext().getState(new ValueStateDescriptor<>("released", Boolean.class));
    usedBefore = getRuntimeContext().getState(new ValueStateDescriptor<>("used-by-an-earlier-run", Boolean.class));
  }

  @Override
  public void processElement1(InputEvent e, Context ctx, Collector<InputEvent> out) throws Exception {
    if (Boolean.TRUE.equals(usedBefore.value())) {
      ctx.output(REJECTS, e.reject(reasonFor(e), e.recordId() + " was used by an earlier run"));
      return;
    }
    InputEvent current = first.value();
    if (Boolean.TRUE.equals(released.value()) || (current != null && !FileOrder.before(e, current))) {
      ctx.output(REJECTS, duplicate(e, current));
      return;
    }
    if (current != null) {
      ctx.output(REJECTS, duplicate(current, e));
    }
    first.update(e);
    ctx.timerService().registerEventTimeTimer(e.event().ts());
  }

  /** An id of an earlier run: rows that wait under it lose, later ones too. */
  @Override
  public void processElement2(String usedId, Context ctx, Collector<InputEvent> out) throws Exception {
    usedBefore.update(true);
    InputEvent waiting = first.value();
    if (waiting != null && !Boolean.TRUE.equals(released.value())) {
      ctx.output(REJECTS, waiting.reject(reasonFor(waiting), waiting.recordId() + " was used by an earlier run"));
      first.clear();
    }
  }

  @Override
  public void onTimer(long ts, OnTimerContext ctx, Collector<InputEvent> out) throws Exception {
    InputEvent winner = first.value();
    if (winner != null && !Boolean.TRUE.equals(released.value())) {
      out.collect(winner);
      released.update(true);
    }
  }

  private static Reject duplicate(InputEvent loser, InputEvent winner) {
    return loser.reject(reasonFor(loser), loser.recordId() + " was first seen at " + winner.file() + ":" + winner.lineNo());
  }

  private static RejectReason reasonFor(InputEvent e) {
    return e.event() instanceof Movement ? RejectReason.DUPLICATE_EVENT : RejectReason.DUPLICATE_ORDER_LINE;
  }
}
