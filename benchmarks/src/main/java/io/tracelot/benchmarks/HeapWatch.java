package io.tracelot.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The peak heap a run really used, not its {@code -Xmx}. Used heap peaks just before a collection,
 * so every GC notification's before-GC usage (summed over the heap pools) is the exact peak of
 * that cycle; a 10 ms sampler of {@code MemoryMXBean} covers the time after the last collection.
 * The largest after-GC usage is an upper bound of the live set. Also reads the process's peak
 * resident set ({@code VmHWM}), which includes Flink's off-heap managed memory, Chronicle's mapped
 * files that were touched and RocksDB's native memory. Used by the end-to-end and trace harnesses' child JVMs.
 */
public final class HeapWatch implements AutoCloseable {
  private static final long SAMPLE_MS = 10;

  private final Set<String> heapPools;
  private final AtomicLong sampledMax = new AtomicLong();
  private final AtomicLong committedMax = new AtomicLong();
  private final AtomicLong beforeGcMax = new AtomicLong();
  private final AtomicLong afterGcMax = new AtomicLong();
  private final List<Runnable> unregister = new ArrayList<>();
  private final Thread sampler;
  private volatile boolean running = true;

  public HeapWatch() {
    heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .map(MemoryPoolMXBean::getName)
        .collect(Collectors.toUnmodifiableSet());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        NotificationListener listener = this::onGc;
        emitter.addNotificationListener(listener, null, null);
        unregister.add(() -> {
          try {
            emitter.removeNotificationListener(listener);
          } catch (ListenerNotFoundException ignored) {
            // already gone
          }
        });
      }
    }
    sampler = new Thread(this::sample, "heap-watch");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void onGc(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    beforeGcMax.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
    afterGcMax.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
  }

  private long heapUsed(Map<String, MemoryUsage> byPool) {
    return byPool.entrySet().stream().filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
  }

  private void sample() {
    var memory = ManagementFactory.getMemoryMXBean();
    while (running) {
      MemoryUsage heap = memory.getHeapMemoryUsage();
      sampledMax.accumulateAndGet(heap.getUsed(), Math::max);
      committedMax.accumulateAndGet(heap.getCommitted(), Math::max);
      try {
        Thread.sleep(SAMPLE_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Peak used heap in bytes: the larger of the before-GC peak and the sampled peak. */
  public long peakUsed() {
    return Math.max(beforeGcMax.get(), sampledMax.get());
  }

  public long peakCommitted() {
    return committedMax.get();
  }

  /** Largest heap in use right after a collection (an upper bound of the live set); 0 without GC. */
  public long peakAfterGc() {
    return afterGcMax.get();
  }

  public static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
  }

  public static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
  }

  /** Peak resident set of this process in bytes ({@code VmHWM}), or -1 where /proc is missing. */
  public static long peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    unregister.forEach(Runnable::run);
  }
}
