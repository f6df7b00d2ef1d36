package io.tracelot.arrow;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The one owner of Arrow off-heap memory in a process part (an open trace index, a build, an
 * output writer): a {@link RootAllocator} handing out named child allocators. Closing it checks
 * that every buffer was released and fails loudly with the allocator's report when one leaked.
 * Allocators are thread-safe; a server holds one {@code ArrowMemory} for its open index.
 */
public final class ArrowMemory implements AutoCloseable {
  private final RootAllocator root;

  public ArrowMemory() {
    this(Long.MAX_VALUE);
  }

  public ArrowMemory(long limitBytes) {
    this.root = new RootAllocator(limitBytes);
  }

  /** A child allocator for one user (a file, a query, a writer); close it when done. */
  public BufferAllocator child(String name) {
    return root.newChildAllocator(name, 0, Long.MAX_VALUE);
  }

  /** Bytes currently allocated (mapped index files count too). */
  public long allocatedBytes() {
    return root.getAllocatedMemory();
  }

  /**
   * Releases the root allocator.
   *
   * @throws IllegalStateException when a buffer or child allocator is still open (a leak)
   */
  @Override
  public void close() {
    if (root.getAllocatedMemory() != 0 || !root.getChildAllocators().isEmpty()) {
      String report = root.toVerboseString();
      throw new IllegalStateException("Arrow memory leaked: " + root.getAllocatedMemory()
          + " bytes still allocated, children " + root.getChildAllocators() + "\n" + report);
    }
    root.close();
  }
}
