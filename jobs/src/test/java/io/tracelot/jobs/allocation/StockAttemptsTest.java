package io.tracelot.jobs.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelot.allocator.index.chronicle.ChronicleShards;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files of a run's attempts: working copies, checkpoint copies and the promotion after the job. */
class StockAttemptsTest {
  @TempDir Path dir;

  private Path stockWith(int keyGroups) throws IOException {
    Path stock = Files.createDirectories(dir.resolve("state/stock"));
    for (int kg = 0; kg < keyGroups; kg++) {
      Files.writeString(stock.resolve(ChronicleShards.fileName(kg)), "start-" + kg);
    }
    return stock;
  }

  /** An attempt of key groups [first, last] whose files say which attempt wrote them. */
  private Path attempt(Path stock, int first, int last, int attempt, boolean complete) throws IOException {
    Path work = StockAttempts.prepare(stock, first, last, attempt, StockAttempts.all(first, last, stock), "the run's starting index");
    for (int kg = first; kg <= last; kg++) {
      Files.writeString(work.resolve(ChronicleShards.fileName(kg)), "attempt-" + attempt + "-" + kg);
    }
    if (complete) {
      StockAttempts.complete(work);
    }
    return work;
  }

  private static String content(Path stock, int kg) throws IOException {
    return Files.readString(stock.resolve(ChronicleShards.fileName(kg)));
  }

  @Test
  void prepare_copiesTheAttemptsKeyGroups_andLeavesTheStartingIndexAlone() throws Exception {
    Path stock = stockWith(4);
    Path work = StockAttempts.prepare(stock, 2, 3, 0, StockAttempts.all(2, 3, stock), "the run's starting index");
    assertThat(work.getFileName().toString()).isEqualTo("kg-00002-00003-attempt-0");
    assertThat(content(work, 2)).isEqualTo("start-2");
    assertThat(work.resolve(ChronicleShards.fileName(0))).doesNotExist();
    Files.writeString(work.resolve(ChronicleShards.fileName(2)), "changed");
    assertThat(content(stock, 2)).isEqualTo("start-2"); // a copy, not a link
  }

  @Test
  void promote_takesPerKeyGroupTheHighestCompletedAttempt_andRemovesAttemptsAndCheckpointCopies() throws Exception {
    Path stock = stockWith(4);
    attempt(stock, 0, 1, 0, true);
    attempt(stock, 0, 1, 1, false); // failed later: its output was never committed
    attempt(stock, 2, 3, 0, false); // failed
    attempt(stock, 2, 3, 1, true); // the restart that succeeded
    StockAttempts.copyForCheckpoint(stock, 7, 0, 1, StockAttempts.all(0, 1, stock), true, false, 0);

    var promoted = StockAttempts.promote(stock, 4);

    assertThat(content(stock, 0)).isEqualTo("attempt-0-0");
    assertThat(content(stock, 1)).isEqualTo("attempt-0-1");
    assertThat(content(stock, 2)).isEqualTo("attempt-1-2");
    assertThat(content(stock, 3)).isEqualTo("attempt-1-3");
    assertThat(promoted).containsExactly(new StockAttempts.Promoted(0, 1, 0, "the run's starting index"), new StockAttempts.Promoted(2, 3, 1, "the run's starting index"));
    assertThat(StockAttempts.attemptsRoot(stock)).doesNotExist();
    assertThat(StockAttempts.checkpointsRoot(stock)).doesNotExist();
  }

  @Test
  void promote_aKeyGroupThatStayedEmpty_hasNoFileAfterwards() throws Exception {
    Path stock = Files.createDirectories(dir.resolve("state/stock"));
    Path work = attempt(stock, 0, 1, 0, false);
    Files.delete(work.resolve(ChronicleShards.fileName(1)));
    StockAttempts.complete(work);
    StockAttempts.promote(stock, 2);
    assertThat(content(stock, 0)).isEqualTo("attempt-0-0");
    assertThat(stock.resolve(ChronicleShards.fileName(1))).doesNotExist();
  }

  @Test
  void promote_aKeyGroupWithoutACompletedAttempt_failsNamingIt_andKeepsTheStartingIndex() throws Exception {
    Path stock = stockWith(4);
    attempt(stock, 0, 1, 0, true);
    attempt(stock, 2, 3, 0, false);
    assertThatThrownBy(() -> StockAttempts.promote(stock, 4)).isInstanceOf(IllegalStateException.class).hasMessageContaining("key group 2");
    assertThat(content(stock, 0)).isEqualTo("start-0");
  }

  @Test
  void complete_refusesAWorkingCopyWithAFileStillOpen() throws Exception {
    Path stock = stockWith(2);
    Path work = attempt(stock, 0, 1, 0, false);
    Files.writeString(work.resolve(ChronicleShards.fileName(0) + ".open"), "");
    assertThatThrownBy(() -> StockAttempts.complete(work)).hasMessageContaining("still open");
  }

  @Test
  void checkpointCopy_isWhatARestoredAttemptStartsFrom_andSaysWhetherTheStockWasEmitted() throws Exception {
    Path stock = stockWith(4);
    Path work = attempt(stock, 0, 1, 0, false);
    StockAttempts.copyForCheckpoint(stock, 3, 0, 1, StockAttempts.all(0, 1, work), false, false, 0);
    StockAttempts.copyForCheckpoint(stock, 3, 2, 3, StockAttempts.all(2, 3, stock), true, false, 0);
    Files.writeString(work.resolve(ChronicleShards.fileName(0)), "written after the checkpoint");

    StockAttempts.Restored restored = StockAttempts.checkpointSources(stock, 3, 0, 3);
    assertThat(restored.ended()).isFalse();
    Path again = StockAttempts.prepare(stock, 0, 3, 1, restored.sources(), "checkpoint 3");
    assertThat(content(again, 0)).isEqualTo("attempt-0-0");
    assertThat(content(again, 3)).isEqualTo("start-3");

    StockAttempts.copyForCheckpoint(stock, 4, 0, 1, StockAttempts.all(0, 1, work), true, true, 0);
    assertThat(StockAttempts.checkpointSources(stock, 4, 0, 1).ended()).isTrue();
  }

  @Test
  void checkpointSources_aKeyGroupNoCopyHolds_failsRatherThanStartingEmpty() throws Exception {
    Path stock = stockWith(4);
    StockAttempts.copyForCheckpoint(stock, 5, 0, 1, StockAttempts.all(0, 1, stock), true, false, 0);
    assertThatThrownBy(() -> StockAttempts.checkpointSources(stock, 5, 0, 3)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("checkpoint 5").hasMessageContaining("key group 2");
  }

  @Test
  void discardCheckpointsBefore_removesOnlyOlderCopiesOfTheseKeyGroups() throws Exception {
    Path stock = stockWith(4);
    for (long id : new long[] {1, 2, 3}) {
      StockAttempts.copyForCheckpoint(stock, id, 0, 1, StockAttempts.all(0, 1, stock), true, false, 0);
    }
    StockAttempts.copyForCheckpoint(stock, 1, 2, 3, StockAttempts.all(2, 3, stock), true, false, 0);

    StockAttempts.discardCheckpointsBefore(stock, 3, 0, 1);

    Path root = StockAttempts.checkpointsRoot(stock);
    assertThat(root.resolve("chk-1/kg-00000-00001")).doesNotExist();
    assertThat(root.resolve("chk-1/kg-00002-00003")).exists(); // another subtask's: it cleans up its own
    assertThat(root.resolve("chk-2")).doesNotExist();
    assertThat(StockAttempts.checkpointSources(stock, 3, 0, 1).sources()).isEqualTo(Map.of(0, root.resolve("chk-3/kg-00000-00001"), 1, root.resolve("chk-3/kg-00000-00001")));
  }
}
