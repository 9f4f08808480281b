package io.credence.schema;

import static io.credence.schema.Columns.*;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The one schema of every persisted table; writers select exactly these fields. */
public final class OutputSchemas {
  private OutputSchemas() {}

  public static final DataType MONEY = DataTypes.createDecimalType(18, 2);

  /** Per-person feature vector at an as-of date; see the feature glossary, docs/contract.md. */
  public static final StructType FEATURE_VALUES =
      new StructType(
          new StructField[] {
            field(PERSON_ID, DataTypes.StringType),
            field(PAY_COUNT_24M, DataTypes.IntegerType),
            field(PAY_ON_TIME_RATIO_24M, DataTypes.DoubleType),
            field(PAY_LATE_30_COUNT_24M, DataTypes.IntegerType),
            field(PAY_LATE_90_COUNT_24M, DataTypes.IntegerType),
            field(PAY_MAX_DAYS_LATE_24M, DataTypes.IntegerType),
            field(PAY_OVERDUE_AMOUNT, MONEY),
            field(PAY_MONTHS_SINCE_LAST_LATE, DataTypes.IntegerType),
            field(SHOP_ORDERS_12M, DataTypes.IntegerType),
            field(SHOP_SPEND_12M, MONEY),
            field(SHOP_ACTIVE_MONTHS_12M, DataTypes.IntegerType),
            field(SHOP_RETURN_RATE_12M, DataTypes.DoubleType),
            field(SHOP_CHARGEBACKS_24M, DataTypes.IntegerType),
            field(SHOP_SPEND_CV_12M, DataTypes.DoubleType),
            field(COURT_ACTIVE_COUNT, DataTypes.IntegerType),
            field(COURT_ACTIVE_AMOUNT, MONEY),
            field(COURT_DEFAULTER_LISTED, DataTypes.IntegerType),
            field(COURT_BANKRUPTCIES_10Y, DataTypes.IntegerType),
            field(COURT_RECORDS_7Y, DataTypes.IntegerType),
            field(COURT_MONTHS_SINCE_LAST, DataTypes.IntegerType),
            field(HISTORY_MONTHS, DataTypes.IntegerType),
            field(RECORDS_12M, DataTypes.IntegerType)
          });

  /** The features table: feature values plus snapshot date and run id. */
  public static final StructType FEATURES =
      FEATURE_VALUES
          .add(field(SNAPSHOT_DATE, DataTypes.DateType))
          .add(field(RUN_ID, DataTypes.StringType));

  /** One reason code: code, the feature it comes from, points lost, and its plain text. */
  public static final StructType REASON_STRUCT =
      new StructType(
          new StructField[] {
            field(REASON_CODE, DataTypes.StringType),
            field(REASON_FEATURE, DataTypes.StringType),
            field(POINTS_LOST, DataTypes.DoubleType),
            field(REASON_TEXT, DataTypes.StringType)
          });

  /** Per-person score at an as-of date: score_snapshots, and scores_current. */
  public static final StructType SCORES =
      new StructType(
          new StructField[] {
            field(PERSON_ID, DataTypes.StringType),
            field(SNAPSHOT_DATE, DataTypes.DateType),
            field(SCORE, DataTypes.IntegerType),
            field(TIER, DataTypes.StringType),
            field(SCORE_STATUS, DataTypes.StringType),
            field(UNSCORABLE_REASON, DataTypes.StringType),
            // Nullable elements, as in every table Delta creates from rows (a first write); Delta
            // does not enforce an array's non-null elements anyway. The scorer writes none.
            field(REASONS, DataTypes.createArrayType(REASON_STRUCT, true)),
            field(SCORECARD_ID, DataTypes.StringType),
            field(RUN_ID, DataTypes.StringType)
          });

  /** A rejected input row, kept whole as JSON with the rule it broke. */
  public static final StructType QUARANTINE =
      new StructType(
          new StructField[] {
            field(DATASET, DataTypes.StringType),
            field(REASON, DataTypes.StringType),
            field(ROW_JSON, DataTypes.StringType),
            field(SNAPSHOT_DATE, DataTypes.DateType),
            field(RUN_ID, DataTypes.StringType)
          });

  /** Rows read, accepted and quarantined for one input dataset in one run. */
  public static final StructType DATASET_COUNT =
      new StructType(
          new StructField[] {
            field(DATASET, DataTypes.StringType),
            field("read", DataTypes.LongType),
            field("accepted", DataTypes.LongType),
            field("quarantined", DataTypes.LongType)
          });

  /** One quality gate as measured in a run. */
  public static final StructType GATE_RESULT =
      new StructType(
          new StructField[] {
            field("gate", DataTypes.StringType),
            field("value", DataTypes.DoubleType),
            field("warn_at", DataTypes.DoubleType),
            field("block_at", DataTypes.DoubleType),
            field("outcome", DataTypes.StringType)
          });

  /** How long one stage of a run took, and the rows it handled (-1 when it has no count). */
  public static final StructType STAGE_TIMING =
      new StructType(
          new StructField[] {
            field("stage", DataTypes.StringType),
            field("rows", DataTypes.LongType),
            field("seconds", DataTypes.DoubleType)
          });

  /** One row per run of the nightly job, whatever its outcome. */
  public static final StructType RUNS =
      new StructType(
          new StructField[] {
            field(RUN_ID, DataTypes.StringType),
            field(SNAPSHOT_DATE, DataTypes.DateType),
            field("started_at", DataTypes.TimestampType),
            field("finished_at", DataTypes.TimestampType),
            field("status", DataTypes.StringType),
            field("forced", DataTypes.BooleanType),
            field("message", DataTypes.StringType),
            field(SCORECARD_ID, DataTypes.StringType),
            field("config_hash", DataTypes.StringType),
            field("dataset_counts", DataTypes.createArrayType(DATASET_COUNT, true)),
            field("persons", DataTypes.LongType),
            field("persons_scored", DataTypes.LongType),
            field("persons_unscorable", DataTypes.LongType),
            field("score_mean", DataTypes.DoubleType),
            field("score_min", DataTypes.IntegerType),
            field("score_max", DataTypes.IntegerType),
            field("psi", DataTypes.DoubleType),
            field("previous_snapshot_date", DataTypes.DateType),
            field("gates", DataTypes.createArrayType(GATE_RESULT, true)),
            field("stage_timings", DataTypes.createArrayType(STAGE_TIMING, true))
          });

  /** Persons in one tier. */
  public static final StructType TIER_COUNT =
      new StructType(
          new StructField[] {
            field(TIER, DataTypes.StringType), field("persons", DataTypes.LongType)
          });

  /**
   * Fairness monitoring: per snapshot, per group of a dimension that is never a score input
   * (region, age band at the snapshot date), persons, scored persons, mean score and tier counts.
   */
  public static final StructType MONITORING =
      new StructType(
          new StructField[] {
            field("dimension", DataTypes.StringType),
            field("group", DataTypes.StringType),
            field("persons", DataTypes.LongType),
            field("scored", DataTypes.LongType),
            field("mean_score", DataTypes.DoubleType),
            field("tier_counts", DataTypes.createArrayType(TIER_COUNT, true)),
            field(SNAPSHOT_DATE, DataTypes.DateType),
            field(RUN_ID, DataTypes.StringType)
          });

  /** Rows one erasure removed from one table. */
  public static final StructType ERASED_ROWS =
      new StructType(
          new StructField[] {
            field("table", DataTypes.StringType), field("rows", DataTypes.LongType)
          });

  /** One erasure request: who asked, why, and what it removed; the person only as their key. */
  public static final StructType ERASURES =
      new StructType(
          new StructField[] {
            field("erased_at", DataTypes.TimestampType),
            field(PERSON_KEY, DataTypes.StringType),
            field("requester", DataTypes.StringType),
            field("reason", DataTypes.StringType),
            field("tables", DataTypes.createArrayType(ERASED_ROWS, true))
          });

  /** One lookup of a person: who, when, why, and whether a score was found. */
  public static final StructType LOOKUP_AUDIT =
      new StructType(
          new StructField[] {
            field("looked_up_at", DataTypes.TimestampType),
            field("requester", DataTypes.StringType),
            field("purpose", DataTypes.StringType),
            field(PERSON_KEY, DataTypes.StringType),
            field("found", DataTypes.BooleanType)
          });

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
