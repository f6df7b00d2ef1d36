package io.tracelot.jobs.common;

import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.RejectReason;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A row that lost its id: to a row earlier in file order ({@code winnerFile}:{@code winnerLine}),
 * or to an earlier, chained run ({@code winnerFile} null). Keyed by the loser's sku, it meets the
 * row itself in the sku's allocation, which rejects the row instead of applying it.
 */
public record DuplicateRow(String sku, String file, long lineNo, String winnerFile, long winnerLine) {
  public static final TypeInformation<DuplicateRow> TYPE = new RecordTypeInfo<>(DuplicateRow.class, Serializer::new);

  public DuplicateRow {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(file, "file");
  }

  public static DuplicateRow of(IdClaim loser, IdClaim winner) {
    return new DuplicateRow(loser.sku(), loser.file(), loser.lineNo(), winner.file(), winner.lineNo());
  }

  public static DuplicateRow usedByEarlierRun(IdClaim loser) {
    return new DuplicateRow(loser.sku(), loser.file(), loser.lineNo(), null, 0);
  }

  /** The reject row for the losing row, with the same reasons and messages as always. */
  public Reject reject(InputEvent e) {
    RejectReason reason = e.event() instanceof Movement ? RejectReason.DUPLICATE_EVENT : RejectReason.DUPLICATE_ORDER_LINE;
    return e.reject(reason, winnerFile == null ? e.recordId() + " was used by an earlier run" : e.recordId() + " was first seen at " + winnerFile + ":" + winnerLine);
  }

  /** Kryo-free wire form. */
  public static final class Serializer extends ImmutableRecordSerializer<DuplicateRow> {
    @Override
    public void serialize(DuplicateRow d, DataOutputView out) throws IOException {
      out.writeUTF(d.sku);
      out.writeUTF(d.file);
      out.writeLong(d.lineNo);
      writeNullable(out, d.winnerFile);
      out.writeLong(d.winnerLine);
    }

    @Override
    public DuplicateRow deserialize(DataInputView in) throws IOException {
      return new DuplicateRow(in.readUTF(), in.readUTF(), in.readLong(), readNullable(in), in.readLong());
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
      copyUtf(in, out); // sku
      copyUtf(in, out); // file
      copyFixed(in, out, Long.BYTES); // lineNo
      copyNullable(in, out); // winnerFile
      copyFixed(in, out, Long.BYTES); // winnerLine
    }

    @Override
    public TypeSerializerSnapshot<DuplicateRow> snapshotConfiguration() {
      return new SerializerSnapshot();
    }
  }

  public static final class SerializerSnapshot extends ImmutableRecordSerializer.Snapshot<DuplicateRow> {
    public SerializerSnapshot() {
      super(Serializer::new);
    }
  }
}
