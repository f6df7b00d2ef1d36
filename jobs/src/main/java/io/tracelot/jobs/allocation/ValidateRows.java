package io.tracelot.jobs.allocation;

import io.tracelot.allocator.ReferenceAllocation;
import io.tracelot.allocator.input.InputRow;
import io.tracelot.allocator.input.RowValidator;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.Sku;
import java.util.Map;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Row rules (inputs.md) on each movement and order row: valid events out, rejects to a side output. */
final class ValidateRows extends ProcessFunction<InputRow, InputEvent> {
  static final OutputTag<Reject> REJECTS = new OutputTag<>("row-rejects") {};

  private final Map<String, Sku> skus;
  private transient RowValidator validator;

  ValidateRows(Map<String, Sku> skus) {
    this.skus = Map.copyOf(skus);
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext context) {
    validator = new RowValidator(skus::get);
  }

  @Override
  public void processElement(InputRow row, Context ctx, Collector<InputEvent> out) {
    if (row.parseError() != null) {
      ctx.output(REJECTS, ReferenceAllocation.parseError(row));
      return;
    }
    RowValidator.Result r = switch (row.table()) {
      case MOVEMENTS -> validator.movement(row.file(), row.lineNo(), row.raw(), row.fields());
      case ORDERS -> validator.orderLine(row.file(), row.lineNo(), row.raw(), row.fields());
      case SKUS -> throw new IllegalStateException("sku rows are read before the job starts: " + row.file());
    };
    if (r.ok()) {
      out.collect(r.event());
    } else {
      ctx.output(REJECTS, r.reject());
    }
  }
}
