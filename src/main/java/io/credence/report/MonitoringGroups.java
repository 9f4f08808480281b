package io.credence.report;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.*;

import io.credence.schema.ColumnChecks;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fairness monitoring aggregates: scores per region and per age band at the snapshot date. Region
 * and birth date are never score inputs; these per-group aggregates are what lets the report (and
 * {@code credence report} later, without the inputs) show whether scores differ between groups.
 * Each person's groups are computed from their persons row ({@link #groupColumns}) and reach the
 * aggregation beside their scores ({@link #of}).
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

  /** Each person's region group, carried beside their scores (see {@link #groupColumns}). */
  public static final String REGION_GROUP = "monitoring_region";

  /** Each person's age band at the snapshot date, carried beside their scores. */
  public static final String AGE_GROUP = "monitoring_age_band";

  /**
   * A person's group in each dimension, by column name ({@link #REGION_GROUP}, {@link #AGE_GROUP}),
   * as expressions over their persons row ({@code region}, {@code birth_date}): a missing region or
   * birth date is {@value #UNKNOWN}. The nightly job carries them from the persons' rows through
   * the features' merge to the scores, beside and never into the scorecard's inputs, so that the
   * groups need no join of the scores with the persons.
   */
  public static Map<String, Column> groupColumns(LocalDate asOf) {
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put(REGION_GROUP, coalesce(col(REGION), lit(UNKNOWN)));
    columns.put(AGE_GROUP, ageBand(asOf));
    return columns;
  }

  /**
   * One row per dimension and group. Needs {@code score, tier} and the person's groups ({@link
   * #groupColumns}) in {@code scores}; adds nothing. Returns dimension, group, persons, scored,
   * mean_score and tier_counts (sorted by tier). A person whose groups are null (no persons row)
   * counts as {@value #UNKNOWN}.
   */
  public static Dataset<Row> of(Dataset<Row> scores) {
    ColumnChecks.requirePresent(scores, STAGE, SCORE, TIER, REGION_GROUP, AGE_GROUP);
    Column groups =
        array(
            struct(
                lit(REGION_DIMENSION).as("dimension"),
                coalesce(col(REGION_GROUP), lit(UNKNOWN)).as("group")),
            struct(
                lit(AGE_DIMENSION).as("dimension"),
                coalesce(col(AGE_GROUP), lit(UNKNOWN)).as("group")));
    Dataset<Row> perTier =
        scores
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

  /**
   * Age in whole years at {@code asOf}, banded: under 18, 18-24, 25-34, …, 65+, unknown. The age is
   * Spark's floor(months_between(asOf, birth_date) / 12), its whole months computed as the
   * features' {@code FeatureExpressions.wholeMonthsBetween} computes them (from the dates' years,
   * months and days) instead of by months_between, whose conversions of both dates to timestamps
   * and back were a fifth of the features' merge at 1M persons (the merge computes each person's
   * band three times).
   */
  static Column ageBand(LocalDate asOf) {
    Column birth = col(BIRTH_DATE);
    // One month less when D's day of the month is before the birth date's, unless both are the
    // last days of their months.
    Column borrow = lit(asOf.getDayOfMonth()).lt(dayofmonth(birth));
    if (asOf.getDayOfMonth() == asOf.lengthOfMonth()) {
      borrow = borrow.and(birth.notEqual(last_day(birth)));
    }
    Column months =
        lit(asOf.getYear() * 12 + asOf.getMonthValue())
            .minus(year(birth).multiply(12).plus(month(birth)))
            .minus(when(borrow, 1).otherwise(0));
    Column age = floor(months.divide(12));
    Column band = when(birth.isNull(), lit(UNKNOWN));
    band = band.when(age.lt(AGE_FROM[0]), lit("under " + AGE_FROM[0]));
    for (int i = 0; i < AGE_FROM.length - 1; i++) {
      band = band.when(age.lt(AGE_FROM[i + 1]), lit(AGE_FROM[i] + "-" + (AGE_FROM[i + 1] - 1)));
    }
    return band.otherwise(lit(AGE_FROM[AGE_FROM.length - 1] + "+"));
  }
}
