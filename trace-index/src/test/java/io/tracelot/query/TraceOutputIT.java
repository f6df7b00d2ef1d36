package io.tracelot.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelot.arrow.ArrowMemory;
import io.tracelot.trace.AnswerWriter;
import io.tracelot.trace.TraceAnswer;
import io.tracelot.trace.TraceFormat;
import io.tracelot.trace.TraceQuery;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The output formats of an answer: trace.md's JSON names, CSV, the FSMA 204 sheet, the Arrow stream. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceOutputIT {
  @TempDir static Path dir;
  TraceIndex index;
  TraceAnswer recall;
  TraceAnswer backward;

  @BeforeAll
  void open() throws IOException {
    Path s = TestSnapshots.create(dir, 20_000, 9, "run-out");
    TraceIndex.build(s, IndexProgress.none());
    index = TraceIndex.open(s);
    List<TraceQuery.LotRef> lots = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      lots.add(new TraceQuery.LotRef(null, String.format("L%06d", i)));
    }
    recall = index.trace(new TraceQuery.Recall(lots, TraceQuery.UNLIMITED));
    backward = index.trace(new TraceQuery.Backward(TraceQuery.From.CUSTOMER,
        recall.customers().get(0).customer(), null, TraceQuery.UNLIMITED));
    assertThat(recall.allocations()).isNotEmpty();
    assertThat(backward.sources()).isNotEmpty();
  }

  @AfterAll
  void close() {
    index.close();
  }

  private static byte[] write(TraceAnswer a, TraceFormat f) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AnswerWriter.write(a, f, out);
    return out.toByteArray();
  }

  @Test
  void json_usesTraceMdFieldNames_isoUtcInstants_andNullForAbsent() throws IOException {
    JsonNode j = new ObjectMapper().readTree(write(recall, TraceFormat.JSON));
    assertThat(j.get("run_id").asText()).isEqualTo("run-out");
    assertThat(j.get("found").asBoolean()).isTrue();
    assertThat(j.get("query").get("trace").asText()).isEqualTo("recall");
    JsonNode a = j.get("allocations").get(0);
    assertThat(iterable(a.fieldNames())).containsExactly("sku", "lot", "serial", "customer", "order_id", "line", "qty",
        "alloc_ts", "warehouse");
    assertThat(a.get("alloc_ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?Z");
    assertThat(iterable(j.get("lots").get(0).fieldNames())).containsExactly("sku", "lot", "depth", "expiry", "held");
    assertThat(iterable(j.fieldNames())).containsSubsequence("run_id", "query", "found", "lots", "allocations",
        "returns", "on_hand", "sources", "customers");
    assertThat(j.get("allocations").size()).isEqualTo(recall.allocations().size());
    JsonNode b = new ObjectMapper().readTree(write(backward, TraceFormat.JSON));
    assertThat(iterable(b.get("sources").get(0).fieldNames())).containsExactly("sku", "lot", "supplier", "ref", "ts",
        "warehouse", "qty");
    JsonNode none = new ObjectMapper().readTree(write(index.trace(new TraceQuery.ForwardSerial("NOPE", null)),
        TraceFormat.JSON));
    assertThat(none.get("found").asBoolean()).isFalse();
    assertThat(none.get("query").get("sku").isNull()).isTrue();
  }

  @Test
  void csv_hasOneRowPerRecord_withARecordColumn() throws IOException {
    String[] lines = new String(write(recall, TraceFormat.CSV), StandardCharsets.UTF_8).split("\r\n");
    assertThat(lines[0]).startsWith("run_id,record,sku,lot,serial,depth,expiry,held,customer,order_id,line,qty,ts");
    int expected = recall.lots().size() + recall.allocations().size() + recall.returns().size()
        + recall.onHand().size() + recall.sources().size() + recall.customers().size();
    assertThat(lines).hasSize(1 + expected);
    assertThat(lines[1]).startsWith("run-out,lot,");
  }

  @Test
  void fsma204_listsTheShippingKdes_onePerAllocation() throws IOException {
    String[] lines = new String(write(recall, TraceFormat.FSMA204), StandardCharsets.UTF_8).split("\r\n");
    assertThat(lines[0]).isEqualTo("traceability_lot_code,product_description,product_code,quantity,unit_of_measure,"
        + "ship_from_location,immediate_subsequent_recipient,ship_date,reference_document_type,"
        + "reference_document_number,reference_document_line,serial,run_id");
    assertThat(lines).hasSize(1 + recall.allocations().size());
    TraceAnswer.AllocationRow first = recall.allocations().get(0);
    assertThat(lines[1]).contains(first.sku()).contains(first.customer()).contains(first.orderId())
        .contains("Sales order");
  }

  @Test
  void table_isReadable_withRunIdAndSections() throws IOException {
    String t = new String(write(recall, TraceFormat.TABLE), StandardCharsets.UTF_8);
    assertThat(t).startsWith("Recall of 5 lot(s)  (snapshot run run-out)");
    assertThat(t).contains("Lots (").contains("Allocations (").contains("Customers (").contains("On hand (quarantine)");
    String none = new String(write(index.trace(new TraceQuery.ForwardLot("NOPE")), TraceFormat.TABLE),
        StandardCharsets.UTF_8);
    assertThat(none).contains("not found: the snapshot knows no lot 'NOPE'");
  }

  /**
   * The Arrow stream read back with Arrow's own stream reader (the DuckDB JDBC driver of the build
   * reads Arrow only through the C data interface, arrow-c-data, which the build does not have).
   */
  @Test
  void arrow_isAnIpcStream_readBackRowForRow() throws IOException {
    byte[] bytes = write(recall, TraceFormat.ARROW);
    List<Object[]> expected = io.tracelot.trace.AnswerRows.rows(recall);
    List<Object[]> actual = new ArrayList<>();
    try (ArrowMemory memory = new ArrowMemory()) {
      try (BufferAllocator a = memory.child("test");
          ArrowStreamReader r = new ArrowStreamReader(new ByteArrayInputStream(bytes), a)) {
        VectorSchemaRoot root = r.getVectorSchemaRoot();
        assertThat(root.getSchema().getCustomMetadata()).containsEntry("tracelot.run_id", "run-out");
        assertThat(root.getSchema().findField("ts").getType().toString()).isEqualTo("Timestamp(MICROSECOND, UTC)");
        while (r.loadNextBatch()) {
          for (int i = 0; i < root.getRowCount(); i++) {
            actual.add(io.tracelot.trace.AnswerRows.SCHEMA.row(root, i));
          }
        }
      }
    }
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).containsExactly(expected.get(i));
    }
  }

  private static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
