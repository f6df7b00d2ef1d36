package io.tracelot.allocator;

import io.tracelot.allocator.model.Allocation;
import io.tracelot.allocator.model.Movement;
import io.tracelot.allocator.model.Reject;

/** Where the allocator puts what it decides, as it decides it. */
public interface AllocationOutput {
  void allocated(Allocation allocation);

  /** A movement that was applied, as applied (a serial row carries its unit's own lot). */
  void accepted(Movement movement);

  void rejected(Reject reject);
}
