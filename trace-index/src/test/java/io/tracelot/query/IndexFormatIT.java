package io.tracelot.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.arrow.ArrowMemory;
import io.tracelot.arrow.ArrowRowWriter;
import io.tracelot.arrow.MappedArrowFile;
import io.tracelot.snapshot.Manifest;
import io.tracelot.snapshot.SnapshotFormatException;
import io.tracelot.trace.TraceQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index format is checked on open: a missing, too old, too new, stale or corrupt index is a
 * clear error naming the file; Arrow memory has one owner and a leak fails loudly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexFormatIT {
  @TempDir static Path dir;
  Path original;
  int copies;

  @BeforeAll
  void snapshotWithIndex() throws IOException {
    original = TestSnapshots.create(dir.resolve("orig"), 10_000, 3, "run-fmt");
    TraceIndex.build(original, new TraceIndex.BuildOptions(100, 50), IndexProgress.none());
  }

  private Path copy() throws IOException {
    Path target = dir.resolve("copy-" + copies++);
    try (Stream<Path> all = Files.walk(original)) {
      for (Path p : all.toList()) {
        Path t = target.resolve(original.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return target;
  }

  private static Path header(Path snapshot) {
    return snapshot.resolve("index").resolve(IndexLayout.HEADER);
  }

  private static void replaceInHeader(Path snapshot, String from, String to) throws IOException {
    Path h = header(snapshot);
    String text = Files.readString(h);
    assertThat(text).contains(from);
    Files.writeString(h, text.replace(from, to));
  }

  @Test
  void open_withoutIndex_namesTheMissingHeader() throws IOException {
    Path s = copy();
    io.tracelot.snapshot.FileTrees.delete(s.resolve("index"));
    assertThatThrownBy(() -> TraceIndex.open(s)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining(header(s).toString()).hasMessageContaining("no trace index");
  }

  @Test
  void open_headerOfANewerVersion_isTooNew_namingTheFile() throws IOException {
    Path s = copy();
    replaceInHeader(s, "\"format_version\" : " + IndexLayout.VERSION, "\"format_version\" : " + (IndexLayout.VERSION + 1));
    assertThatThrownBy(() -> TraceIndex.open(s)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining(header(s).toString()).hasMessageContaining("too new");
  }

  @Test
  void open_headerOfAnOlderVersion_isTooOld_namingTheFile() throws IOException {
    Path s = copy();
    replaceInHeader(s, "\"format_version\" : " + IndexLayout.VERSION, "\"format_version\" : " + (IndexLayout.VERSION - 1));
    assertThatThrownBy(() -> TraceIndex.open(s)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining(header(s).toString()).hasMessageContaining("too old");
  }

  @Test
  void open_headerNotJson_isCorrupt() throws IOException {
    Path s = copy();
    Files.writeString(header(s), "{ not json");
    assertThatThrownBy(() -> TraceIndex.open(s)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining(header(s).toString()).hasMessageContaining("corrupt");
  }

  @Test
  void open_indexOfAnotherRun_isStale() throws IOException {
    Path s = copy();
    Manifest m = Manifest.read(s);
    Manifest.of("run-other", m.started(), m.finished(), m.inputFiles(), m.tables(), m.allocationPolicyVersion(), null,
        m.rejectsByReason(), m.invariants()).write(s);
    assertThatThrownBy(() -> TraceIndex.open(s)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining(header(s).toString()).hasMessageContaining("stale").hasMessageContaining("run-fmt");
  }

  @Test
  void open_truncatedFile_isCorrupt_namingTheFile() throws IOException {
    Path s = copy();
    Path f = s.resolve("index/alloc_by_lot.arrow");
    try (var ch = Files.newByteChannel(f, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() / 2);
    }
    assertThatThrownBy(() -> TraceIndex.open(s)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("corrupt");
  }

  @Test
  void open_headerWithOtherBatchRows_isCorrupt_namingTheFile() throws IOException {
    Path s = copy();
    replaceInHeader(s, "\"batch_rows\" : 50", "\"batch_rows\" : 40");
    assertThatThrownBy(() -> TraceIndex.open(s)).isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining(s.resolve("index").toString()).hasMessageContaining("corrupt")
        .hasMessageContaining("record batches, expected");
  }

  @Test
  void open_headerWithoutBatchRows_isCorrupt() throws IOException {
    Path s = copy();
    replaceInHeader(s, "\"batch_rows\" : 50,", "");
    assertThatThrownBy(() -> TraceIndex.open(s)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining(header(s).toString()).hasMessageContaining("batch_rows");
  }

  @Test
  void open_missingKeysFile_isCorrupt_namingIt() throws IOException {
    Path s = copy();
    Path keys = s.resolve("index/alloc_by_lot.keys.arrow");
    Files.delete(keys);
    assertThatThrownBy(() -> TraceIndex.open(s)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining(keys.toString()).hasMessageContaining("missing");
  }

  @Test
  void open_overwrittenBytes_areCorrupt_namingTheFile() throws IOException {
    Path s = copy();
    Path f = s.resolve("index/genealogy_up.arrow");
    byte[] bytes = Files.readAllBytes(f);
    for (int i = 0; i < 16; i++) {
      bytes[i] = 'x';
    }
    Files.write(f, bytes);
    assertThatThrownBy(() -> TraceIndex.open(s)).isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("corrupt");
    // the footer too
    Path g = s.resolve("index/lots.arrow");
    byte[] lots = Files.readAllBytes(g);
    for (int i = lots.length - 40; i < lots.length - 10; i++) {
      lots[i] = (byte) 0xFF;
    }
    Files.write(f, Files.readAllBytes(original.resolve("index/genealogy_up.arrow")));
    Files.write(g, lots);
    assertThatThrownBy(() -> TraceIndex.open(s)).isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining(g.toString()).hasMessageContaining("corrupt");
  }

  @Test
  void open_fileOfANewerVersion_isTooNew_namingThatFile() throws IOException {
    Path s = copy();
    Path f = s.resolve("index/skus.arrow");
    Files.delete(f);
    try (ArrowMemory memory = new ArrowMemory();
        ArrowRowWriter w = ArrowRowWriter.file(f, IndexLayout.SKUS, Map.of(IndexLayout.META_FORMAT, IndexLayout.FORMAT,
            IndexLayout.META_VERSION, Integer.toString(IndexLayout.VERSION + 1), IndexLayout.META_FILE, "skus"), 10, memory)) {
      w.write(new Object[] {"SKU-1", "a product", "each"});
    }
    String text = Files.readString(header(s));
    String fixed = text.replaceAll("(\"skus\" : \\{\\s*\"rows\" : )\\d+(,\\s*\"bytes\" : )\\d+", "$1" + 1 + "$2"
        + Files.size(f));
    Files.writeString(header(s), fixed);
    assertThatThrownBy(() -> TraceIndex.open(s)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("too new");
  }

  @Test
  void rebuild_replacesTheIndex_andOpenAnswersAgain() throws IOException {
    Path s = copy();
    TraceIndex.build(s, IndexProgress.none());
    try (TraceIndex index = TraceIndex.open(s)) {
      assertThat(index.runId()).isEqualTo("run-fmt");
      assertThat(index.trace(new TraceQuery.ForwardLot("L000001")).found()).isTrue();
    }
    try (Stream<Path> names = Files.list(s)) {
      assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".index"));
    }
  }

  @Test
  void malformedQueries_areClearErrors() {
    assertThatThrownBy(() -> new TraceQuery.ForwardLot(" L1 ")).hasMessageStartingWith("malformed query: lot");
    assertThatThrownBy(() -> new TraceQuery.ForwardLot("")).hasMessageStartingWith("malformed query: lot");
    assertThatThrownBy(() -> new TraceQuery.ForwardLot("L1", null, -1)).hasMessageContaining("depth must be >= 0");
    assertThatThrownBy(() -> new TraceQuery.ForwardSerial(null, null)).hasMessageContaining("serial is required");
    assertThatThrownBy(() -> TraceQuery.From.parse("supplier")).hasMessageContaining("lot, serial, order or customer");
    assertThatThrownBy(() -> new TraceQuery.Backward(TraceQuery.From.ORDER, "O1", "SKU", 1))
        .hasMessageContaining("--sku applies to lot and serial");
    assertThatThrownBy(() -> new TraceQuery.Recall(List.of(), 1)).hasMessageContaining("at least one lot");
    assertThatThrownBy(() -> new TraceQuery.ForwardLot("x".repeat(129))).hasMessageContaining("1 to 128");
  }

  @Test
  void closedIndex_releasesAllArrowMemory_andALeakedBatchFailsTheOwner() throws IOException {
    Path s = copy();
    try (TraceIndex index = TraceIndex.open(s)) {
      assertThat(index.arrowBytes()).as("mapped files count as Arrow memory").isPositive();
      index.trace(new TraceQuery.Recall(List.of(new TraceQuery.LotRef(null, "L000001")), TraceQuery.UNLIMITED));
    } // close() throws if any buffer is still allocated

    ArrowMemory memory = new ArrowMemory();
    MappedArrowFile file = MappedArrowFile.open(s.resolve("index/alloc_by_lot.arrow"), memory);
    BufferAllocator reads = memory.child("reads");
    VectorSchemaRoot leaked = file.batch(0, reads);
    assertThatThrownBy(memory::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("leaked");
    leaked.close();
    reads.close();
    file.close();
    assertThat(memory.allocatedBytes()).isZero();
    memory.close();
  }

}
