package io.credence.feature;

import static io.credence.feature.FeatureExpressions.countWhere;
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
import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.RECORD_TYPE;
import static io.credence.schema.Columns.RESOLVED_DATE;
import static io.credence.schema.Columns.STATUS;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.credence.config.FeatureConfig;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Per-person court features (court_*) at an as-of date, after aging. */
public final class CourtFeatures {
  private static final String STAGE = "court features";
  private static final String BANKRUPTCY = "bankruptcy";
  private static final String LAST_FILED_DATE = "_last_filed_date";

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
    Preconditions.requireColumns(
        court, STAGE, PERSON_ID, RECORD_TYPE, FILED_DATE, AMOUNT, STATUS, RESOLVED_DATE);
    Dataset<Row> counted =
        court.where(col(STATUS).notEqual("dismissed").and(counted(asOf, config)));
    return FeatureExpressions.aggregateByPerson(counted, aggregateColumns(asOf))
        .withColumn(COURT_MONTHS_SINCE_LAST, wholeMonthsTo(col(LAST_FILED_DATE), asOf))
        .drop(LAST_FILED_DATE);
  }

  /** The per-person aggregates over counted records. */
  private static List<Column> aggregateColumns(LocalDate asOf) {
    Column active =
        not(coalesce(col(RESOLVED_DATE).leq(FeatureExpressions.asOf(asOf)), lit(false)));
    return List.of(
        countWhere(active).as(COURT_ACTIVE_COUNT),
        coalesce(sum(when(active, col(AMOUNT))), lit(BigDecimal.ZERO)).as(COURT_ACTIVE_AMOUNT),
        max(when(active.and(col(RECORD_TYPE).equalTo("defaulter_list")), lit(1)).otherwise(0))
            .as(COURT_DEFAULTER_LISTED),
        countWhere(col(RECORD_TYPE).equalTo(BANKRUPTCY)).as(COURT_BANKRUPTCIES_10Y),
        count(lit(1)).as(COURT_RECORDS_7Y),
        max(col(FILED_DATE)).as(LAST_FILED_DATE),
        min(col(FILED_DATE)).as(FeatureColumns.COURT_FIRST_RECORD_DATE),
        countWhere(inLastMonths(col(FILED_DATE), asOf, 12)).as(FeatureColumns.COURT_RECORDS_12M));
  }

  /** True for a record filed in its aging window ending at D. */
  private static Column counted(LocalDate asOf, FeatureConfig config) {
    return when(
            col(RECORD_TYPE).equalTo(BANKRUPTCY),
            inLastMonths(col(FILED_DATE), asOf, config.bankruptcyAgingMonths()))
        .otherwise(inLastMonths(col(FILED_DATE), asOf, config.courtAgingMonths()));
  }
}
