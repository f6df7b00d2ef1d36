package io.tracelot.snapshot;

import static org.apache.parquet.schema.LogicalTypeAnnotation.dateType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;

import io.tracelot.allocator.model.Times;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * One column of a snapshot table: its Parquet type, how a record's value is written, and a
 * converter that puts a read value into a {@link Row} slot. Specialised per type so that neither
 * writing nor reading boxes a primitive.
 */
abstract class Column<T> {
  final String name;
  final boolean required;
  final PrimitiveType type;

  private Column(String name, boolean required, PrimitiveType type) {
    this.name = name;
    this.required = required;
    this.type = type;
  }

  /** Writes the field of {@code record}, or nothing when the value is absent. */
  abstract void write(T record, RecordConsumer out, int index, String table);

  /** The value a slot holds when the row has no value for this column (null, NO_DATE, NO_TS). */
  long absentNumber() {
    return 0L;
  }

  abstract Converter converter(Row row, int index);

  private static PrimitiveType type(
      String name, boolean required, PrimitiveTypeName primitive, LogicalTypeAnnotation logical) {
    return Types.primitive(primitive, required ? Repetition.REQUIRED : Repetition.OPTIONAL)
        .as(logical)
        .named(name);
  }

  IllegalArgumentException missing(String table) {
    return new IllegalArgumentException(table + "." + name + " is required but absent");
  }

  static <T> Column<T> string(String name, boolean required, Function<T, String> getter) {
    return new StringColumn<>(name, required, getter);
  }

  /** A lot code: the lot "" of lot-less items is stored as null (snapshot.md: empty is null). */
  static <T> Column<T> lot(String name, Function<T, String> getter) {
    return new StringColumn<>(name, false, r -> {
      String lot = getter.apply(r);
      return lot == null || lot.isEmpty() ? null : lot;
    });
  }

  static <T, E extends Enum<E>> Column<T> enumeration(String name, Class<E> type, Function<T, E> getter) {
    return new EnumColumn<>(name, type, getter);
  }

  static <T> Column<T> int64(String name, ToLongFunction<T> getter) {
    return new Int64Column<>(name, getter);
  }

  static <T> Column<T> int32(String name, ToIntFunction<T> getter) {
    return new Int32Column<>(name, getter);
  }

  static <T> Column<T> date(String name, boolean required, ToIntFunction<T> getter) {
    return new DateColumn<>(name, required, getter);
  }

  static <T> Column<T> timestamp(String name, boolean required, ToLongFunction<T> getter) {
    return new TimestampColumn<>(name, required, getter);
  }

  static <T> Column<T> bool(String name, Predicate<T> getter) {
    return new BooleanColumn<>(name, getter);
  }

  private static final class StringColumn<T> extends Column<T> {
    private final Function<T, String> getter;

    StringColumn(String name, boolean required, Function<T, String> getter) {
      super(name, required, type(name, required, PrimitiveTypeName.BINARY, stringType()));
      this.getter = getter;
    }

    @Override
    void write(T record, RecordConsumer out, int index, String table) {
      String value = getter.apply(record);
      if (value == null) {
        if (required) {
          throw missing(table);
        }
        return;
      }
      out.startField(name, index);
      out.addBinary(Binary.fromString(value));
      out.endField(name, index);
    }

    @Override
    Converter converter(Row row, int index) {
      return new PrimitiveConverter() {
        // decoded once per dictionary entry: sku, warehouse, customer repeat a lot
        private String[] dictionary;

        @Override
        public boolean hasDictionarySupport() {
          return true;
        }

        @Override
        public void setDictionary(Dictionary d) {
          dictionary = new String[d.getMaxId() + 1];
          for (int i = 0; i < dictionary.length; i++) {
            dictionary[i] = d.decodeToBinary(i).toStringUsingUTF8();
          }
        }

        @Override
        public void addValueFromDictionary(int id) {
          row.refs[index] = dictionary[id];
        }

        @Override
        public void addBinary(Binary value) {
          row.refs[index] = value.toStringUsingUTF8();
        }
      };
    }
  }

  private static final class EnumColumn<T, E extends Enum<E>> extends Column<T> {
    private final Class<E> enumType;
    private final Function<T, E> getter;
    private final Binary[] names;

    EnumColumn(String name, Class<E> enumType, Function<T, E> getter) {
      super(name, true, type(name, true, PrimitiveTypeName.BINARY, stringType()));
      this.enumType = enumType;
      this.getter = getter;
      E[] constants = enumType.getEnumConstants();
      names = new Binary[constants.length];
      for (E e : constants) {
        names[e.ordinal()] = Binary.fromConstantByteArray(e.name().getBytes(StandardCharsets.UTF_8));
      }
    }

    @Override
    void write(T record, RecordConsumer out, int index, String table) {
      E value = getter.apply(record);
      if (value == null) {
        throw missing(table);
      }
      out.startField(name, index);
      out.addBinary(names[value.ordinal()]);
      out.endField(name, index);
    }

    private E parse(Binary value) {
      String text = value.toStringUsingUTF8();
      try {
        return Enum.valueOf(enumType, text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "column " + name + ": unknown " + enumType.getSimpleName() + " '" + text + "'", e);
      }
    }

    @Override
    Converter converter(Row row, int index) {
      return new PrimitiveConverter() {
        private Object[] dictionary;

        @Override
        public boolean hasDictionarySupport() {
          return true;
        }

        @Override
        public void setDictionary(Dictionary d) {
          dictionary = new Object[d.getMaxId() + 1];
          for (int i = 0; i < dictionary.length; i++) {
            dictionary[i] = parse(d.decodeToBinary(i));
          }
        }

        @Override
        public void addValueFromDictionary(int id) {
          row.refs[index] = dictionary[id];
        }

        @Override
        public void addBinary(Binary value) {
          row.refs[index] = parse(value);
        }
      };
    }
  }

  private static final class Int64Column<T> extends Column<T> {
    private final ToLongFunction<T> getter;

    Int64Column(String name, ToLongFunction<T> getter) {
      super(name, true, type(name, true, PrimitiveTypeName.INT64, null));
      this.getter = getter;
    }

    @Override
    void write(T record, RecordConsumer out, int index, String table) {
      out.startField(name, index);
      out.addLong(getter.applyAsLong(record));
      out.endField(name, index);
    }

    @Override
    Converter converter(Row row, int index) {
      return new LongConverter(row, index);
    }
  }

  private static final class Int32Column<T> extends Column<T> {
    private final ToIntFunction<T> getter;

    Int32Column(String name, ToIntFunction<T> getter) {
      super(name, true, type(name, true, PrimitiveTypeName.INT32, null));
      this.getter = getter;
    }

    @Override
    void write(T record, RecordConsumer out, int index, String table) {
      out.startField(name, index);
      out.addInteger(getter.applyAsInt(record));
      out.endField(name, index);
    }

    @Override
    Converter converter(Row row, int index) {
      return new IntConverter(row, index);
    }
  }

  private static final class DateColumn<T> extends Column<T> {
    private final ToIntFunction<T> getter;

    DateColumn(String name, boolean required, ToIntFunction<T> getter) {
      super(name, required, type(name, required, PrimitiveTypeName.INT32, dateType()));
      this.getter = getter;
    }

    @Override
    void write(T record, RecordConsumer out, int index, String table) {
      int day = getter.applyAsInt(record);
      if (day == Times.NO_DATE) {
        if (required) {
          throw missing(table);
        }
        return;
      }
      out.startField(name, index);
      out.addInteger(day);
      out.endField(name, index);
    }

    @Override
    long absentNumber() {
      return Times.NO_DATE;
    }

    @Override
    Converter converter(Row row, int index) {
      return new IntConverter(row, index);
    }
  }

  private static final class TimestampColumn<T> extends Column<T> {
    private final ToLongFunction<T> getter;

    TimestampColumn(String name, boolean required, ToLongFunction<T> getter) {
      super(name, required, type(name, required, PrimitiveTypeName.INT64, timestampType(true, TimeUnit.MICROS)));
      this.getter = getter;
    }

    @Override
    void write(T record, RecordConsumer out, int index, String table) {
      long micros = getter.applyAsLong(record);
      if (micros == Times.NO_TS) {
        if (required) {
          throw missing(table);
        }
        return;
      }
      out.startField(name, index);
      out.addLong(micros);
      out.endField(name, index);
    }

    @Override
    long absentNumber() {
      return Times.NO_TS;
    }

    @Override
    Converter converter(Row row, int index) {
      return new LongConverter(row, index);
    }
  }

  private static final class BooleanColumn<T> extends Column<T> {
    private final Predicate<T> getter;

    BooleanColumn(String name, Predicate<T> getter) {
      super(name, true, type(name, true, PrimitiveTypeName.BOOLEAN, null));
      this.getter = getter;
    }

    @Override
    void write(T record, RecordConsumer out, int index, String table) {
      out.startField(name, index);
      out.addBoolean(getter.test(record));
      out.endField(name, index);
    }

    @Override
    Converter converter(Row row, int index) {
      return new PrimitiveConverter() {
        @Override
        public void addBoolean(boolean value) {
          row.numbers[index] = value ? 1 : 0;
        }
      };
    }
  }

  private static final class LongConverter extends PrimitiveConverter {
    private final Row row;
    private final int index;

    LongConverter(Row row, int index) {
      this.row = row;
      this.index = index;
    }

    @Override
    public void addLong(long value) {
      row.numbers[index] = value;
    }
  }

  private static final class IntConverter extends PrimitiveConverter {
    private final Row row;
    private final int index;

    IntConverter(Row row, int index) {
      this.row = row;
      this.index = index;
    }

    @Override
    public void addInt(int value) {
      row.numbers[index] = value;
    }
  }
}
