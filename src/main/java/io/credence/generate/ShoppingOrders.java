package io.credence.generate;

import static io.credence.generate.Draws.pick;
import static io.credence.generate.Draws.sigmoid;
import static io.credence.generate.Population.ACTIVITY;
import static io.credence.generate.Population.DIGITS;
import static io.credence.generate.Population.DRIFT;
import static io.credence.generate.Population.END;
import static io.credence.generate.Population.IDX;
import static io.credence.generate.Population.RISK;
import static io.credence.generate.Population.START_5Y;
import static io.credence.schema.Columns.AMOUNT;
import static io.credence.schema.Columns.CATEGORY;
import static io.credence.schema.Columns.ORDER_ID;
import static io.credence.schema.Columns.ORDER_TS;
import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.STATUS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Shopping orders over the person's five-year window; risk raises returns and chargebacks. */
final class ShoppingOrders {
  /** Orders per day of history for a person of average activity (about 50 in five years). */
  static final double ORDERS_PER_DAY = 0.035;

  static final int MAX_ORDERS = 9_999;
  static final String[] CATEGORIES = {
    "groceries", "fashion", "home", "electronics", "digital", "health", "travel"
  };
  private static final double[] CATEGORY_WEIGHTS = {0.30, 0.18, 0.12, 0.10, 0.15, 0.10, 0.05};
  private static final double[] MEDIAN_AMOUNT = {45, 60, 80, 220, 12, 30, 380};
  private static final String K = "_k";
  private static final String DAY = Disputes.RECORD_DATE;

  private ShoppingOrders() {}

  /**
   * The orders of every person in {@code population}: the contract columns plus {@link
   * Disputes#RECORD_DATE}, the order's day.
   */
  static Dataset<Row> build(Dataset<Row> population, GeneratorSpec spec, Draws d) {
    Column idx = col(IDX);
    Column span = datediff(col(END), col(START_5Y));
    Column expected = col(ACTIVITY).multiply(ORDERS_PER_DAY).multiply(span.plus(1));
    Column count =
        least(lit(MAX_ORDERS), floor(expected.plus(d.uniform("order.count", idx)))).cast("int");
    // explode(null) yields no rows: a person with a count of 0 simply has no orders
    Dataset<Row> perOrder =
        population.select(
            idx,
            col(DIGITS),
            col(PERSON_ID),
            col(RISK),
            col(DRIFT),
            col(START_5Y),
            span.as("_span"),
            explode(when(count.gt(0), sequence(lit(0), count.minus(1)))).as(K));
    Column k = col(K);
    Column offset = floor(d.uniform("order.day", idx, k).multiply(col("_span").plus(1)));
    Dataset<Row> dated = perOrder.withColumn(DAY, date_add(col(START_5Y), offset.cast("int")));
    Column category = pick(d.uniform("order.category", idx, k), CATEGORIES, CATEGORY_WEIGHTS);
    return dated
        .withColumn(CATEGORY, category)
        .select(
            concat(lit("SO"), col(DIGITS), lit("-"), k.cast("string")).as(ORDER_ID),
            col(PERSON_ID),
            timestamp(d, idx, k).as(ORDER_TS),
            amount(d, idx, k).as(AMOUNT),
            col(CATEGORY),
            status(d, idx, k, spec.asOf()).as(STATUS),
            col(DAY));
  }

  /** A time of day uniform over the order's day (UTC). */
  private static Column timestamp(Draws d, Column idx, Column k) {
    Column second = floor(d.uniform("order.second", idx, k).multiply(86_400));
    return timestamp_seconds(unix_date(col(DAY)).cast("long").multiply(86_400).plus(second));
  }

  /** Log-normal around the category's median, at least 1.00. */
  private static Column amount(Draws d, Column idx, Column k) {
    Column median = lit(MEDIAN_AMOUNT[MEDIAN_AMOUNT.length - 1]);
    for (int i = CATEGORIES.length - 2; i >= 0; i--) {
      median = when(col(CATEGORY).equalTo(CATEGORIES[i]), MEDIAN_AMOUNT[i]).otherwise(median);
    }
    Column raw = median.multiply(exp(d.normal("order.amount", idx, k).multiply(0.6)));
    return Draws.money(greatest(raw, lit(1.0)), 12);
  }

  /** Risk at the order date raises chargebacks sharply and returns mildly. */
  private static Column status(Draws d, Column idx, Column k, LocalDate asOf) {
    Column risk = Population.riskAt(col(DAY), asOf);
    Column chargeback = sigmoid(risk.multiply(1.2).minus(6.0));
    Column returned = chargeback.plus(sigmoid(risk.multiply(0.45).minus(2.8)));
    Column cancelled = returned.plus(0.03);
    Column u = d.uniform("order.status", idx, k);
    return when(u.lt(chargeback), "chargeback")
        .when(u.lt(returned), "returned")
        .when(u.lt(cancelled), "cancelled")
        .otherwise("completed");
  }
}
