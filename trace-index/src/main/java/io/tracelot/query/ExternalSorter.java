package io.tracelot.query;

import io.tracelot.arrow.RowSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * Sorts rows (strings as UTF-8 bytes, see {@link RowOrder}) with bounded memory: at most
 * {@code runRows} rows on the heap; each full buffer is sorted and spilled as a {@link RunFile};
 * {@link #drain} then merges the runs (k-way by a {@link LoserTree}, 64 KiB of each run in memory).
 * Fewer rows than a run never touch the disk. With an executor, a full buffer is sorted and written
 * there while the caller fills the next one (at most one spill in flight, so at most 2 ×
 * {@code runRows} rows on the heap): the reading thread and the sorting thread then use both cores.
 */
final class ExternalSorter implements AutoCloseable {
  /** Where sorted rows go. */
  interface Sink {
    void accept(Object[] row) throws IOException;
  }

  private final RowSchema schema;
  private final Comparator<Object[]> order;
  private final int runRows;
  private final Path tmpDir;
  private final String name;
  private final Executor spills;
  private List<Object[]> buffer = new ArrayList<>();
  private final List<Path> runs = new ArrayList<>();
  private FutureTask<Void> inFlight;
  private long rows;

  ExternalSorter(String name, RowSchema schema, Comparator<Object[]> order, int runRows, Path tmpDir) {
    this(name, schema, order, runRows, tmpDir, null);
  }

  /** {@code spills}: where full buffers are sorted and written; null = in the caller's thread. */
  ExternalSorter(String name, RowSchema schema, Comparator<Object[]> order, int runRows, Path tmpDir,
      Executor spills) {
    if (runRows < 2) {
      throw new IllegalArgumentException("runRows must be >= 2, got " + runRows);
    }
    this.name = name;
    this.schema = schema;
    this.order = order;
    this.runRows = runRows;
    this.tmpDir = tmpDir;
    this.spills = spills;
  }

  void add(Object[] row) throws IOException {
    buffer.add(row);
    rows++;
    if (buffer.size() >= runRows) {
      spill();
    }
  }

  long rows() {
    return rows;
  }

  int runs() {
    return runs.size();
  }

  private void spill() throws IOException {
    List<Object[]> full = buffer;
    buffer = new ArrayList<>();
    Path run = tmpDir.resolve(name + ".run-" + runs.size());
    runs.add(run);
    awaitSpill();
    FutureTask<Void> task = new FutureTask<>(() -> {
      full.sort(order);
      try (RunFile.Writer w = new RunFile.Writer(run, schema)) {
        for (Object[] r : full) {
          w.write(r);
        }
      }
      return null;
    });
    if (spills == null) {
      task.run();
      awaitTask(task);
    } else {
      inFlight = task;
      spills.execute(task);
    }
  }

  private void awaitSpill() throws IOException {
    FutureTask<Void> task = inFlight;
    inFlight = null;
    if (task != null) {
      awaitTask(task);
    }
  }

  private void awaitTask(FutureTask<Void> task) throws IOException {
    try {
      task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while sorting " + name);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException("cannot sort " + name, e.getCause());
    }
  }

  /** Emits every row added, in order, then deletes the run files. */
  void drain(Sink sink) throws IOException {
    if (runs.isEmpty()) {
      buffer.sort(order);
      for (Object[] r : buffer) {
        sink.accept(r);
      }
      buffer.clear();
      return;
    }
    if (!buffer.isEmpty()) {
      spill();
    }
    awaitSpill();
    List<RunFile.Reader> readers = new ArrayList<>();
    try {
      Object[][] heads = new Object[runs.size()][];
      for (int i = 0; i < runs.size(); i++) {
        RunFile.Reader r = new RunFile.Reader(runs.get(i), schema);
        readers.add(r);
        heads[i] = r.next();
      }
      LoserTree merge = new LoserTree(order, heads);
      for (Object[] row = merge.top(); row != null; row = merge.top()) {
        sink.accept(row);
        merge.replaceTop(readers.get(merge.topRun()).next());
      }
    } finally {
      for (RunFile.Reader r : readers) {
        r.close();
      }
      for (Path run : runs) {
        Files.deleteIfExists(run);
      }
      runs.clear();
    }
  }

  @Override
  public void close() throws IOException {
    buffer.clear();
    try {
      awaitSpill();
    } catch (IOException | RuntimeException e) {
      // closing after a failure: the run files go below either way
    }
    for (Path run : runs) {
      Files.deleteIfExists(run);
    }
    runs.clear();
  }
}
