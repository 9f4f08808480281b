package io.credence.loadtest;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import io.credence.privacy.PersonIds;
import io.credence.publish.DeltaWriter;
import io.credence.publish.Table;
import io.credence.score.FeatureScore;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardYaml;
import io.credence.spark.SparkSessions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a synthetic warehouse for the lookup load test: score_snapshots with a number of monthly
 * snapshots and scores_current with the newest, for persons {@code P0000000000} onwards, through
 * the job's own table creation and writers, so that the tables have the nightly run's properties
 * and layout (scores_current liquid-clustered and OPTIMIZEd; each snapshot file sorted by person,
 * as the job's sort-merge join leaves it). Scores, tiers and reasons are drawn from a hash of the
 * person and the date with the reason codes and texts of the default scorecard; no person data is
 * involved.
 *
 * <p>Usage: {@code SyntheticScores WAREHOUSE PERSONS SNAPSHOTS NEWEST_DATE [SCORECARD_YAML]}.
 */
public final class SyntheticScores {
  private static final int FILES_PER_SNAPSHOT = 8;

  private SyntheticScores() {}

  /** Builds the warehouse; see the class comment for the arguments. */
  public static void main(String[] args) {
    if (args.length < 4) {
      throw new IllegalArgumentException(
          "usage: SyntheticScores WAREHOUSE PERSONS SNAPSHOTS NEWEST_DATE [SCORECARD_YAML]");
    }
    String warehouse = args[0];
    long persons = Long.parseLong(args[1]);
    int snapshots = Integer.parseInt(args[2]);
    LocalDate newest = LocalDate.parse(args[3]);
    Path scorecardFile = Path.of(args.length > 4 ? args[4] : "jobs/scorecards/expert-v1.yaml");
    SparkSession spark =
        SparkSessions.getOrCreate(
            "credence synthetic scores", "local[*]", SparkSessions.Output.REDIRECTED);
    write(spark, warehouse, persons, snapshots, newest, ScorecardYaml.read(scorecardFile));
    spark.stop();
  }

  /** Writes {@code snapshots} monthly snapshots ending at {@code newest}, then scores_current. */
  public static void write(
      SparkSession spark,
      String warehouse,
      long persons,
      int snapshots,
      LocalDate newest,
      Scorecard card) {
    for (int i = snapshots - 1; i >= 0; i--) {
      LocalDate date = newest.minusMonths(i);
      Dataset<Row> rows = snapshot(spark, persons, date, card);
      DeltaWriter.replacePartition(
          spark, warehouse, PersonIds.raw(), Table.SCORE_SNAPSHOTS, rows, date);
      if (i == 0) {
        DeltaWriter.replaceCurrent(
            spark,
            warehouse,
            PersonIds.raw(),
            rows,
            date,
            spark.sessionState().conf().numShufflePartitions());
      }
      System.err.printf("synthetic snapshot %s: %,d persons%n", date, persons);
    }
  }

  /** One snapshot's rows in the score_snapshots schema. */
  public static Dataset<Row> snapshot(
      SparkSession spark, long persons, LocalDate date, Scorecard card) {
    Column h = expr("pmod(xxhash64(id, '" + date + "'), 1000003)");
    Column unscorable = h.lt(80_000); // about 8 %, as in the sample data
    Column score = when(unscorable, lit(null)).otherwise(lit(350).plus(h.mod(601)));
    Column tier =
        when(score.geq(750), "premium")
            .when(score.geq(650), "deposit_free")
            .when(score.geq(600), "preferred")
            .when(score.isNotNull(), "standard");
    Column reasons = when(unscorable, array()).otherwise(reasons(card, h));
    return spark
        .range(persons)
        .select(
            concat(lit("P"), lpad(col("id").cast("string"), 10, "0")).as(PERSON_ID),
            lit(java.sql.Date.valueOf(date)).as(SNAPSHOT_DATE),
            score.cast("int").as(SCORE),
            tier.as(TIER),
            when(unscorable, "unscorable").otherwise("scored").as(SCORE_STATUS),
            when(unscorable, when(h.mod(2).equalTo(0), "thin_file").otherwise("inactive"))
                .as(UNSCORABLE_REASON),
            reasons.as(REASONS),
            lit(card.id()).as(SCORECARD_ID),
            lit("synthetic_" + date).as(RUN_ID))
        .repartition(FILES_PER_SNAPSHOT, col(PERSON_ID))
        .sortWithinPartitions(PERSON_ID);
  }

  /**
   * Up to four reasons: consecutive features of the scorecard from a hashed start, with points lost
   * falling by rank, as the job orders them.
   */
  private static Column reasons(Scorecard card, Column h) {
    List<FeatureScore> features = card.features();
    Column[] all =
        features.stream()
            .map(
                f ->
                    struct(
                        lit(f.reasonCode()).as(REASON_CODE),
                        lit(f.feature()).as(REASON_FEATURE),
                        lit(f.reasonText()).as(REASON_TEXT)))
            .toArray(Column[]::new);
    Column picked = slice(array(all), h.mod(features.size() - 4).plus(1), h.mod(5));
    return transform(
        picked,
        (r, i) ->
            struct(
                r.getField(REASON_CODE).as(REASON_CODE),
                r.getField(REASON_FEATURE).as(REASON_FEATURE),
                lit(120.0).minus(i.multiply(25)).minus(h.mod(17)).cast("double").as(POINTS_LOST),
                r.getField(REASON_TEXT).as(REASON_TEXT)));
  }
}
