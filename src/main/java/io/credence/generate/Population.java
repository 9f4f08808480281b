package io.credence.generate;

import static io.credence.schema.Columns.BIRTH_DATE;
import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.REGION;
import static io.credence.schema.Columns.REGISTERED_AT;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One row per person with the public person columns ("P" and ten digits as id: plainly synthetic,
 * never shaped like a real national identifier) and the hidden per-person draws (latent risk,
 * activity, history window) that every record dataset derives from, so no dataset needs a join.
 */
final class Population {
  /** Zero-based person number, the key of every per-person draw. */
  static final String IDX = "_idx";

  /** The person number as ten digits, shared by the person id and the ids of their records. */
  static final String DIGITS = "_digits";

  /** Latent risk at the anchor date, standard normal; higher is riskier. */
  static final String RISK = "_risk";

  /** Change of the latent risk per year, so the past predicts the future only imperfectly. */
  static final String DRIFT = "_drift";

  /** Multiplier on shopping volume, mean 1. */
  static final String ACTIVITY = "_activity";

  /** Last day with records: the as-of date, or one to three years earlier for inactive persons. */
  static final String END = "_end";

  /** First day of order and payment history (five years back, or registration if later). */
  static final String START_5Y = "_start_5y";

  /** First day of court history (twelve years back, or registration if later). */
  static final String START_12Y = "_start_12y";

  static final String[] REGIONS = {"north", "south", "east", "west", "central"};
  private static final double[] REGION_WEIGHTS = {0.22, 0.24, 0.18, 0.16, 0.20};
  static final double THIN_SHARE = 0.04;
  static final double INACTIVE_SHARE = 0.04;
  static final double DRIFT_SD_PER_YEAR = 0.25;
  private static final int MAX_REGISTERED_DAYS_AGO = 15 * 365;

  private Population() {}

  /** The population, one row per person, in {@code partitions} partitions. */
  static Dataset<Row> build(SparkSession spark, GeneratorSpec spec, Draws d, int partitions) {
    Dataset<Row> ids =
        spark
            .range(0, spec.persons(), 1, partitions)
            .toDF(IDX)
            .withColumn(DIGITS, lpad(col(IDX).cast("string"), 10, "0"));
    Column idx = col(IDX);
    Column asOf = lit(spec.asOf());
    Column birth = birthDate(d, idx, asOf);
    Dataset<Row> base =
        ids.select(
            idx,
            col(DIGITS),
            concat(lit("P"), col(DIGITS)).as(PERSON_ID),
            birth.as(BIRTH_DATE),
            Draws.pick(d.uniform("person.region", idx), REGIONS, REGION_WEIGHTS).as(REGION),
            d.uniform("person.kind", idx).as("_kind"),
            datediff(asOf, add_months(birth, 18 * 12)).as("_adult_days"),
            d.normal("person.risk", idx).as(RISK),
            d.normal("person.drift", idx).multiply(DRIFT_SD_PER_YEAR).as(DRIFT),
            exp(d.normal("person.activity", idx).multiply(0.8).minus(0.32)).as(ACTIVITY));
    return withWindow(base, spec.asOf(), d);
  }

  /**
   * The latent risk on a given date: the anchor risk (24 months before the as-of date, where a
   * scorecard is typically trained) plus the person's drift since then. The drift only acts from
   * three years before to two years after the anchor, so risk does not wander without bound over
   * twelve years of court history.
   */
  static Column riskAt(Column date, LocalDate asOf) {
    Column years = datediff(date, lit(asOf.minusMonths(24))).divide(365.25);
    Column bounded = least(greatest(years, lit(-3.0)), lit(2.0));
    return col(RISK).plus(col(DRIFT).multiply(bounded));
  }

  private static Column birthDate(Draws d, Column idx, Column asOf) {
    Column ageYears = floor(d.uniform("person.age", idx).multiply(68)).plus(18).cast("int");
    Column extraDays = floor(d.uniform("person.age_days", idx).multiply(365)).cast("int");
    return date_sub(add_months(asOf, ageYears.multiply(-12)), extraDays);
  }

  /**
   * Adds registration and the history window. Thin files registered under six months ago; nobody
   * registered before turning 18; inactive persons stop having records one to three years ago,
   * unless they registered too recently for that.
   */
  private static Dataset<Row> withWindow(Dataset<Row> base, LocalDate asOfDate, Draws d) {
    Column idx = col(IDX);
    Column kind = col("_kind");
    Column rawAgo =
        when(kind.lt(THIN_SHARE), floor(d.uniform("person.reg", idx).multiply(175)))
            .otherwise(
                floor(d.uniform("person.reg", idx).multiply(MAX_REGISTERED_DAYS_AGO - 180))
                    .plus(180));
    Column registeredAgo = least(rawAgo, col("_adult_days")).cast("int");
    Column endAgo = floor(d.uniform("person.end", idx).multiply(730)).plus(366).cast("int");
    Column inactive = kind.geq(THIN_SHARE).and(kind.lt(THIN_SHARE + INACTIVE_SHARE));
    Column asOf = lit(asOfDate);
    Dataset<Row> withAgo =
        base.withColumn("_reg_ago", registeredAgo)
            .withColumn(
                "_end_ago",
                when(inactive.and(col("_reg_ago").geq(endAgo.plus(90))), endAgo).otherwise(0));
    Column registered = date_sub(asOf, col("_reg_ago"));
    return withAgo
        .withColumn(REGISTERED_AT, registered)
        .withColumn(END, date_sub(asOf, col("_end_ago")))
        .withColumn(START_5Y, greatest(registered, add_months(asOf, -60)))
        .withColumn(START_12Y, greatest(registered, add_months(asOf, -144)))
        .drop("_kind", "_adult_days", "_reg_ago", "_end_ago");
  }
}
