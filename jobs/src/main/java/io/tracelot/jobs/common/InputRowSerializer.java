package io.tracelot.jobs.common;

import io.tracelot.allocator.input.InputRow;
import io.tracelot.allocator.model.InputSource;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Rows as read, before validation; Kryo cannot rebuild their immutable field maps. */
public final class InputRowSerializer extends ImmutableRecordSerializer<InputRow> {
  public static final TypeInformation<InputRow> TYPE = new RecordTypeInfo<>(InputRow.class, InputRowSerializer::new);
  private static final InputSource[] TABLES = InputSource.values();

  @Override
  public void serialize(InputRow r, DataOutputView out) throws IOException {
    out.writeByte(r.table().ordinal());
    out.writeUTF(r.file());
    out.writeLong(r.lineNo());
    writeLong(out, r.raw());
    writeLong(out, r.parseError());
    out.writeInt(r.fields().size());
    for (Map.Entry<String, String> f : r.fields().entrySet()) {
      writeLong(out, f.getKey());
      writeLong(out, f.getValue());
    }
  }

  @Override
  public InputRow deserialize(DataInputView in) throws IOException {
    InputSource table = TABLES[in.readByte()];
    String file = in.readUTF();
    long lineNo = in.readLong();
    String raw = readLong(in);
    String parseError = readLong(in);
    int n = in.readInt();
    Map<String, String> fields = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      fields.put(readLong(in), readLong(in));
    }
    return new InputRow(table, file, lineNo, raw, fields, parseError);
  }

  @Override
  public TypeSerializerSnapshot<InputRow> snapshotConfiguration() {
    return new InputRowSnapshot();
  }

  public static final class InputRowSnapshot extends Snapshot<InputRow> {
    public InputRowSnapshot() {
      super(InputRowSerializer::new);
    }
  }
}
