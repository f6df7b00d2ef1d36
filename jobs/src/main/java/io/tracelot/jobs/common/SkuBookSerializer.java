package io.tracelot.jobs.common;

import io.tracelot.allocator.SkuBook;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Sku books in Flink keyed state, in the allocator's own versioned binary form. */
public final class SkuBookSerializer extends TypeSerializer<SkuBook> {
  public static final TypeInformation<SkuBook> TYPE = new RecordTypeInfo<>(SkuBook.class, SkuBookSerializer::new);

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<SkuBook> duplicate() {
    return this;
  }

  @Override
  public SkuBook createInstance() {
    return null;
  }

  @Override
  public SkuBook copy(SkuBook from) {
    return from == null ? null : SkuBook.decode(from.encode());
  }

  @Override
  public SkuBook copy(SkuBook from, SkuBook reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(SkuBook book, DataOutputView out) throws IOException {
    byte[] bytes = book.encode();
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  @Override
  public SkuBook deserialize(DataInputView in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return SkuBook.decode(bytes);
  }

  @Override
  public SkuBook deserialize(SkuBook reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    int n = in.readInt();
    out.writeInt(n);
    out.write(in, n);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof SkuBookSerializer;
  }

  @Override
  public int hashCode() {
    return SkuBookSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<SkuBook> snapshotConfiguration() {
    return new BookSnapshot();
  }

  public static final class BookSnapshot extends SimpleTypeSerializerSnapshot<SkuBook> {
    public BookSnapshot() {
      super(SkuBookSerializer::new);
    }
  }
}
