package io.credence.lookup;

import io.delta.kernel.Snapshot;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
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

  /**
   * Calls {@code sink} with each row of the newest snapshot_date partition of {@code snapshot} (a
   * table partitioned by it: score_snapshots) when that date is after {@code than}; returns that
   * date, or empty, having read nothing, when there is no newer one. The newest date comes from the
   * log's partition values.
   */
  public static Optional<LocalDate> forEachInNewestAfter(
      KernelWarehouse warehouse, Snapshot snapshot, LocalDate than, Consumer<ScoreRecord> sink) {
    PersonRows scan = PersonRows.all(warehouse, snapshot);
    List<PersonRows.DataFile> newest = PersonRows.newestAfter(scan.files(), than);
    newest.forEach(file -> scan.forEachRow(file, sink));
    return newest.stream().findFirst().map(PersonRows.DataFile::partitionDate);
  }

  /** Calls {@code sink} with each row of one data file listed by a scan with {@code scanState}. */
  static void readFile(Engine engine, Row scanState, Row scanFile, Consumer<ScoreRecord> sink)
      throws IOException {
    KernelScans.readFile(engine, scanState, scanFile, row -> sink.accept(KernelRows.toRecord(row)));
  }
}
