package io.tracelot.jobs.common;

import io.tracelot.allocator.model.FileOrder;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.OrderLine;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A valid row's claim to its id ({@code M:event_id} or {@code O:order_id:line}): where the row
 * stands in file order, its event time and which sku holds it. Duplicates are found among claims, a few dozen
 * bytes each, instead of shuffling every whole row a second time.
 */
public record IdClaim(String id, String file, long lineNo, long ts, String sku) {
  public static final TypeInformation<IdClaim> TYPE = new RecordTypeInfo<>(IdClaim.class, Serializer::new);

  public IdClaim {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sku, "sku");
  }

  public static IdClaim of(InputEvent e) {
    if (e.event() instanceof Movement m) {
      return new IdClaim(PriorRunFormat.movementId(m.eventId()), e.file(), e.lineNo(), m.ts(), e.sku());
    }
    OrderLine l = (OrderLine) e.event();
    return new IdClaim(PriorRunFormat.orderLineId(l.orderId(), l.line()), e.file(), e.lineNo(), l.ts(), e.sku());
  }

  /** True when this row comes first in file order (file name by code point, then line). */
  public boolean before(IdClaim other) {
    return FileOrder.compare(file, lineNo, other.file, other.lineNo) < 0;
  }

  /** Kryo-free wire form. */
  public static final class Serializer extends ImmutableRecordSerializer<IdClaim> {
    @Override
    public void serialize(IdClaim c, DataOutputView out) throws IOException {
      out.writeUTF(c.id);
      out.writeUTF(c.file);
      out.writeLong(c.lineNo);
      out.writeLong(c.ts);
      out.writeUTF(c.sku);
    }

    @Override
    public IdClaim deserialize(DataInputView in) throws IOException {
      return new IdClaim(in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), in.readUTF());
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
      copyUtf(in, out); // id
      copyUtf(in, out); // file
      copyFixed(in, out, 2 * Long.BYTES); // lineNo, ts
      copyUtf(in, out); // sku
    }

    @Override
    public TypeSerializerSnapshot<IdClaim> snapshotConfiguration() {
      return new SerializerSnapshot();
    }
  }

  public static final class SerializerSnapshot extends ImmutableRecordSerializer.Snapshot<IdClaim> {
    public SerializerSnapshot() {
      super(Serializer::new);
    }
  }
}
