package io.tracelot.jobs.common;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the serializers for immutable records: copying is returning the same object, so only
 * write and read are left. Strings may be null: a flag byte precedes each nullable one.
 */
abstract class ImmutableRecordSerializer<T> extends TypeSerializer<T> {
  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return this;
  }

  @Override
  public T createInstance() {
    return null;
  }

  @Override
  public T copy(T from) {
    return from;
  }

  @Override
  public T copy(T from, T reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  /**
   * Decodes and encodes again; the hot records override this with a copy of their bytes, field by
   * field ({@link #copyUtf} and friends): Flink's sorter copies every record of a BATCH run's keyed
   * input, and decoding their strings there was a sixth of the sort phase.
   */
  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  /** Copies what {@link DataOutputView#writeUTF} wrote, without decoding it. */
  static void copyUtf(DataInputView in, DataOutputView out) throws IOException {
    int n = in.readUnsignedShort();
    out.writeShort(n);
    copyBytes(in, out, n);
  }

  /** Where copied bytes pass: DataOutputView.write(DataInputView, n) does not grow every view. */
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1024]);

  private static void copyBytes(DataInputView in, DataOutputView out, int n) throws IOException {
    byte[] b = SCRATCH.get();
    if (b.length < n) {
      b = new byte[Math.max(n, 2 * b.length)];
      SCRATCH.set(b);
    }
    in.readFully(b, 0, n);
    out.write(b, 0, n);
  }

  /** Copies what {@link #writeNullable} wrote. */
  static void copyNullable(DataInputView in, DataOutputView out) throws IOException {
    boolean present = in.readBoolean();
    out.writeBoolean(present);
    if (present) {
      copyUtf(in, out);
    }
  }

  /** Copies what {@link #writeLong} wrote. */
  static void copyLong(DataInputView in, DataOutputView out) throws IOException {
    int n = in.readInt();
    out.writeInt(n);
    if (n > 0) {
      copyBytes(in, out, n);
    }
  }

  /** Copies {@code bytes} bytes of fixed-size fields. */
  static void copyFixed(DataInputView in, DataOutputView out, int bytes) throws IOException {
    copyBytes(in, out, bytes);
  }

  @Override
  public boolean equals(Object obj) {
    return obj != null && obj.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return getClass().hashCode();
  }

  /** Serializers without configuration restore by class; format changes bump the snapshot version. */
  abstract static class Snapshot<T> extends SimpleTypeSerializerSnapshot<T> {
    Snapshot(java.util.function.Supplier<? extends TypeSerializer<T>> supplier) {
      super(supplier);
    }
  }

  @Override
  public abstract TypeSerializerSnapshot<T> snapshotConfiguration();

  static void writeNullable(DataOutputView out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  static String readNullable(DataInputView in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  /** writeUTF is limited to 64 KiB of modified UTF-8; raw rows and messages may be longer. */
  static void writeLong(DataOutputView out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static String readLong(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }
}
