package io.credence.feature;

import static io.credence.feature.Buffer.countWhere;
import static io.credence.feature.FeatureExpressions.inLastMonths;
import static io.credence.feature.FeatureExpressions.wholeMonthsTo;
import static io.credence.schema.Columns.AMOUNT;
import static io.credence.schema.Columns.COURT_ACTIVE_AMOUNT;
import static io.credence.schema.Columns.COURT_ACTIVE_COUNT;
import static io.credence.schema.Columns.COURT_BANKRUPTCIES_10Y;
import static io.credence.schema.Columns.COURT_DEFAULTER_LISTED;
import static io.credence.schema.Columns.COURT_MONTHS_SINCE_LAST;
import static io.credence.schema.Columns.COURT_RECORDS_7Y;
import static io.credence.schema.Columns.FILED_DATE;
import static io.credence.schema.Columns.RECORD_TYPE;
import static io.credence.schema.Columns.RESOLVED_DATE;
import static io.credence.schema.Columns.STATUS;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.credence.config.FeatureConfig;
import io.credence.schema.InputDataset;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Per-person court features (court_*) at an as-of date, after aging. */
public final class CourtFeatures {
  private static final String BANKRUPTCY = "bankruptcy";
  private static final String LAST_FILED_DATE = "_last_filed_date";

  /** Precision of the sum of a decimal(14,2) amount: what it had as a decimal sum. */
  private static final int AMOUNT_PRECISION = 24;

  private CourtFeatures() {}

  /**
   * Aggregates court records into one row per person_id with the court_* features of the contract,
   * plus {@link FeatureColumns#COURT_FIRST_RECORD_DATE} and {@link
   * FeatureColumns#COURT_RECORDS_12M} for the assembler.
   *
   * <p>Needs {@code person_id, record_type, filed_date, amount, status, resolved_date}. Drops
   * dismissed records and records that do not count at D: filed after D, or filed before the aging
   * window (add_months(D, -court_aging_months), D], for bankruptcies (add_months(D,
   * -bankruptcy_aging_months), D]. Active at D means not resolved on or before D (the status column
   * only marks dismissals). Costs one shuffle (the groupBy on person_id).
   */
  public static Dataset<Row> aggregate(Dataset<Row> court, LocalDate asOf, FeatureConfig config) {
    return spec(asOf, config).aggregate(court);
  }

  /** The court features as mergeable buffers over counted records; amounts summed as cents. */
  public static SourceAggregation spec(LocalDate asOf, FeatureConfig config) {
    return new SourceAggregation(
        "court features",
        InputDataset.COURT_RECORDS,
        List.of(RECORD_TYPE, FILED_DATE, AMOUNT, STATUS, RESOLVED_DATE),
        Map.of(),
        col(STATUS).notEqual("dismissed").and(counted(asOf, config)),
        buffers(asOf),
        perPerson ->
            perPerson
                .withColumn(
                    COURT_ACTIVE_AMOUNT,
                    FeatureExpressions.fromCents(
                        coalesce(col(COURT_ACTIVE_AMOUNT), lit(0L)), AMOUNT_PRECISION))
                .withColumn(COURT_MONTHS_SINCE_LAST, wholeMonthsTo(col(LAST_FILED_DATE), asOf))
                .drop(LAST_FILED_DATE));
  }

  /** The per-person buffers over counted records. */
  private static List<Buffer> buffers(LocalDate asOf) {
    Column active =
        not(coalesce(col(RESOLVED_DATE).leq(FeatureExpressions.asOf(asOf)), lit(false)));
    return List.of(
        countWhere(COURT_ACTIVE_COUNT, active),
        new Buffer(
            COURT_ACTIVE_AMOUNT,
            Buffer.Kind.SUM,
            when(active, FeatureExpressions.cents(col(AMOUNT)))),
        new Buffer(
            COURT_DEFAULTER_LISTED,
            Buffer.Kind.MAX,
            when(active.and(col(RECORD_TYPE).equalTo("defaulter_list")), lit(1)).otherwise(0)),
        countWhere(COURT_BANKRUPTCIES_10Y, col(RECORD_TYPE).equalTo(BANKRUPTCY)),
        new Buffer(COURT_RECORDS_7Y, Buffer.Kind.COUNT, lit(1)),
        new Buffer(LAST_FILED_DATE, Buffer.Kind.MAX, col(FILED_DATE)),
        new Buffer(FeatureColumns.COURT_FIRST_RECORD_DATE, Buffer.Kind.MIN, col(FILED_DATE)),
        countWhere(FeatureColumns.COURT_RECORDS_12M, inLastMonths(col(FILED_DATE), asOf, 12)));
  }

  /** True for a record filed in its aging window ending at D. */
  private static Column counted(LocalDate asOf, FeatureConfig config) {
    return when(
            col(RECORD_TYPE).equalTo(BANKRUPTCY),
            inLastMonths(col(FILED_DATE), asOf, config.bankruptcyAgingMonths()))
        .otherwise(inLastMonths(col(FILED_DATE), asOf, config.courtAgingMonths()));
  }
}
