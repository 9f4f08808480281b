package io.credence.generate;

import static io.credence.generate.Draws.pick;
import static io.credence.generate.Draws.sigmoid;
import static io.credence.generate.Population.DIGITS;
import static io.credence.generate.Population.DRIFT;
import static io.credence.generate.Population.END;
import static io.credence.generate.Population.IDX;
import static io.credence.generate.Population.RISK;
import static io.credence.generate.Population.START_5Y;
import static io.credence.schema.Columns.ACCOUNT_TYPE;
import static io.credence.schema.Columns.AMOUNT_DUE;
import static io.credence.schema.Columns.AMOUNT_PAID;
import static io.credence.schema.Columns.DUE_DATE;
import static io.credence.schema.Columns.PAID_DATE;
import static io.credence.schema.Columns.PAYMENT_ID;
import static io.credence.schema.Columns.PERSON_ID;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Monthly payments on one to three accounts per person; risk at the due date drives how late and
 * how partially each one is paid.
 */
final class Payments {
  static final String[] ACCOUNT_TYPES = {"loan", "credit_card", "utility", "telecom", "rent"};
  private static final double[] TYPE_WEIGHTS = {0.20, 0.30, 0.20, 0.20, 0.10};
  private static final double[] LOW_AMOUNT = {150, 50, 40, 20, 400};
  private static final double[] HIGH_AMOUNT = {900, 800, 200, 90, 2000};

  /** Share of 90+-day delinquencies that stay unpaid. */
  static final double UNPAID_SHARE = 0.4;

  private static final String AMOUNT_TYPE = "decimal(12,2)";
  private static final String ACCOUNT = "_account";
  private static final String K = "_k";
  private static final String OPEN = "_open";
  private static final String MONTHS = "_months";
  private static final String BASE_AMOUNT = "_base_amount";
  private static final String DAYS_LATE = "_days_late";
  private static final String UNPAID = "_unpaid";

  private Payments() {}

  /**
   * The payments of every person in {@code population}: the contract columns plus {@link
   * Disputes#RECORD_DATE}, the due date.
   */
  static Dataset<Row> build(Dataset<Row> population, GeneratorSpec spec, Draws d) {
    Dataset<Row> rows = monthly(accounts(population, d), d);
    Column idx = col(IDX);
    Column k = col(K);
    LocalDate asOf = spec.asOf();
    Dataset<Row> late = withLateness(rows, d, asOf);
    Column paid = date_add(col(DUE_DATE), col(DAYS_LATE));
    Column paidDate = when(col(UNPAID).or(paid.gt(lit(asOf))), null).otherwise(paid);
    return late.withColumn(PAID_DATE, paidDate)
        .select(
            concat(
                    lit("PM"),
                    col(DIGITS),
                    lit("-"),
                    col(ACCOUNT).cast("string"),
                    lit("-"),
                    k.cast("string"))
                .as(PAYMENT_ID),
            col(PERSON_ID),
            col(ACCOUNT_TYPE),
            col(DUE_DATE),
            col(PAID_DATE),
            col(AMOUNT_DUE),
            amountPaid(d, idx, k, asOf).as(AMOUNT_PAID),
            col(DUE_DATE).as(Disputes.RECORD_DATE));
  }

  /**
   * One row per account, with its first due date and number of monthly payments inside the window.
   * Account 0 opens up to a year before the window and stays open to the end of the person's
   * history, so active persons keep paying; others open up to two years before the window and run 6
   * to 60 months.
   */
  private static Dataset<Row> accounts(Dataset<Row> population, Draws d) {
    Column idx = col(IDX);
    Column u = d.uniform("payment.accounts", idx);
    Column count =
        lit(1).plus(when(u.lt(0.55), 1).otherwise(0)).plus(when(u.lt(0.2), 1).otherwise(0));
    Dataset<Row> accounts =
        population.select(
            idx,
            col(DIGITS),
            col(PERSON_ID),
            col(RISK),
            col(DRIFT),
            col(START_5Y),
            col(END),
            explode(sequence(lit(0), count.minus(1))).as(ACCOUNT));
    Column a = col(ACCOUNT);
    Column first = a.equalTo(0);
    Column lead = when(first, 365).otherwise(730);
    Column span = datediff(col(END), col(START_5Y));
    Column opened =
        date_add(
            col(START_5Y),
            floor(d.uniform("payment.open", idx, a).multiply(span.plus(lead)))
                .minus(lead)
                .cast("int"));
    Column length = floor(d.uniform("payment.length", idx, a).multiply(55)).plus(6).cast("int");
    Column close = when(first, col(END)).otherwise(least(col(END), add_months(opened, length)));
    Column open = greatest(opened, col(START_5Y));
    Column months =
        when(close.geq(open), floor(months_between(close, open)).plus(1)).otherwise(0).cast("int");
    Column type = pick(d.uniform("payment.type", idx, a), ACCOUNT_TYPES, TYPE_WEIGHTS);
    return accounts
        .withColumn(OPEN, open)
        .withColumn(MONTHS, months)
        .withColumn(ACCOUNT_TYPE, type)
        .withColumn(BASE_AMOUNT, baseAmount(d, idx, a));
  }

  /**
   * One row per account and month, due monthly from the account's first due date. The filter is a
   * safety net: months_between can round a month-end span up by one.
   */
  private static Dataset<Row> monthly(Dataset<Row> accounts, Draws d) {
    Dataset<Row> rows =
        accounts.withColumn(
            K, explode(when(col(MONTHS).gt(0), sequence(lit(0), col(MONTHS).minus(1)))));
    Column idx = col(IDX);
    Column u = d.uniform("payment.vary", idx, col(ACCOUNT), col(K));
    Column type = col(ACCOUNT_TYPE);
    // cards and utilities vary month to month; loans, rent and telecom plans are fixed
    Column variation =
        when(type.equalTo("credit_card"), u.multiply(1.4).plus(0.3))
            .when(type.equalTo("utility"), u.multiply(0.8).plus(0.6))
            .otherwise(1.0);
    return rows.withColumn(DUE_DATE, add_months(col(OPEN), col(K)))
        .filter(col(DUE_DATE).leq(col(END)))
        .withColumn(AMOUNT_DUE, Draws.money(col(BASE_AMOUNT).multiply(variation), 12));
  }

  /**
   * Adds days late (negative: paid early) and whether the payment is never paid. Risk at the due
   * date sets the odds of each band: 90+ (some of it never paid), 30-89, 1-29, on time.
   */
  private static Dataset<Row> withLateness(Dataset<Row> rows, Draws d, LocalDate asOf) {
    Column idx = col(IDX);
    Column risk = Population.riskAt(col(DUE_DATE), asOf);
    Column serious = sigmoid(risk.multiply(1.5).minus(5.0));
    Column late30 = serious.plus(sigmoid(risk.multiply(1.3).minus(4.0)));
    Column late1 = late30.plus(sigmoid(risk.multiply(0.9).minus(2.2)));
    Column u = d.uniform("payment.late", idx, col(ACCOUNT), col(K));
    Column v = d.uniform("payment.days", idx, col(ACCOUNT), col(K));
    Column days =
        when(u.lt(serious), floor(pow(v, 2).multiply(300)).plus(90))
            .when(u.lt(late30), floor(v.multiply(60)).plus(30))
            .when(u.lt(late1), floor(v.multiply(29)).plus(1))
            .otherwise(floor(v.multiply(8)).multiply(-1));
    return rows.withColumn(DAYS_LATE, days.cast("int"))
        .withColumn(UNPAID, u.lt(serious.multiply(UNPAID_SHARE)));
  }

  /** Nothing when unpaid at the as-of date; risk raises the odds of a partial payment. */
  private static Column amountPaid(Draws d, Column idx, Column k, LocalDate asOf) {
    Column risk = Population.riskAt(col(DUE_DATE), asOf);
    Column partial = d.uniform("payment.partial", idx, col(ACCOUNT), k);
    Column share = d.uniform("payment.share", idx, col(ACCOUNT), k).multiply(0.7).plus(0.2);
    Column due = col(AMOUNT_DUE);
    return when(col(PAID_DATE).isNull(), lit(0).cast(AMOUNT_TYPE))
        .when(
            partial.lt(sigmoid(risk.minus(4.0))),
            Draws.money(due.cast("double").multiply(share), 12))
        .otherwise(due);
  }

  private static Column baseAmount(Draws d, Column idx, Column account) {
    Column u = d.uniform("payment.base", idx, account);
    int last = ACCOUNT_TYPES.length - 1;
    Column base = u.multiply(HIGH_AMOUNT[last] - LOW_AMOUNT[last]).plus(LOW_AMOUNT[last]);
    for (int i = last - 1; i >= 0; i--) {
      base =
          when(
                  col(ACCOUNT_TYPE).equalTo(ACCOUNT_TYPES[i]),
                  u.multiply(HIGH_AMOUNT[i] - LOW_AMOUNT[i]).plus(LOW_AMOUNT[i]))
              .otherwise(base);
    }
    return base;
  }
}
