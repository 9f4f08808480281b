package io.credence.report;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.credence.publish.ErasedRows;
import io.credence.publish.Table;
import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The latest snapshot published before a date, as the runs table records it: its date and its
 * stats, which gates compare a candidate against.
 */
public record PreviousSnapshot(LocalDate date, SnapshotStats stats) {

  /** The latest PUBLISHED run's snapshot strictly before {@code date}, or null when none. */
  public static PreviousSnapshot before(SparkSession spark, String warehouse, LocalDate date) {
    String runs = Table.RUNS.path(warehouse);
    if (!DeltaTable.isDeltaTable(spark, runs)) {
      return null;
    }
    List<Row> latest =
        spark
            .read()
            .format("delta")
            .load(runs)
            .filter(col("status").equalTo("PUBLISHED"))
            .filter(col(SNAPSHOT_DATE).lt(lit(java.sql.Date.valueOf(date))))
            .agg(org.apache.spark.sql.functions.max(col(SNAPSHOT_DATE)))
            .collectAsList();
    if (latest.isEmpty() || latest.get(0).isNullAt(0)) {
      return null;
    }
    return at(spark, warehouse, latest.get(0).getDate(0).toLocalDate(), Optional.empty());
  }

  /**
   * The published snapshot of {@code previous}, as a run compared with it (its date is in the run's
   * row), without the rows of the persons in {@code erased} (see {@link ErasedRows}), or null for
   * none.
   */
  public static PreviousSnapshot at(
      SparkSession spark, String warehouse, LocalDate previous, Optional<Dataset<Row>> erased) {
    if (previous == null) {
      return null;
    }
    Dataset<Row> rows =
        spark
            .read()
            .format("delta")
            .load(Table.SCORE_SNAPSHOTS.path(warehouse))
            .filter(col(SNAPSHOT_DATE).equalTo(lit(java.sql.Date.valueOf(previous))));
    SnapshotStats stats =
        SnapshotStats.of(ErasedRows.without(spark, warehouse, Table.SCORE_SNAPSHOTS, rows, erased));
    return new PreviousSnapshot(previous, stats);
  }
}
