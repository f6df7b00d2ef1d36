package io.tracelot.jobs.allocation;

import io.tracelot.allocator.Genealogy;
import io.tracelot.allocator.model.GenealogyEdge;
import io.tracelot.allocator.model.Movement;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Keyed by work order (ref): accepted CONSUME and PRODUCE rows in, genealogy edges out, each once. */
final class LinkWorkOrders extends KeyedProcessFunction<String, Movement, GenealogyEdge> {
  private transient ValueState<Genealogy> workOrder;

  @Override
  public void open(OpenContext context) {
    workOrder = getRuntimeContext().getState(new ValueStateDescriptor<>("work-order", Genealogy.class));
  }

  @Override
  public void processElement(Movement m, Context ctx, Collector<GenealogyEdge> out) throws Exception {
    Genealogy g = workOrder.value();
    if (g == null) {
      g = new Genealogy(m.ref());
    }
    g.add(m).forEach(out::collect);
    workOrder.update(g);
  }
}
