package io.tracelot.jobs.allocation;

import io.tracelot.allocator.AllocationOutput;
import io.tracelot.allocator.Allocator;
import io.tracelot.allocator.SkuBook;
import io.tracelot.allocator.index.StockIndex;
import io.tracelot.allocator.index.chronicle.ChronicleShards;
import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Backorder;
import io.tracelot.allocator.model.InputEvent;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.Reject;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.StockPosition;
import io.tracelot.jobs.common.DuplicateRow;
import io.tracelot.jobs.common.InputEventSerializer;
import io.tracelot.jobs.common.RunProgress;
import io.tracelot.jobs.common.SkuBookSerializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.IntMaximum;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by sku: holds a sku's events until the watermark passes them, then applies them as one
 * batch with the {@link Allocator} against the Chronicle stock index shard of the sku's key group.
 * The second input names the sku's rows that lost their id to another row ({@link
 * FirstInFileOrder}): those are rejected as duplicates instead of applied. Both inputs come from
 * the same rows, so a row's loss has arrived by the time the watermark passes the row.
 * At the end of the input it emits the stock and open backorders of every sku of its key groups,
 * including skus this run did not touch (chained runs). Allocations are the main output; accepted
 * movements, rejects, stock and backorders go to side outputs.
 *
 * <p>Restarts: Chronicle writes its files in place, so each attempt of a subtask works on its own
 * copy of its key groups' files ({@link StockAttempts}), taken from the run's starting index or,
 * when Flink restores a STREAMING checkpoint, from the copy saved with that checkpoint. The events
 * still waiting in keyed state and their timers come back with Flink's own checkpoint, so index and
 * events are restored to the same point. A completed attempt marks its copy, and the run promotes
 * it after the job.
 */
final class AllocateSkus extends AbstractStreamOperator<Allocation>
    implements TwoInputStreamOperator<InputEvent, DuplicateRow, Allocation>, Triggerable<Long, VoidNamespace>, BoundedMultiInput {
  static final OutputTag<Movement> MOVEMENTS = new OutputTag<>("accepted-movements") {};
  static final OutputTag<Reject> REJECTS = new OutputTag<>("stock-rejects") {};
  static final OutputTag<StockPosition> STOCK = new OutputTag<>("stock") {};
  static final OutputTag<Backorder> BACKORDERS = new OutputTag<>("backorders") {};
  /** The highest attempt number of any allocation subtask that ran to the end: above 0 after a restart. */
  static final String ATTEMPT_ACCUMULATOR = "tracelot-allocation-attempt";

  private final Map<String, Sku> skus;
  private final StockIndexKind kind;
  private final String stockDir;
  private final long expectedSkus;
  private final long expectedLots;
  private final FailureInjection failure;
  /**
   * Whether the input carries watermarks before its end. Files do not: the watermark jumps to its
   * end at the end of the input, so every event is due then, and one timer per key does what one
   * timer per event time would. That matters with a named state backend in BATCH mode, which does
   * not clear timers key by key: one timer per event made RocksDB fire some ten million empty
   * timers per subtask after the last event.
   */
  private final boolean watermarked;

  private transient ListState<InputEvent> pending;
  /** Rows of this key that lost their id; few, and kept until their row is due. */
  private transient ListState<DuplicateRow> duplicates;
  private transient int inputsEnded;
  private transient InternalTimerService<VoidNamespace> timers;
  private transient ChronicleShards shards;
  private transient MapState<String, SkuBook> bookState;
  private transient StockIndex keyedIndex;
  private transient AllocationOutput sink;
  private transient int keyGroups;
  /** The checkpoint Flink restored this attempt from, if any. */
  private transient OptionalLong restoredCheckpoint;
  /** This attempt's working copy of its key groups' index files (CHRONICLE). */
  private transient Path work;
  /**
   * Per key group, a directory whose file equals the working copy's and is never written (the
   * starting index, a checkpoint's copy); null once this attempt may have changed a file. Lets a
   * checkpoint link files instead of copying them.
   */
  private transient Map<Integer, Path> unchangedIn;
  /**
   * The final stock is emitted (by this attempt, or before the checkpoint it restored); the
   * working copy is then final and closed.
   */
  private transient boolean ended;
  /** The first checkpoint this attempt took after its end of input (0: none yet). */
  private transient long firstCheckpointAfterEnd;
  private transient long applied;
  private transient long checkpointsCompleted;
  private transient boolean endCheckpointed;

  AllocateSkus(Map<String, Sku> skus, String stockDir, long expectedSkus, long expectedLots) {
    this(skus, StockIndexKind.CHRONICLE, stockDir, expectedSkus, expectedLots, null, true);
  }

  /**
   * @param stockDir the run's starting index, never written by the job (see {@link StockAttempts})
   * @param failure a failure to inject for tests, or null
   * @param watermarked whether watermarks may pass before the end of the input; if not, events wait
   *     on one timer per key at the end of time
   */
  AllocateSkus(Map<String, Sku> skus, StockIndexKind kind, String stockDir, long expectedSkus, long expectedLots, FailureInjection failure,
      boolean watermarked) {
    this.skus = Map.copyOf(skus);
    this.kind = kind;
    this.stockDir = stockDir;
    this.expectedSkus = expectedSkus;
    this.expectedLots = expectedLots;
    this.failure = failure;
    this.watermarked = watermarked;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    restoredCheckpoint = context.getRestoredCheckpointId();
  }

  @Override
  public void open() throws Exception {
    super.open();
    pending = getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, new ListStateDescriptor<>("pending-events", InputEventSerializer.TYPE));
    duplicates = getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, new ListStateDescriptor<>("duplicate-rows", DuplicateRow.TYPE));
    timers = getInternalTimerService("allocate", VoidNamespaceSerializer.INSTANCE, this);
    keyGroups = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
    getRuntimeContext().addAccumulator(ATTEMPT_ACCUMULATOR, new IntMaximum(attempt()));
    if (kind == StockIndexKind.CHRONICLE) {
      KeyGroupRange mine = ownKeyGroups();
      Path stock = Path.of(stockDir);
      String origin;
      if (restoredCheckpoint != null && restoredCheckpoint.isPresent()) {
        long id = restoredCheckpoint.getAsLong();
        StockAttempts.Restored restored = StockAttempts.checkpointSources(stock, id, mine.getStartKeyGroup(), mine.getEndKeyGroup());
        unchangedIn = restored.sources();
        // Flink reopens a subtask restored from a checkpoint taken after its end of input and ends
        // its input again: the stock it emitted then is in that checkpoint's output already
        ended = restored.ended();
        origin = "checkpoint " + id + (ended ? ", taken after the final stock was emitted" : "");
      } else {
        unchangedIn = StockAttempts.all(mine.getStartKeyGroup(), mine.getEndKeyGroup(), Files.createDirectories(stock));
        origin = "the run's starting index";
      }
      work = StockAttempts.prepare(stock, mine.getStartKeyGroup(), mine.getEndKeyGroup(), attempt(), unchangedIn, origin);
      shards = new ChronicleShards(work, expectedSkus, expectedLots, keyGroups);
      if (ended) {
        StockAttempts.complete(work);
      }
    } else {
      bookState = getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, new MapStateDescriptor<>("sku-books", Types.STRING, SkuBookSerializer.TYPE));
      keyedIndex = new KeyedStateIndex(bookState);
    }
    sink = new AllocationOutput() {
      @Override
      public void allocated(Allocation a) {
        output.collect(new StreamRecord<>(a));
      }

      @Override
      public void accepted(Movement m) {
        output.collect(MOVEMENTS, new StreamRecord<>(m));
      }

      @Override
      public void rejected(Reject r) {
        output.collect(REJECTS, new StreamRecord<>(r));
      }
    };
  }

  @Override
  public void processElement1(StreamRecord<InputEvent> record) throws Exception {
    InputEvent e = record.getValue();
    pending.add(e);
    timers.registerEventTimeTimer(VoidNamespace.INSTANCE, watermarked ? e.event().ts() : Long.MAX_VALUE);
  }

  @Override
  public void processElement2(StreamRecord<DuplicateRow> record) throws Exception {
    duplicates.add(record.getValue());
  }

  @Override
  public void onEventTime(InternalTimer<Long, VoidNamespace> timer) throws Exception {
    long watermark = timers.currentWatermark();
    Iterable<InputEvent> all = pending.get();
    if (all == null) {
      return; // state backends return null for an empty list
    }
    Map<Position, DuplicateRow> lost = lostRows();
    boolean hadDuplicates = !lost.isEmpty();
    // skus sharing a key hash share the key: apply each sku's due events as its own batch
    Map<String, List<InputEvent>> due = new TreeMap<>();
    List<InputEvent> later = new ArrayList<>();
    for (InputEvent e : all) {
      DuplicateRow d = lost.isEmpty() ? null : lost.remove(new Position(e.file(), e.lineNo()));
      if (d != null) {
        sink.rejected(d.reject(e));
        continue;
      }
      if (e.event().ts() <= Math.max(watermark, timer.getTimestamp())) {
        due.computeIfAbsent(e.sku(), s -> new ArrayList<>()).add(e);
      } else {
        later.add(e);
      }
    }
    if (due.isEmpty() && !hadDuplicates) {
      return;
    }
    if (later.isEmpty()) {
      pending.clear();
    } else {
      pending.update(later);
    }
    if (hadDuplicates) {
      duplicates.update(new ArrayList<>(lost.values())); // the rows not met yet wait for theirs
    }
    if (due.isEmpty()) {
      return;
    }
    unchangedIn = null;
    StockIndex index = kind == StockIndexKind.CHRONICLE ? shards.shard(ownKeyGroup(timer.getKey())) : keyedIndex;
    for (Map.Entry<String, List<InputEvent>> batch : due.entrySet()) {
      new Allocator(index, sink).apply(skus.get(batch.getKey()), batch.getValue());
      RunProgress.EVENTS_APPLIED.addAndGet(batch.getValue().size());
      applied += batch.getValue().size();
      failIfDue();
    }
    if (kind == StockIndexKind.FLINK_STATE && later.isEmpty() && watermark == Long.MAX_VALUE) {
      // keyed state cannot be walked at the end of a BATCH run: a finished key reports right away
      for (SkuBook book : bookState.values()) {
        emitFinalState(book);
      }
    }
  }

  /** Where a row stands in the input: a file and a line name one row. */
  private record Position(String file, long line) {}

  /** This key's duplicate rows by position (usually none). */
  private Map<Position, DuplicateRow> lostRows() throws Exception {
    Iterable<DuplicateRow> rows = duplicates.get();
    if (rows == null) {
      return Map.of();
    }
    Map<Position, DuplicateRow> out = new HashMap<>();
    for (DuplicateRow d : rows) {
      out.put(new Position(d.file(), d.lineNo()), d);
    }
    return out;
  }

  @Override
  public void onProcessingTime(InternalTimer<Long, VoidNamespace> timer) {}

  /** The key group of a key, checked against this subtask's range: two subtasks must never share a file. */
  private int ownKeyGroup(Long key) {
    int kg = KeyGroupRangeAssignment.assignToKeyGroup(key, keyGroups);
    KeyGroupRange mine = ownKeyGroups();
    if (!mine.contains(kg)) {
      throw new IllegalStateException("key " + key + " is in key group " + kg + " of " + keyGroups + ", outside this subtask's " + mine + " (current key " + getCurrentKey() + ")");
    }
    return kg;
  }

  private KeyGroupRange ownKeyGroups() {
    var task = getRuntimeContext().getTaskInfo();
    return KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(keyGroups, task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
  }

  private int attempt() {
    return getRuntimeContext().getTaskInfo().getAttemptNumber();
  }

  private void failIfDue() {
    var task = getRuntimeContext().getTaskInfo();
    if (failure != null && failure.due(task.getIndexOfThisSubtask(), attempt(), applied, checkpointsCompleted, ended, endCheckpointed)) {
      throw new FailureInjection.InjectedFailure("injected failure of allocation subtask " + task.getIndexOfThisSubtask() + ", attempt " + attempt() + ", after "
          + applied + " events and " + checkpointsCompleted + " completed checkpoints" + (ended ? ", after its end of input" : ""));
    }
  }

  /** The end of both inputs (the rows and the duplicates) is this subtask's end of input. */
  @Override
  public void endInput(int inputId) throws Exception {
    if (++inputsEnded == 2) {
      endOfInput();
    }
  }

  private void endOfInput() throws Exception {
    if (ended || kind != StockIndexKind.CHRONICLE) {
      ended = true;
      return;
    }
    KeyGroupRange mine = ownKeyGroups();
    unchangedIn = null; // opening a file may write to it
    shards.forEachBook(mine.getStartKeyGroup(), mine.getEndKeyGroup(), this::emitFinalState);
    shards.close();
    StockAttempts.complete(work);
    ended = true;
  }

  /**
   * STREAMING: saves this subtask's index files with the checkpoint, next to the pending events
   * Flink saves. Runs in the task thread, between two elements, so the files are consistent with
   * the keyed state. Files not written since the last save are linked, not copied; before the
   * final watermark that is every file, as events only wait in keyed state until then.
   */
  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    long id = context.getCheckpointId();
    if (ended && firstCheckpointAfterEnd == 0) {
      firstCheckpointAfterEnd = id;
    }
    if (kind != StockIndexKind.CHRONICLE) {
      return;
    }
    KeyGroupRange mine = ownKeyGroups();
    int first = mine.getStartKeyGroup();
    int last = mine.getEndKeyGroup();
    Path stock = Path.of(stockDir);
    Path copy;
    if (ended) {
      // final files, never written again: links; the copy says the final stock was emitted
      copy = StockAttempts.copyForCheckpoint(stock, id, first, last, StockAttempts.all(first, last, work), true, true, attempt());
    } else if (unchangedIn != null) {
      copy = StockAttempts.copyForCheckpoint(stock, id, first, last, unchangedIn, true, false, attempt());
    } else {
      shards.close(); // a closed Chronicle file is complete on disk; the shards reopen on next use
      copy = StockAttempts.copyForCheckpoint(stock, id, first, last, StockAttempts.all(first, last, work), false, false, attempt());
    }
    if (!ended) {
      unchangedIn = StockAttempts.all(first, last, copy);
    }
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    checkpointsCompleted++;
    endCheckpointed |= ended && firstCheckpointAfterEnd > 0 && checkpointId >= firstCheckpointAfterEnd;
    if (kind == StockIndexKind.CHRONICLE) {
      KeyGroupRange mine = ownKeyGroups();
      StockAttempts.discardCheckpointsBefore(Path.of(stockDir), checkpointId, mine.getStartKeyGroup(), mine.getEndKeyGroup());
    }
    failIfDue();
  }

  private void emitFinalState(SkuBook book) {
    book.stockPositions().forEach(s -> output.collect(STOCK, new StreamRecord<>(s)));
    book.openBackorders().forEach(b -> output.collect(BACKORDERS, new StreamRecord<>(b)));
  }

  /** The books of the current key in Flink keyed state, seen through the allocator's interface. */
  private static final class KeyedStateIndex implements StockIndex {
    private final MapState<String, SkuBook> state;

    KeyedStateIndex(MapState<String, SkuBook> state) {
      this.state = state;
    }

    @Override
    public SkuBook load(String sku) {
      try {
        return state.get(sku);
      } catch (Exception e) {
        throw new IllegalStateException("cannot read the book of sku " + sku + " from keyed state", e);
      }
    }

    @Override
    public void store(SkuBook book) {
      try {
        state.put(book.skuId(), book);
      } catch (Exception e) {
        throw new IllegalStateException("cannot write the book of sku " + book.skuId() + " to keyed state", e);
      }
    }

    @Override
    public void forEach(java.util.function.Consumer<SkuBook> action) {
      throw new UnsupportedOperationException("keyed state is visited key by key");
    }

    @Override
    public long size() {
      throw new UnsupportedOperationException("keyed state is visited key by key");
    }

    @Override
    public void close() {}
  }

  @Override
  public void close() throws Exception {
    try {
      if (shards != null) {
        shards.close();
      }
    } finally {
      super.close();
    }
  }
}
