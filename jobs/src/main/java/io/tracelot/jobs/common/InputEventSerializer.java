package io.tracelot.jobs.common;

import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.MovementType;
import io.tracelot.allocator.model.OrderLine;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The hot record of the job (shuffled by id, then by sku): a compact, Kryo-free wire form. */
public final class InputEventSerializer extends ImmutableRecordSerializer<InputEvent> {
  public static final TypeInformation<InputEvent> TYPE = new RecordTypeInfo<>(InputEvent.class, InputEventSerializer::new);
  private static final MovementType[] TYPES = MovementType.values();

  @Override
  public void serialize(InputEvent e, DataOutputView out) throws IOException {
    out.writeUTF(e.file());
    out.writeLong(e.lineNo());
    writeLong(out, e.raw());
    if (e.event() instanceof Movement m) {
      out.writeByte(m.type().ordinal());
      out.writeUTF(m.eventId());
      out.writeLong(m.ts());
      out.writeUTF(m.sku());
      writeNullable(out, m.lot());
      writeNullable(out, m.serial());
      out.writeLong(m.qty());
      writeNullable(out, m.warehouse());
      writeNullable(out, m.toWarehouse());
      out.writeInt(m.expiry());
      writeNullable(out, m.party());
      writeNullable(out, m.ref());
    } else {
      OrderLine l = (OrderLine) e.event();
      out.writeByte(-1);
      out.writeUTF(l.orderId());
      out.writeLong(l.line());
      out.writeLong(l.ts());
      out.writeUTF(l.customer());
      out.writeUTF(l.sku());
      out.writeLong(l.qty());
      out.writeUTF(l.warehouse());
      out.writeInt(l.shipDate());
      out.writeInt(l.minShelfDays());
      out.writeInt(l.priority());
    }
  }

  @Override
  public InputEvent deserialize(DataInputView in) throws IOException {
    String file = in.readUTF();
    long lineNo = in.readLong();
    String raw = readLong(in);
    byte kind = in.readByte();
    if (kind >= 0) {
      Movement m = new Movement(in.readUTF(), in.readLong(), TYPES[kind], in.readUTF(), readNullable(in), readNullable(in), in.readLong(),
          readNullable(in), readNullable(in), in.readInt(), readNullable(in), readNullable(in));
      return new InputEvent(m, file, lineNo, raw);
    }
    OrderLine l = new OrderLine(in.readUTF(), in.readLong(), in.readLong(), in.readUTF(), in.readUTF(), in.readLong(), in.readUTF(),
        in.readInt(), in.readInt(), in.readInt());
    return new InputEvent(l, file, lineNo, raw);
  }

  /** Mirrors {@link #serialize} field by field, copying bytes. */
  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    copyUtf(in, out); // file
    copyFixed(in, out, Long.BYTES); // lineNo
    copyLong(in, out); // raw
    byte kind = in.readByte();
    out.writeByte(kind);
    if (kind >= 0) {
      copyUtf(in, out); // eventId
      copyFixed(in, out, Long.BYTES); // ts
      copyUtf(in, out); // sku
      copyNullable(in, out); // lot
      copyNullable(in, out); // serial
      copyFixed(in, out, Long.BYTES); // qty
      copyNullable(in, out); // warehouse
      copyNullable(in, out); // toWarehouse
      copyFixed(in, out, Integer.BYTES); // expiry
      copyNullable(in, out); // party
      copyNullable(in, out); // ref
    } else {
      copyUtf(in, out); // orderId
      copyFixed(in, out, 2 * Long.BYTES); // line, ts
      copyUtf(in, out); // customer
      copyUtf(in, out); // sku
      copyFixed(in, out, Long.BYTES); // qty
      copyUtf(in, out); // warehouse
      copyFixed(in, out, 3 * Integer.BYTES); // shipDate, minShelfDays, priority
    }
  }

  @Override
  public TypeSerializerSnapshot<InputEvent> snapshotConfiguration() {
    return new InputEventSnapshot();
  }

  public static final class InputEventSnapshot extends Snapshot<InputEvent> {
    public InputEventSnapshot() {
      super(InputEventSerializer::new);
    }
  }
}
