package io.tracelot.jobs.allocation;

import io.tracelot.allocator.model.FileOrder;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.jobs.common.InputEventSerializer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by event_id (or order_id:line): of the rows with one id, the first in file order is used
 * and the others are rejected as duplicates, whatever order they arrive in. The winner is let
 * through when the watermark passes its ts: in BATCH mode at the end of the key, in STREAMING mode
 * over files at the end of the input.
 */
final class FirstInFileOrder extends KeyedProcessFunction<String, InputEvent, InputEvent> {
  static final OutputTag<Reject> REJECTS = new OutputTag<>("duplicate-rejects") {};

  private transient ValueState<InputEvent> first;
  private transient ValueState<Boolean> released;

  /** The key that makes two rows duplicates of each other. */
  static String idOf(InputEvent e) {
    return (e.event() instanceof Movement ? "M:" : "O:") + e.recordId();
  }

  @Override
  public void open(OpenContext context) {
    first = getRuntimeContext().getState(new ValueStateDescriptor<>("first", InputEventSerializer.TYPE));
    released = getRuntimeContext().getState(new ValueStateDescriptor<>("released", Boolean.class));
  }

  @Override
  public void processElement(InputEvent e, Context ctx, Collector<InputEvent> out) throws Exception {
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

  @Override
  public void onTimer(long ts, OnTimerContext ctx, Collector<InputEvent> out) throws Exception {
    InputEvent winner = first.value();
    if (winner != null && !Boolean.TRUE.equals(released.value())) {
      out.collect(winner);
      released.update(true);
    }
  }

  private static Reject duplicate(InputEvent loser, InputEvent winner) {
    RejectReason reason = loser.event() instanceof Movement ? RejectReason.DUPLICATE_EVENT : RejectReason.DUPLICATE_ORDER_LINE;
    return loser.reject(reason, loser.recordId() + " was first seen at " + winner.file() + ":" + winner.lineNo());
  }
}
