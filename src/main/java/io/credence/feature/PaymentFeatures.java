package io.credence.feature;

import static io.credence.feature.FeatureExpressions.countWhere;
import static io.credence.feature.FeatureExpressions.inLastMonths;
import static io.credence.feature.FeatureExpressions.wholeMonthsTo;
import static io.credence.schema.Columns.AMOUNT_DUE;
import static io.credence.schema.Columns.AMOUNT_PAID;
import static io.credence.schema.Columns.DUE_DATE;
import static io.credence.schema.Columns.PAID_DATE;
import static io.credence.schema.Columns.PAY_COUNT_24M;
import static io.credence.schema.Columns.PAY_LATE_30_COUNT_24M;
import static io.credence.schema.Columns.PAY_LATE_90_COUNT_24M;
import static io.credence.schema.Columns.PAY_MAX_DAYS_LATE_24M;
import static io.credence.schema.Columns.PAY_MONTHS_SINCE_LAST_LATE;
import static io.credence.schema.Columns.PAY_ON_TIME_RATIO_24M;
import static io.credence.schema.Columns.PAY_OVERDUE_AMOUNT;
import static io.credence.schema.Columns.PERSON_ID;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Per-person payment features (pay_*) at an as-of date. */
public final class PaymentFeatures {
  private static final String STAGE = "payment features";
  private static final String DAYS_LATE = "_days_late";
  private static final String ON_TIME_24M = "_on_time_24m";
  private static final String LAST_LATE_DUE_DATE = "_last_late_due_date";

  private static final Column ZERO = lit(BigDecimal.ZERO);

  private PaymentFeatures() {}

  /**
   * Aggregates payments into one row per person_id with the pay_* features of the contract, plus
   * {@link FeatureColumns#PAY_FIRST_RECORD_DATE} and {@link FeatureColumns#PAY_RECORDS_12M} for the
   * assembler. Counts are longs, amounts decimals, ratios doubles; the assembler casts them.
   *
   * <p>Needs {@code person_id, due_date, paid_date, amount_due, amount_paid}. Drops payments due
   * after D (they do not count at D); a payment paid after D counts as unpaid. Costs one shuffle
   * (the groupBy on person_id).
   */
  public static Dataset<Row> aggregate(Dataset<Row> payments, LocalDate asOf) {
    Preconditions.requireColumns(
        payments, STAGE, PERSON_ID, DUE_DATE, PAID_DATE, AMOUNT_DUE, AMOUNT_PAID);
    Column d = FeatureExpressions.asOf(asOf);
    Dataset<Row> perPerson =
        FeatureExpressions.aggregateByPerson(
            payments.where(col(DUE_DATE).leq(d)).withColumn(DAYS_LATE, daysLate(d)),
            aggregateColumns(asOf));
    return perPerson
        .withColumn(
            PAY_ON_TIME_RATIO_24M,
            try_divide(col(ON_TIME_24M).cast(DataTypes.DoubleType), col(PAY_COUNT_24M)))
        .withColumn(PAY_MONTHS_SINCE_LAST_LATE, wholeMonthsTo(col(LAST_LATE_DUE_DATE), asOf))
        .drop(ON_TIME_24M, LAST_LATE_DUE_DATE);
  }

  /** The per-person aggregates over payments due on or before D, with days late computed. */
  private static List<Column> aggregateColumns(LocalDate asOf) {
    Column d = FeatureExpressions.asOf(asOf);
    Column in24m = inLastMonths(col(DUE_DATE), asOf, 24);
    Column daysLate = col(DAYS_LATE);
    return List.of(
        countWhere(in24m).as(PAY_COUNT_24M),
        countWhere(in24m.and(onTime(d))).as(ON_TIME_24M),
        countWhere(in24m.and(daysLate.geq(30))).as(PAY_LATE_30_COUNT_24M),
        countWhere(in24m.and(daysLate.geq(90))).as(PAY_LATE_90_COUNT_24M),
        max(when(in24m, daysLate)).as(PAY_MAX_DAYS_LATE_24M),
        coalesce(sum(when(col(DUE_DATE).lt(d), unpaidAt(d))), ZERO).as(PAY_OVERDUE_AMOUNT),
        max(when(daysLate.geq(30), col(DUE_DATE))).as(LAST_LATE_DUE_DATE),
        min(col(DUE_DATE)).as(FeatureColumns.PAY_FIRST_RECORD_DATE),
        countWhere(inLastMonths(col(DUE_DATE), asOf, 12)).as(FeatureColumns.PAY_RECORDS_12M));
  }

  /** True when the payment was paid on or before D. */
  private static Column paidBy(Column d) {
    return col(PAID_DATE).isNotNull().and(col(PAID_DATE).leq(d));
  }

  /** max(0, days from due_date to the paid_date if paid by D, else to D). */
  private static Column daysLate(Column d) {
    Column settled = when(paidBy(d), col(PAID_DATE)).otherwise(d);
    return greatest(lit(0), datediff(settled, col(DUE_DATE)));
  }

  /** Paid by D, on or before due_date, and in full. */
  private static Column onTime(Column d) {
    return paidBy(d)
        .and(col(PAID_DATE).leq(col(DUE_DATE)))
        .and(col(AMOUNT_PAID).geq(col(AMOUNT_DUE)));
  }

  /** amount_due minus the amount paid on or before D, where positive. */
  private static Column unpaidAt(Column d) {
    Column paid = when(paidBy(d), coalesce(col(AMOUNT_PAID), ZERO)).otherwise(ZERO);
    return greatest(col(AMOUNT_DUE).minus(paid), ZERO);
  }
}
