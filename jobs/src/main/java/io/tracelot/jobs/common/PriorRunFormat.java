package io.tracelot.jobs.common;

import io.tracelot.allocator.Genealogy;
import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Backorder;
import io.tracelot.allocator.model.InputSource;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RejectReason;
import io.tracelot.snapshot.CloseableIterator;
import io.tracelot.snapshot.SnapshotTable;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;

/**
 * What a chained run needs from the earlier snapshot, read through Flink's file source from the
 * snapshot's own Parquet tables: the ids already used ({@link #usedIds}, so that a repeated
 * event_id or order line is a duplicate as in one run over both inputs) and the work-order
 * movements ({@link #workOrderMovements}, so that genealogy links across the two runs).
 */
public final class PriorRunFormat<R> implements BulkFormat<R, FileSourceSplit> {
  private static final int BATCH = 1024;

  private enum Kind { USED_IDS, WORK_ORDERS }

  private final Kind kind;
  private final TypeInformation<R> type;

  private PriorRunFormat(Kind kind, TypeInformation<R> type) {
    this.kind = kind;
    this.type = type;
  }

  /** Reads movements, rejects, allocations and backorders files; emits de-duplication keys. */
  public static PriorRunFormat<String> usedIds() {
    return new PriorRunFormat<>(Kind.USED_IDS, Types.STRING);
  }

  /** Reads movements files; emits accepted CONSUME and PRODUCE rows with a work order. */
  public static PriorRunFormat<Movement> workOrderMovements() {
    return new PriorRunFormat<>(Kind.WORK_ORDERS, TypeInformation.of(Movement.class));
  }

  /** The de-duplication key of a movement, as {@code FirstInFileOrder} builds it. */
  public static String movementId(String eventId) {
    return "M:" + eventId;
  }

  public static String orderLineId(String orderId, long line) {
    return "O:" + orderId + ":" + line;
  }

  @Override
  public Reader<R> createReader(Configuration config, FileSourceSplit split) throws IOException {
    return restoreReader(config, split);
  }

  @Override
  public Reader<R> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
    java.nio.file.Path file = Paths.get(split.path().toUri());
    String table = file.getParent().getFileName().toString();
    CloseableIterator<?> rows = tableOf(table).read(file);
    long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
    return new Reader<>() {
      long emitted = 0;

      @Override
      @SuppressWarnings("unchecked")
      public RecordIterator<R> readBatch() {
        List<R> out = new ArrayList<>(BATCH);
        while (out.size() < BATCH && rows.hasNext()) {
          R r = (R) map(rows.next());
          if (r != null && emitted++ >= skip) {
            out.add(r);
          }
        }
        if (out.isEmpty()) {
          return null;
        }
        ArrayResultIterator<R> it = new ArrayResultIterator<>();
        @SuppressWarnings("unchecked")
        R[] batch = (R[]) out.toArray();
        it.set(batch, batch.length, CheckpointedPosition.NO_OFFSET, emitted - batch.length);
        return it;
      }

      @Override
      public void close() {
        rows.close();
      }
    };
  }

  private Object map(Object row) {
    if (kind == Kind.WORK_ORDERS) {
      return row instanceof Movement m && Genealogy.links(m) ? m : null;
    }
    if (row instanceof Movement m) {
      return movementId(m.eventId());
    }
    if (row instanceof Reject r) {
      // a movement refused by a stock rule was used: its id stays taken
      return r.source() == InputSource.MOVEMENTS && r.reason().compareTo(RejectReason.DUPLICATE_SERIAL) >= 0 ? movementId(r.recordId()) : null;
    }
    if (row instanceof Allocation a) {
      return orderLineId(a.orderId(), a.line());
    }
    if (row instanceof Backorder b) {
      return orderLineId(b.orderId(), b.line());
    }
    return null;
  }

  private static SnapshotTable<?> tableOf(String name) {
    for (SnapshotTable<?> t : SnapshotTable.ALL) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("not a snapshot table directory: " + name);
  }

  @Override
  public boolean isSplittable() {
    return false;
  }

  @Override
  public TypeInformation<R> getProducedType() {
    return type;
  }
}
