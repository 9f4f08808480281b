package io.credence.lookup;

import static io.credence.schema.Columns.RUN_ID;
import static io.credence.schema.Columns.SNAPSHOT_DATE;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;

/**
 * The run that published a snapshot date: the run_id of its rows in score_snapshots, read from one
 * partition, the run_id column only, and one data file (every row of a date's partition is written
 * by one run's one commit). scores_current is merged from that snapshot in the next commit, so a
 * run killed between the two leaves scores_current holding another run's rows for the same date;
 * the readers compare the two to tell.
 */
public final class PublishedRun {
  private PublishedRun() {}

  /**
   * scores_current behind score_snapshots for one date: run {@code publishedRun} committed the
   * date's snapshot (the publication) and was interrupted before it replaced scores_current, which
   * still holds run {@code currentRun}'s rows of that date.
   */
  public record Behind(LocalDate date, String publishedRun, String currentRun) {

    /** What a reader of lookup is told, with the fix. */
    public String note() {
      return "scores_current is behind the published snapshot of "
          + date
          + ": run "
          + publishedRun
          + " published it and was interrupted before it updated scores_current, which still"
          + " holds run "
          + currentRun
          + "'s rows; this answer is the published snapshot's. Fix: run `credence score --date "
          + date
          + "` again";
    }

    /** What is wrong, for an error in the what / why / fix shape. */
    public String what() {
      return "scores_current is behind the published snapshot of "
          + date
          + ": it holds run "
          + currentRun
          + "'s rows of that date, and run "
          + publishedRun
          + " published the snapshot since";
    }

    /** Why it happens. */
    public String why() {
      return "run "
          + publishedRun
          + " was interrupted after its score_snapshots commit (the publication) and before it"
          + " updated scores_current; two Delta tables cannot commit together";
    }

    /** The fix. */
    public String fix() {
      return "run `credence score --date "
          + date
          + "` again, which rewrites the snapshot and scores_current from it";
    }
  }

  /**
   * A snapshot newer than scores_current's rows that holds a person scores_current does not: run
   * {@code publishedRun} published {@code date} and has not replaced scores_current, which holds
   * {@code current}'s rows (none when empty), because it is running or was interrupted.
   */
  public record Newer(LocalDate date, String publishedRun, Optional<Written> current) {

    /** What a reader of lookup is told, with the fix. */
    public String note() {
      return "scores_current does not hold this person, and a newer snapshot, "
          + date
          + " (run "
          + publishedRun
          + "), is published: that run has not updated scores_current, which still holds "
          + current.map(w -> w.date() + " (run " + w.run() + ")").orElse("no rows")
          + ", because it is running or was interrupted; this answer is the published"
          + " snapshot's. Fix: when no run is running, run `credence score --date "
          + date
          + "` again";
    }
  }

  /**
   * Whether scores_current's rows of {@code date}, written by {@code currentRun}, are behind the
   * run that published the date in score_snapshots ({@code snapshots}).
   */
  public static Optional<Behind> behind(
      KernelWarehouse warehouse, Snapshot snapshots, LocalDate date, String currentRun) {
    return of(warehouse, snapshots, date)
        .filter(run -> !run.equals(currentRun))
        .map(run -> new Behind(date, run, currentRun));
  }

  /**
   * The date and run of a score table's rows, as one of its rows says.
   *
   * @param date their snapshot_date
   * @param run their run_id
   */
  public record Written(LocalDate date, String run) {}

  /**
   * The date and run of scores_current's rows ({@code scoresCurrent}), read from one data file, its
   * snapshot_date and run_id columns only: a run replaces every row of scores_current in one
   * commit, so one row tells them all. Empty when the table holds no row.
   */
  public static Optional<Written> written(KernelWarehouse warehouse, Snapshot scoresCurrent) {
    StructType schema = scoresCurrent.getSchema();
    Scan scan =
        scoresCurrent
            .getScanBuilder()
            .withReadSchema(new StructType().add(schema.get(SNAPSHOT_DATE)).add(schema.get(RUN_ID)))
            .build();
    return first(
        warehouse,
        scoresCurrent,
        scan,
        row ->
            row.isNullAt(0) || row.isNullAt(1)
                ? null
                : new Written(LocalDate.ofEpochDay(row.getInt(0)), row.getString(1)));
  }

  /** The run whose rows score_snapshots ({@code snapshots}) holds for {@code date}, if any. */
  public static Optional<String> of(KernelWarehouse warehouse, Snapshot snapshots, LocalDate date) {
    StructType schema = snapshots.getSchema();
    Scan scan =
        snapshots
            .getScanBuilder()
            .withFilter(
                new Predicate(
                    "=", new Column(SNAPSHOT_DATE), Literal.ofDate((int) date.toEpochDay())))
            .withReadSchema(new StructType().add(schema.get(RUN_ID)))
            .build();
    return first(warehouse, snapshots, scan, row -> row.isNullAt(0) ? null : row.getString(0));
  }

  /**
   * The first non-null {@code value} of the rows {@code scan} lists, reading files in the scan's
   * order only until one holds such a row (the first, as a rule), and that file only up to the
   * batch that holds it: its first of some hundred thousand rows, at 1M persons, as a rule.
   */
  private static <T> Optional<T> first(
      KernelWarehouse warehouse, Snapshot snapshot, Scan scan, Function<Row, T> value) {
    Row scanState = scan.getScanState(warehouse.engine());
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(warehouse.engine())) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> files = batches.next().getRows()) {
          while (files.hasNext()) {
            Optional<T> found =
                KernelScans.firstInFile(warehouse.engine(), scanState, files.next(), value);
            if (found.isPresent()) {
              return found;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the run ids of " + snapshot.getPath(), e);
    }
    return Optional.empty();
  }
}
