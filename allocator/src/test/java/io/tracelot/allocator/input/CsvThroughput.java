package io.tracelot.allocator.input;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tracelot.allocator.model.InputSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Rough single-threaded rows/s of the row readers on in-memory movements; not a test and not a
 * benchmark of record (the benchmarks module owns those). Thread CPU time, so a busy machine skews it less. Run: {@code java -cp <test+main classes
 * and jackson-core> io.tracelot.allocator.input.CsvThroughput [rows]}.
 */
public final class CsvThroughput {
  private CsvThroughput() {}

  public static void main(String[] args) throws IOException {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    StringBuilder csv = new StringBuilder("event_id,ts,type,sku,lot,qty,warehouse\n");
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      String sku = "SKU-" + (i % 5000);
      csv.append("E").append(i).append(",2026-11-20T08:15:00Z,RECEIPT,").append(sku).append(",L").append(i % 97).append(',').append(1 + i % 50).append(",WH1\n");
      jsonl.append("{\"event_id\":\"E").append(i).append("\",\"ts\":\"2026-11-20T08:15:00Z\",\"type\":\"RECEIPT\",\"sku\":\"").append(sku)
          .append("\",\"lot\":\"L").append(i % 97).append("\",\"qty\":").append(1 + i % 50).append(",\"warehouse\":\"WH1\"}\n");
    }
    byte[] csvBytes = csv.toString().getBytes(UTF_8);
    byte[] jsonlBytes = jsonl.toString().getBytes(UTF_8);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 8; round++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      long n = 0;
      try (RowReader r = new CsvRowReader(new ByteArrayInputStream(csvBytes), InputSource.MOVEMENTS, "movements.csv")) {
        while (r.hasNext()) {
          n += r.next().fields().size();
        }
      }
      long t1 = cpu.getCurrentThreadCpuTime();
      try (RowReader r = new JsonLinesRowReader(new ByteArrayInputStream(jsonlBytes), InputSource.MOVEMENTS, "movements.jsonl")) {
        while (r.hasNext()) {
          n += r.next().fields().size();
        }
      }
      long t2 = cpu.getCurrentThreadCpuTime();
      System.out.printf("round %d: csv %,.0f rows/s (%.0f MB/s), jsonl %,.0f rows/s [%d]%n", round,
          rows / ((t1 - t0) / 1e9), csvBytes.length / ((t1 - t0) / 1e3), rows / ((t2 - t1) / 1e9), n);
    }
  }
}
