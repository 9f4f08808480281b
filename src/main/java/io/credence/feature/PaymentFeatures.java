package io.credence.feature;

import static io.credence.feature.Buffer.countWhere;
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
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import io.credence.schema.InputDataset;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Per-person payment features (pay_*) at an as-of date. */
public final class PaymentFeatures {
  private static final String DAYS_LATE = "_days_late";
  private static final String ON_TIME_24M = "_on_time_24m";
  private static final String LAST_LATE_DUE_DATE = "_last_late_due_date";

  private static final Column ZERO = lit(BigDecimal.ZERO);

  /** Precision of the sum of amount_due minus amount_paid: what it had as a decimal sum. */
  private static final int OVERDUE_PRECISION = 23;

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
    return spec(asOf).aggregate(payments);
  }

  /**
   * The payment features as mergeable buffers over payments due on or before D, with days late
   * computed once per row. The overdue amount is summed as whole cents (see {@link
   * FeatureExpressions#cents}) and comes out as the same exact decimal.
   */
  public static SourceAggregation spec(LocalDate asOf) {
    Column d = FeatureExpressions.asOf(asOf);
    Map<String, Column> rowColumns = new LinkedHashMap<>();
    rowColumns.put(DAYS_LATE, daysLate(d));
    return new SourceAggregation(
        "payment features",
        InputDataset.PAYMENTS,
        List.of(DUE_DATE, PAID_DATE, AMOUNT_DUE, AMOUNT_PAID),
        rowColumns,
        col(DUE_DATE).leq(d),
        buffers(asOf),
        perPerson -> finish(perPerson, asOf));
  }

  private static Dataset<Row> finish(Dataset<Row> perPerson, LocalDate asOf) {
    return perPerson
        .withColumn(
            PAY_ON_TIME_RATIO_24M,
            try_divide(col(ON_TIME_24M).cast(DataTypes.DoubleType), col(PAY_COUNT_24M)))
        .withColumn(
            PAY_OVERDUE_AMOUNT,
            FeatureExpressions.fromCents(
                coalesce(col(PAY_OVERDUE_AMOUNT), lit(0L)), OVERDUE_PRECISION))
        .withColumn(PAY_MONTHS_SINCE_LAST_LATE, wholeMonthsTo(col(LAST_LATE_DUE_DATE), asOf))
        .drop(ON_TIME_24M, LAST_LATE_DUE_DATE);
  }

  /** The per-person buffers over payments due on or before D, with days late computed. */
  private static List<Buffer> buffers(LocalDate asOf) {
    Column d = FeatureExpressions.asOf(asOf);
    Column in24m = inLastMonths(col(DUE_DATE), asOf, 24);
    Column daysLate = col(DAYS_LATE);
    return List.of(
        countWhere(PAY_COUNT_24M, in24m),
        countWhere(ON_TIME_24M, in24m.and(onTime(d))),
        countWhere(PAY_LATE_30_COUNT_24M, in24m.and(daysLate.geq(30))),
        countWhere(PAY_LATE_90_COUNT_24M, in24m.and(daysLate.geq(90))),
        new Buffer(PAY_MAX_DAYS_LATE_24M, Buffer.Kind.MAX, when(in24m, daysLate)),
        new Buffer(
            PAY_OVERDUE_AMOUNT,
            Buffer.Kind.SUM,
            when(col(DUE_DATE).lt(d), FeatureExpressions.cents(unpaidAt(d)))),
        new Buffer(LAST_LATE_DUE_DATE, Buffer.Kind.MAX, when(daysLate.geq(30), col(DUE_DATE))),
        new Buffer(FeatureColumns.PAY_FIRST_RECORD_DATE, Buffer.Kind.MIN, col(DUE_DATE)),
        countWhere(FeatureColumns.PAY_RECORDS_12M, inLastMonths(col(DUE_DATE), asOf, 12)));
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
