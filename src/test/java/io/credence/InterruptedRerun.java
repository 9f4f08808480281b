package io.credence;

import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.RUN_ID;
import static io.credence.schema.Columns.SCORE;
import static io.credence.schema.Columns.SNAPSHOT_DATE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.credence.publish.DeltaWriter;
import io.credence.publish.Table;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The state a rerun of a published date leaves when it is killed after its score_snapshots commit
 * (the publication) and before scores_current: the date's snapshot rewritten by another run, with
 * other scores (each scored person's one point lower), and scores_current, runs and the other
 * tables as the earlier run left them.
 */
public final class InterruptedRerun {
  private InterruptedRerun() {}

  /**
   * Rewrites {@code date}'s partition of score_snapshots under {@code warehouse} as run {@code
   * runId}.
   */
  public static void publishSnapshotOnly(String warehouse, LocalDate date, String runId) {
    publishSnapshotOnlyWithout(warehouse, date, runId, null);
  }

  /**
   * As {@link #publishSnapshotOnly}, without the row of the person stored as {@code personId} (none
   * left out when null): the rerun did not score them (their input rows were quarantined).
   */
  public static void publishSnapshotOnlyWithout(
      String warehouse, LocalDate date, String runId, String personId) {
    Dataset<Row> rerun =
        copyOf(Table.SCORE_SNAPSHOTS, warehouse, date)
            .withColumn(SCORE, col(SCORE).minus(1))
            .withColumn(RUN_ID, lit(runId));
    if (personId != null) {
      rerun = rerun.filter(col(PERSON_ID).notEqual(lit(personId)));
    }
    DeltaWriter.replacePartition(Table.SCORE_SNAPSHOTS, warehouse, rerun, date);
  }

  /**
   * As {@link #publishSnapshotOnly}, with one more row, of a person stored as {@code personId} whom
   * scores_current does not hold (new in the rerun's inputs), scored as the date's first person.
   */
  public static void publishSnapshotOnlyWithNew(
      String warehouse, LocalDate date, String runId, String personId) {
    Dataset<Row> rerun =
        copyOf(Table.SCORE_SNAPSHOTS, warehouse, date)
            .withColumn(SCORE, col(SCORE).minus(1))
            .withColumn(RUN_ID, lit(runId));
    Dataset<Row> added = rerun.orderBy(PERSON_ID).limit(1).withColumn(PERSON_ID, lit(personId));
    DeltaWriter.replacePartition(Table.SCORE_SNAPSHOTS, warehouse, rerun.union(added), date);
  }

  /**
   * Rewrites {@code date}'s partition of {@code table} (quarantine, monitoring) under {@code
   * warehouse} with the same rows as run {@code runId}: a rerun that failed after committing that
   * table and before its snapshot.
   */
  public static void commitBesideTheSnapshotOnly(
      Table table, String warehouse, LocalDate date, String runId) {
    Dataset<Row> rerun = copyOf(table, warehouse, date).withColumn(RUN_ID, lit(runId));
    DeltaWriter.replacePartition(table, warehouse, rerun, date);
  }

  /**
   * Adds {@code newDate}'s partition to score_snapshots under {@code warehouse}, as run {@code
   * runId}, with {@code date}'s rows: a run of a new date killed after its snapshot commit and
   * before scores_current, which still holds {@code date}.
   */
  public static void publishNewDateOnly(
      String warehouse, LocalDate date, LocalDate newDate, String runId) {
    publishNewDateOnlyWithNew(warehouse, date, newDate, runId, null);
  }

  /**
   * As {@link #publishNewDateOnly}, with one more row, of a person stored as {@code personId} whom
   * scores_current does not hold (new in the new date's inputs), scored as the date's first person;
   * none added when null.
   */
  public static void publishNewDateOnlyWithNew(
      String warehouse, LocalDate date, LocalDate newDate, String runId, String personId) {
    Dataset<Row> run =
        copyOf(Table.SCORE_SNAPSHOTS, warehouse, date)
            .withColumn(SNAPSHOT_DATE, lit(java.sql.Date.valueOf(newDate)))
            .withColumn(RUN_ID, lit(runId));
    if (personId != null) {
      run = run.union(run.orderBy(PERSON_ID).limit(1).withColumn(PERSON_ID, lit(personId)));
    }
    DeltaWriter.replacePartition(Table.SCORE_SNAPSHOTS, warehouse, run, newDate);
  }

  /**
   * {@code date}'s rows of {@code table} under {@code warehouse}, collected first: the write that
   * replaces the partition must not read the files it removes.
   */
  private static Dataset<Row> copyOf(Table table, String warehouse, LocalDate date) {
    Dataset<Row> old =
        SparkTestBase.spark()
            .read()
            .format("delta")
            .load(table.path(warehouse))
            .filter(col(SNAPSHOT_DATE).equalTo(lit(java.sql.Date.valueOf(date))));
    return SparkTestBase.spark().createDataFrame(old.collectAsList(), old.schema());
  }
}
