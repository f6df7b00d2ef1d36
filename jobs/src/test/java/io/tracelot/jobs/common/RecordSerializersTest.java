package io.tracelot.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelot.allocator.SkuMaster;
import io.tracelot.allocator.input.InputDirectory;
import io.tracelot.allocator.input.InputFile;
import io.tracelot.allocator.input.InputRow;
import io.tracelot.allocator.input.RowReader;
import io.tracelot.allocator.input.RowValidator;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.InputSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The hot records' serializers on every valid row of the committed sample: a record comes back
 * equal, and {@code copy} (which Flink's sorter calls on every record, and which copies bytes field
 * by field) writes exactly the bytes of the record it copies and reads no further.
 */
class RecordSerializersTest {
  private static final Path SAMPLE = Path.of(System.getProperty("tracelot.root", "..")).resolve("datasets/sample");

  private static List<InputEvent> sampleEvents() {
    InputDirectory dir = InputDirectory.open(SAMPLE);
    SkuMaster master = new SkuMaster();
    for (InputFile f : dir.files(InputSource.SKUS)) {
      try (RowReader rows = f.open()) {
        master.read(() -> rows);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    RowValidator validator = new RowValidator(master::get);
    List<InputEvent> events = new ArrayList<>();
    for (InputFile f : dir.files()) {
      if (f.table() == InputSource.SKUS) {
        continue;
      }
      try (RowReader rows = f.open()) {
        while (rows.hasNext()) {
          InputRow r = rows.next();
          if (r.hasParseError()) {
            continue;
          }
          RowValidator.Result v = f.table() == InputSource.MOVEMENTS
              ? validator.movement(r.file(), r.lineNo(), r.raw(), r.fields())
              : validator.orderLine(r.file(), r.lineNo(), r.raw(), r.fields());
          if (v.ok()) {
            events.add(v.event());
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return events;
  }

  private static <T> void roundTripsAndCopiesBytes(TypeSerializer<T> serializer, List<T> records) throws IOException {
    DataOutputSerializer all = new DataOutputSerializer(1 << 16);
    List<byte[]> each = new ArrayList<>();
    for (T r : records) {
      DataOutputSerializer one = new DataOutputSerializer(256);
      serializer.serialize(r, one);
      each.add(one.getCopyOfBuffer());
      serializer.serialize(r, all);
    }
    DataInputDeserializer in = new DataInputDeserializer(all.getCopyOfBuffer());
    DataInputDeserializer again = new DataInputDeserializer(all.getCopyOfBuffer());
    for (int i = 0; i < records.size(); i++) {
      DataOutputSerializer copied = new DataOutputSerializer(256);
      serializer.copy(in, copied);
      assertThat(copied.getCopyOfBuffer()).as("copy of record %d: %s", i, records.get(i)).isEqualTo(each.get(i));
      assertThat(serializer.deserialize(again)).isEqualTo(records.get(i));
    }
    assertThat(in.available()).isZero();
  }

  @Test
  void inputEvents() throws IOException {
    List<InputEvent> events = sampleEvents();
    assertThat(events).hasSizeGreaterThan(1_000);
    assertThat(events).anyMatch(e -> e.event() instanceof io.tracelot.allocator.model.Movement).anyMatch(e -> e.event() instanceof io.tracelot.allocator.model.OrderLine);
    events.add(new InputEvent(events.get(0).event(), "movements.csv", 7, null)); // no raw row
    events.add(new InputEvent(events.get(1).event(), "mövements/ünïcode.csv", 8, "\"q\"\"x\",ü,\uD83D\uDE00," + "z".repeat(70_000)));
    roundTripsAndCopiesBytes(new InputEventSerializer(), events);
  }

  @Test
  void idClaimsAndDuplicateRows() throws IOException {
    List<InputEvent> events = sampleEvents();
    List<IdClaim> claims = events.stream().map(IdClaim::of).toList();
    roundTripsAndCopiesBytes(new IdClaim.Serializer(), claims);
    List<DuplicateRow> rows = new ArrayList<>();
    for (IdClaim c : claims.subList(0, 500)) {
      rows.add(new DuplicateRow(c.sku(), c.file(), c.lineNo(), c.lineNo() % 3 == 0 ? null : "orders.csv", c.lineNo() - 1));
    }
    roundTripsAndCopiesBytes(new DuplicateRow.Serializer(), rows);
  }
}
