package io.credence.lookup;

import io.delta.kernel.Snapshot;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Every row of one snapshot of a score table, read through Delta Kernel's own read path ({@link
 * KernelScans}), for the lookup service's index.
 */
public final class ScoreRows {
  private ScoreRows() {}

  /** Calls {@code sink} with each row of {@code snapshot}; returns the data files read. */
  public static int forEach(
      KernelWarehouse warehouse, Snapshot snapshot, Consumer<ScoreRecord> sink) {
    return KernelScans.forEachRow(
        warehouse.engine(), snapshot, row -> sink.accept(KernelRows.toRecord(row)));
  }

  /** Calls {@code sink} with each row of one data file listed by a scan with {@code scanState}. */
  static void readFile(Engine engine, Row scanState, Row scanFile, Consumer<ScoreRecord> sink)
      throws IOException {
    KernelScans.readFile(engine, scanState, scanFile, row -> sink.accept(KernelRows.toRecord(row)));
  }
}
