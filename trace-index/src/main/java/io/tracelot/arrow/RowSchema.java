package io.tracelot.arrow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A flat table schema and the mapping of its rows ({@code Object[]}: String, Long, Integer,
 * Boolean or null) to and from Arrow vectors. Instants are epoch micros in
 * {@code timestamp[us, UTC]}, dates epoch days in {@code date32}. A string may also be given as
 * its UTF-8 bytes ({@code byte[]}), the form the index build sorts.
 */
public final class RowSchema {
  /** Column types. */
  public enum Kind {
    STRING(ArrowType.Utf8.INSTANCE),
    INT64(new ArrowType.Int(64, true)),
    INT32(new ArrowType.Int(32, true)),
    TIMESTAMP(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
    DATE(new ArrowType.Date(DateUnit.DAY)),
    BOOL(ArrowType.Bool.INSTANCE);

    final ArrowType arrowType;

    Kind(ArrowType arrowType) {
      this.arrowType = arrowType;
    }
  }

  /** One column. */
  public record Col(String name, Kind kind, boolean nullable) {}

  private final List<Col> cols;
  private final Kind[] kinds;

  public RowSchema(List<Col> cols) {
    this.cols = List.copyOf(cols);
    this.kinds = this.cols.stream().map(Col::kind).toArray(Kind[]::new);
  }

  public static Col col(String name, Kind kind) {
    return new Col(name, kind, true);
  }

  public List<Col> cols() {
    return cols;
  }

  public int size() {
    return cols.size();
  }

  public int index(String name) {
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no column " + name + " in " + cols);
  }

  public Schema arrowSchema(Map<String, String> metadata) {
    List<Field> fields = new ArrayList<>();
    for (Col c : cols) {
      fields.add(new Field(c.name(), new FieldType(c.nullable(), c.kind().arrowType, null), null));
    }
    return new Schema(fields, metadata);
  }

  /**
   * Writes {@code row} at {@code index} of a root's vectors (looked up once per root, not per row),
   * growing them as needed.
   */
  public void set(FieldVector[] vectors, int index, Object[] row) {
    for (int c = 0; c < kinds.length; c++) {
      FieldVector v = vectors[c];
      Object value = row[c];
      if (value == null) {
        v.setNull(index);
        continue;
      }
      switch (kinds[c]) {
        case STRING -> ((VarCharVector) v).setSafe(index,
            value instanceof byte[] utf8 ? utf8 : ((String) value).getBytes(StandardCharsets.UTF_8));
        case INT64 -> ((BigIntVector) v).setSafe(index, (Long) value);
        case INT32 -> ((IntVector) v).setSafe(index, (Integer) value);
        case TIMESTAMP -> ((TimeStampMicroTZVector) v).setSafe(index, (Long) value);
        case DATE -> ((DateDayVector) v).setSafe(index, (Integer) value);
        case BOOL -> ((BitVector) v).setSafe(index, (Boolean) value ? 1 : 0);
        default -> throw new AssertionError();
      }
    }
  }

  /** The value of column {@code c} at {@code index}, as {@link #set} takes it. */
  public Object get(VectorSchemaRoot root, int c, int index) {
    FieldVector v = root.getVector(c);
    if (v.isNull(index)) {
      return null;
    }
    return switch (cols.get(c).kind()) {
      case STRING -> new String(((VarCharVector) v).get(index), StandardCharsets.UTF_8);
      case INT64 -> ((BigIntVector) v).get(index);
      case INT32 -> ((IntVector) v).get(index);
      case TIMESTAMP -> ((TimeStampMicroTZVector) v).get(index);
      case DATE -> ((DateDayVector) v).get(index);
      case BOOL -> ((BitVector) v).get(index) != 0;
    };
  }

  /** The whole row at {@code index}. */
  public Object[] row(VectorSchemaRoot root, int index) {
    Object[] row = new Object[cols.size()];
    for (int c = 0; c < row.length; c++) {
      row[c] = get(root, c, index);
    }
    return row;
  }

  /** Checks that {@code schema} has exactly these columns (names and types). */
  public boolean matches(Schema schema) {
    List<Field> fields = schema.getFields();
    if (fields.size() != cols.size()) {
      return false;
    }
    for (int i = 0; i < cols.size(); i++) {
      if (!fields.get(i).getName().equals(cols.get(i).name())
          || !fields.get(i).getType().equals(cols.get(i).kind().arrowType)) {
        return false;
      }
    }
    return true;
  }

  public VectorSchemaRoot newRoot(BufferAllocator allocator, Map<String, String> metadata) {
    return VectorSchemaRoot.create(arrowSchema(metadata), allocator);
  }

  @Override
  public String toString() {
    return cols.toString();
  }
}
