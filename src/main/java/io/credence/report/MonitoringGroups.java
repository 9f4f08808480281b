package io.credence.report;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.*;

import io.credence.schema.ColumnChecks;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fairness monitoring aggregates: scores per region and per age band at the snapshot date. Region
 * and birth date are never score inputs; these per-group aggregates are what lets the report (and
 * {@code credence report} later, without the inputs) show whether scores differ between groups.
 */
public final class MonitoringGroups {
  private MonitoringGroups() {}

  /** The dimension names in the monitoring table. */
  public static final String REGION_DIMENSION = "region";

  public static final String AGE_DIMENSION = "age_band";

  private static final String STAGE = "monitoring groups";

  /** The group of persons whose region or birth date is missing. */
  public static final String UNKNOWN = "unknown";

  /** Lower age limits of the bands, with their labels; the last band is open-ended. */
  private static final int[] AGE_FROM = {18, 25, 35, 45, 55, 65};

  /**
   * One row per dimension and group. Needs {@code person_id, score, tier} in {@code scores} and
   * {@code person_id, region, birth_date} in {@code persons}; adds nothing to either. Returns
   * dimension, group, persons, scored, mean_score and tier_counts (sorted by tier). Persons in the
   * snapshot without a persons row count as {@value #UNKNOWN}.
   *
   * @param broadcastPersons whether the persons' three columns are sent whole to every task, which
   *     then joins its scores where they are (no shuffle or sort of either side), rather than both
   *     sides shuffled by person_id; for a population small enough to broadcast (the job passes
   *     {@code spark.broadcast_persons_max}'s answer)
   */
  public static Dataset<Row> of(
      Dataset<Row> scores, Dataset<Row> persons, LocalDate asOf, boolean broadcastPersons) {
    ColumnChecks.requirePresent(scores, STAGE, PERSON_ID, SCORE, TIER);
    ColumnChecks.requirePresent(persons, STAGE, PERSON_ID, REGION, BIRTH_DATE);
    Dataset<Row> groupColumns = persons.select(PERSON_ID, REGION, BIRTH_DATE);
    Dataset<Row> joined =
        scores
            .select(PERSON_ID, SCORE, TIER)
            .join(broadcastPersons ? broadcast(groupColumns) : groupColumns, PERSON_ID, "left");
    Column groups =
        array(
            struct(
                lit(REGION_DIMENSION).as("dimension"),
                coalesce(col(REGION), lit(UNKNOWN)).as("group")),
            struct(lit(AGE_DIMENSION).as("dimension"), ageBand(asOf).as("group")));
    Dataset<Row> perTier =
        joined
            .select(explode(groups).as("g"), col(SCORE), col(TIER))
            .groupBy(col("g.dimension").as("dimension"), col("g.group").as("group"), col(TIER))
            .agg(count(lit(1)).as("n"), sum(col(SCORE)).as("score_sum"));
    Column scored = sum(when(col(TIER).isNotNull(), col("n")).otherwise(lit(0L)));
    return perTier
        .groupBy("dimension", "group")
        .agg(
            sum(col("n")).as("persons"),
            scored.as("scored"),
            sum(col("score_sum")).divide(scored).as("mean_score"),
            array_sort(
                    filter(
                        collect_list(struct(col(TIER), col("n").as("persons"))),
                        t -> t.getField(TIER).isNotNull()))
                .as("tier_counts"));
  }

  /** Age in whole years at {@code asOf}, banded: under 18, 18-24, 25-34, …, 65+, unknown. */
  static Column ageBand(LocalDate asOf) {
    Column age =
        floor(months_between(lit(java.sql.Date.valueOf(asOf)), col(BIRTH_DATE)).divide(12));
    Column band = when(col(BIRTH_DATE).isNull(), lit(UNKNOWN));
    band = band.when(age.lt(AGE_FROM[0]), lit("under " + AGE_FROM[0]));
    for (int i = 0; i < AGE_FROM.length - 1; i++) {
      band = band.when(age.lt(AGE_FROM[i + 1]), lit(AGE_FROM[i] + "-" + (AGE_FROM[i + 1] - 1)));
    }
    return band.otherwise(lit(AGE_FROM[AGE_FROM.length - 1] + "+"));
  }
}
