package io.tracelot.jobs.allocation;

import io.tracelot.allocator.Genealogy;
import io.tracelot.allocator.model.GenealogyEdge;
import io.tracelot.allocator.model.Movement;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by the hash of the work order (ref): accepted CONSUME and PRODUCE rows in, genealogy edges
 * out, each once. State is per work order, so work orders sharing a hash do not meet.
 */
final class LinkWorkOrders extends KeyedProcessFunction<Long, Movement, GenealogyEdge> {
  private transient MapState<String, Genealogy> workOrders;

  @Override
  public void open(OpenContext context) {
    workOrders = getRuntimeContext().getMapState(new MapStateDescriptor<>("work-orders", Types.STRING, TypeInformation.of(Genealogy.class)));
  }

  @Override
  public void processElement(Movement m, Context ctx, Collector<GenealogyEdge> out) throws Exception {
    Genealogy g = workOrders.get(m.ref());
    if (g == null) {
      g = new Genealogy(m.ref());
    }
    g.add(m).forEach(out::collect);
    workOrders.put(m.ref(), g);
  }
}
