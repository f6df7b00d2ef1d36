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
import io.tracelot.jobs.common.InputEventSerializer;
import io.tracelot.jobs.common.RunProgress;
import io.tracelot.jobs.common.SkuBookSerializer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by sku: holds a sku's events until the watermark passes them, then applies them as one
 * batch with the {@link Allocator} against the Chronicle stock index shard of the sku's key group.
 * At the end of the input it emits the stock and open backorders of every sku of its key groups,
 * including skus this run did not touch (chained runs). Allocations are the main output; accepted
 * movements, rejects, stock and backorders go to side outputs.
 */
final class AllocateSkus extends AbstractStreamOperator<Allocation>
    implements OneInputStreamOperator<InputEvent, Allocation>, Triggerable<Long, VoidNamespace>, BoundedOneInput {
  static final OutputTag<Movement> MOVEMENTS = new OutputTag<>("accepted-movements") {};
  static final OutputTag<Reject> REJECTS = new OutputTag<>("stock-rejects") {};
  static final OutputTag<StockPosition> STOCK = new OutputTag<>("stock") {};
  static final OutputTag<Backorder> BACKORDERS = new OutputTag<>("backorders") {};

  private final Map<String, Sku> skus;
  private final StockIndexKind kind;
  private final String stockDir;
  private final long expectedSkus;
  private final long expectedLots;

  private transient ListState<InputEvent> pending;
  private transient InternalTimerService<VoidNamespace> timers;
  private transient ChronicleShards shards;
  private transient MapState<String, SkuBook> bookState;
  private transient StockIndex keyedIndex;
  private transient AllocationOutput sink;
  private transient int keyGroups;

  AllocateSkus(Map<String, Sku> skus, String stockDir, long expectedSkus, long expectedLots) {
    this(skus, StockIndexKind.CHRONICLE, stockDir, expectedSkus, expectedLots);
  }

  AllocateSkus(Map<String, Sku> skus, StockIndexKind kind, String stockDir, long expectedSkus, long expectedLots) {
    this.skus = Map.copyOf(skus);
    this.kind = kind;
    this.stockDir = stockDir;
    this.expectedSkus = expectedSkus;
    this.expectedLots = expectedLots;
  }

  @Override
  public void open() throws Exception {
    super.open();
    pending = getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, new ListStateDescriptor<>("pending-events", InputEventSerializer.TYPE));
    timers = getInternalTimerService("allocate", VoidNamespaceSerializer.INSTANCE, this);
    keyGroups = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
    if (kind == StockIndexKind.CHRONICLE) {
      shards = new ChronicleShards(Path.of(stockDir), expectedSkus, expectedLots, keyGroups);
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
  public void processElement(StreamRecord<InputEvent> record) throws Exception {
    InputEvent e = record.getValue();
    pending.add(e);
    timers.registerEventTimeTimer(VoidNamespace.INSTANCE, e.event().ts());
  }

  @Override
  public void onEventTime(InternalTimer<Long, VoidNamespace> timer) throws Exception {
    long watermark = timers.currentWatermark();
    Iterable<InputEvent> all = pending.get();
    if (all == null) {
      return; // state backends return null for an empty list
    }
    // skus sharing a key hash share the key: apply each sku's due events as its own batch
    Map<String, List<InputEvent>> due = new TreeMap<>();
    List<InputEvent> later = new ArrayList<>();
    for (InputEvent e : all) {
      if (e.event().ts() <= Math.max(watermark, timer.getTimestamp())) {
        due.computeIfAbsent(e.sku(), s -> new ArrayList<>()).add(e);
      } else {
        later.add(e);
      }
    }
    if (due.isEmpty()) {
      return;
    }
    if (later.isEmpty()) {
      pending.clear();
    } else {
      pending.update(later);
    }
    StockIndex index = kind == StockIndexKind.CHRONICLE ? shards.shard(ownKeyGroup(timer.getKey())) : keyedIndex;
    for (Map.Entry<String, List<InputEvent>> batch : due.entrySet()) {
      new Allocator(index, sink).apply(skus.get(batch.getKey()), batch.getValue());
      RunProgress.EVENTS_APPLIED.addAndGet(batch.getValue().size());
    }
    if (kind == StockIndexKind.FLINK_STATE && later.isEmpty() && watermark == Long.MAX_VALUE) {
      // keyed state cannot be walked at the end of a BATCH run: a finished key reports right away
      for (SkuBook book : bookState.values()) {
        emitFinalState(book);
      }
    }
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

  @Override
  public void endInput() {
    if (kind != StockIndexKind.CHRONICLE) {
      return;
    }
    KeyGroupRange mine = ownKeyGroups();
    shards.forEachBook(mine.getStartKeyGroup(), mine.getEndKeyGroup(), this::emitFinalState);
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
