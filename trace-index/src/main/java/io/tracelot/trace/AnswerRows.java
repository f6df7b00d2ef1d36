package io.tracelot.trace;

import static io.tracelot.arrow.RowSchema.Kind.BOOL;
import static io.tracelot.arrow.RowSchema.Kind.DATE;
import static io.tracelot.arrow.RowSchema.Kind.INT32;
import static io.tracelot.arrow.RowSchema.Kind.INT64;
import static io.tracelot.arrow.RowSchema.Kind.STRING;
import static io.tracelot.arrow.RowSchema.Kind.TIMESTAMP;
import static io.tracelot.arrow.RowSchema.col;

import io.tracelot.arrow.RowSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * An answer flattened into one table (the {@code csv} and {@code arrow} formats): lots, then
 * allocations, returns, on-hand stock, sources and customer totals, each list in its order; the
 * {@code record} column names the list. Columns a record does not have are null.
 */
public final class AnswerRows {
  private AnswerRows() {}

  public static final RowSchema SCHEMA = new RowSchema(List.of(
      col("run_id", STRING), col("record", STRING), col("sku", STRING), col("lot", STRING), col("serial", STRING),
      col("depth", INT32), col("expiry", DATE), col("held", BOOL), col("customer", STRING), col("order_id", STRING),
      col("line", INT64), col("qty", INT64), col("ts", TIMESTAMP), col("warehouse", STRING), col("supplier", STRING),
      col("ref", STRING)));

  public static List<Object[]> rows(TraceAnswer a) {
    List<Object[]> out = new ArrayList<>();
    String run = a.runId();
    for (TraceAnswer.LotRow r : a.lots()) {
      out.add(new Object[] {run, "lot", r.sku(), r.lot(), null, r.depth(), r.expiry(), r.held(), null, null, null, null,
          null, null, null, null});
    }
    for (TraceAnswer.AllocationRow r : a.allocations()) {
      out.add(new Object[] {run, "allocation", r.sku(), r.lot(), r.serial(), null, null, null, r.customer(),
          r.orderId(), r.line(), r.qty(), r.allocTs(), r.warehouse(), null, null});
    }
    for (TraceAnswer.ReturnRow r : a.returns()) {
      out.add(new Object[] {run, "return", r.sku(), r.lot(), r.serial(), null, null, null, r.customer(), null, null,
          r.qty(), r.ts(), r.warehouse(), null, null});
    }
    for (TraceAnswer.OnHandRow r : a.onHand()) {
      out.add(new Object[] {run, "on_hand", r.sku(), r.lot(), r.serial(), null, null, null, null, null, null, r.qty(),
          null, r.warehouse(), null, null});
    }
    for (TraceAnswer.SourceRow r : a.sources()) {
      out.add(new Object[] {run, "source", r.sku(), r.lot(), null, null, null, null, null, null, null, r.qty(), r.ts(),
          r.warehouse(), r.supplier(), r.ref()});
    }
    for (TraceAnswer.CustomerTotal r : a.customers()) {
      out.add(new Object[] {run, "customer", null, null, null, null, null, null, r.customer(), null, null, r.qty(),
          null, null, null, null});
    }
    return out;
  }
}
