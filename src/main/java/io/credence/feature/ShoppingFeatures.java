package io.credence.feature;

import static io.credence.feature.Buffer.countWhere;
import static io.credence.feature.FeatureExpressions.inLastMonths;
import static io.credence.feature.FeatureExpressions.wholeMonthsInWindow;
import static io.credence.schema.Columns.AMOUNT;
import static io.credence.schema.Columns.ORDER_TS;
import static io.credence.schema.Columns.SHOP_ACTIVE_MONTHS_12M;
import static io.credence.schema.Columns.SHOP_CHARGEBACKS_24M;
import static io.credence.schema.Columns.SHOP_ORDERS_12M;
import static io.credence.schema.Columns.SHOP_RETURN_RATE_12M;
import static io.credence.schema.Columns.SHOP_SPEND_12M;
import static io.credence.schema.Columns.SHOP_SPEND_CV_12M;
import static io.credence.schema.Columns.STATUS;
import static org.apache.spark.sql.functions.bit_count;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import io.credence.schema.InputDataset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Per-person shopping features (shop_*) at an as-of date, by the date of order_ts. */
public final class ShoppingFeatures {
  private static final int MONTHS = 12;
  private static final String MONTH_SPEND_PREFIX = "_spend_month_";
  private static final String RETURNED_12M = "_returned_12m";
  private static final String COMPLETED_12M = "_completed_12m";
  private static final String ORDER_DATE = "_order_date";
  private static final String MONTH = "_month";
  private static final String CENTS = "_cents";
  private static final String IS_COMPLETED_12M = "_is_completed_12m";
  private static final String ACTIVE_MONTH_BITS = "_active_month_bits";

  /** Precision of the sum of a decimal(12,2) amount: what the spend had as a decimal sum. */
  private static final int SUM_PRECISION = 22;

  private ShoppingFeatures() {}

  /**
   * Aggregates orders into one row per person_id with the shop_* features of the contract, plus
   * {@link FeatureColumns#SHOP_FIRST_RECORD_DATE} (earliest order date, any status) and {@link
   * FeatureColumns#SHOP_RECORDS_12M} (orders of any status in 12m) for the assembler.
   *
   * <p>Needs {@code person_id, order_ts, amount, status}. Drops orders dated after D. Costs one
   * shuffle (the groupBy on person_id): see {@link #spec}.
   */
  public static Dataset<Row> aggregate(Dataset<Row> orders, LocalDate asOf) {
    return spec(asOf).aggregate(orders);
  }

  /**
   * The shopping features as mergeable buffers. The order date and its month k of the 12m window
   * (null outside it) are computed once per row; the twelve monthly completed-spend totals are
   * conditional sums in the same aggregation, and the spend CV is computed from them afterwards
   * without exploding months. Amounts are summed as whole cents (see {@link
   * FeatureExpressions#cents}); the spend comes out as the same exact decimal.
   */
  public static SourceAggregation spec(LocalDate asOf) {
    Map<String, Column> rowColumns = new LinkedHashMap<>();
    Column orderDate = col(ORDER_DATE);
    rowColumns.put(ORDER_DATE, to_date(col(ORDER_TS)));
    rowColumns.put(MONTH, wholeMonthsInWindow(orderDate, asOf, MONTHS));
    rowColumns.put(CENTS, FeatureExpressions.cents(col(AMOUNT)));
    // Fifteen buffers test it: computed once per row, not compared as a string in each.
    rowColumns.put(
        IS_COMPLETED_12M,
        inLastMonths(orderDate, asOf, MONTHS).and(col(STATUS).equalTo("completed")));
    return new SourceAggregation(
        "shopping features",
        InputDataset.SHOPPING_ORDERS,
        List.of(ORDER_TS, AMOUNT, STATUS),
        rowColumns,
        orderDate.leq(FeatureExpressions.asOf(asOf)),
        buffers(asOf),
        ShoppingFeatures::withRatesAndCv);
  }

  /** The per-person buffers, including the twelve transient monthly completed-spend sums. */
  private static List<Buffer> buffers(LocalDate asOf) {
    Column orderDate = col(ORDER_DATE);
    Column month = col(MONTH);
    Column in12m = inLastMonths(orderDate, asOf, MONTHS);
    Column completed12m = col(IS_COMPLETED_12M);
    Column cents = col(CENTS);
    List<Buffer> buffers = new ArrayList<>();
    buffers.add(countWhere(SHOP_ORDERS_12M, in12m.and(col(STATUS).notEqual("cancelled"))));
    buffers.add(new Buffer(SHOP_SPEND_12M, Buffer.Kind.SUM, when(completed12m, cents)));
    // One bit per month k with a completed order (even of 0.00); the bit count is the month count.
    buffers.add(
        new Buffer(
            ACTIVE_MONTH_BITS,
            Buffer.Kind.BIT_OR,
            when(completed12m, call_function("shiftleft", lit(1), month))));
    buffers.add(countWhere(COMPLETED_12M, completed12m));
    buffers.add(countWhere(RETURNED_12M, in12m.and(col(STATUS).equalTo("returned"))));
    buffers.add(
        countWhere(
            SHOP_CHARGEBACKS_24M,
            inLastMonths(orderDate, asOf, 24).and(col(STATUS).equalTo("chargeback"))));
    buffers.add(new Buffer(FeatureColumns.SHOP_FIRST_RECORD_DATE, Buffer.Kind.MIN, orderDate));
    buffers.add(countWhere(FeatureColumns.SHOP_RECORDS_12M, in12m));
    for (int k = 0; k < MONTHS; k++) {
      buffers.add(
          new Buffer(
              MONTH_SPEND_PREFIX + k,
              Buffer.Kind.SUM,
              when(completed12m.and(month.equalTo(k)), cents)));
    }
    return buffers;
  }

  /** Adds the return rate and the spend CV, and drops the transient monthly columns. */
  private static Dataset<Row> withRatesAndCv(Dataset<Row> perPerson) {
    Column returned = col(RETURNED_12M).cast(DataTypes.DoubleType);
    List<String> transients =
        new ArrayList<>(List.of(RETURNED_12M, COMPLETED_12M, ACTIVE_MONTH_BITS));
    Column total = lit(0.0);
    Column totalOfSquares = lit(0.0);
    for (int k = 0; k < MONTHS; k++) {
      Column spend =
          coalesce(FeatureExpressions.centsAsDouble(col(MONTH_SPEND_PREFIX + k)), lit(0.0));
      total = total.plus(spend);
      totalOfSquares = totalOfSquares.plus(spend.multiply(spend));
      transients.add(MONTH_SPEND_PREFIX + k);
    }
    Column mean = total.divide(MONTHS);
    // Population variance as E[s^2] - E[s]^2; rounding can push it slightly below zero.
    Column variance = greatest(lit(0.0), totalOfSquares.divide(MONTHS).minus(mean.multiply(mean)));
    return perPerson
        .withColumn(
            SHOP_SPEND_12M,
            FeatureExpressions.fromCents(coalesce(col(SHOP_SPEND_12M), lit(0L)), SUM_PRECISION))
        .withColumn(SHOP_ACTIVE_MONTHS_12M, coalesce(bit_count(col(ACTIVE_MONTH_BITS)), lit(0)))
        .withColumn(
            SHOP_RETURN_RATE_12M, try_divide(returned, col(COMPLETED_12M).plus(col(RETURNED_12M))))
        .withColumn(SHOP_SPEND_CV_12M, try_divide(sqrt(variance), mean))
        .drop(transients.toArray(String[]::new));
  }
}
