package io.credence.generate;

import static io.credence.generate.Draws.pick;
import static io.credence.generate.Draws.sigmoid;
import static io.credence.generate.Population.DIGITS;
import static io.credence.generate.Population.DRIFT;
import static io.credence.generate.Population.END;
import static io.credence.generate.Population.IDX;
import static io.credence.generate.Population.RISK;
import static io.credence.generate.Population.START_12Y;
import static io.credence.schema.Columns.AMOUNT;
import static io.credence.schema.Columns.CASE_ID;
import static io.credence.schema.Columns.FILED_DATE;
import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.RECORD_TYPE;
import static io.credence.schema.Columns.RESOLVED_DATE;
import static io.credence.schema.Columns.STATUS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Court records over the person's twelve-year window: rare for most persons, frequent and severe
 * for risky ones.
 */
final class CourtRecords {
  /**
   * Candidate filings per year; each is kept with a probability rising with risk at its date
   * (thinning), which gives risk-dependent rates without a per-person loop.
   */
  static final double CANDIDATES_PER_YEAR = 0.6;

  static final String[] SEVERE_TYPES = {"enforcement", "defaulter_list", "bankruptcy"};
  private static final double[] SEVERE_WEIGHTS = {0.5, 0.35, 0.15};
  private static final String K = "_k";
  private static final String SPAN = "_span";
  private static final String RESOLVE_DAYS = "_resolve_days";
  private static final String OUTCOME = "_outcome";

  private CourtRecords() {}

  /**
   * The court records of every person in {@code population}: the contract columns plus {@link
   * Disputes#RECORD_DATE}, the filing date.
   */
  static Dataset<Row> build(Dataset<Row> population, GeneratorSpec spec, Draws d) {
    LocalDate asOf = spec.asOf();
    Column idx = col(IDX);
    Column k = col(K);
    Dataset<Row> filed = Frames.keepWhere(candidates(population, d), kept(d, asOf));
    Column risk = Population.riskAt(col(FILED_DATE), asOf);
    Column severe = d.uniform("court.severe", idx, k).lt(sigmoid(risk.multiply(0.6).minus(1.0)));
    Column severeType = pick(d.uniform("court.type", idx, k), SEVERE_TYPES, SEVERE_WEIGHTS);
    Dataset<Row> typed =
        filed.withColumn(RECORD_TYPE, when(severe, severeType).otherwise("civil_judgment"));
    Dataset<Row> resolved = withResolution(typed, d, asOf);
    return resolved.select(
        concat(lit("CR"), col(DIGITS), lit("-"), k.cast("string")).as(CASE_ID),
        col(PERSON_ID),
        col(RECORD_TYPE),
        col(FILED_DATE),
        amount(d, idx, k).as(AMOUNT),
        col(STATUS),
        col(RESOLVED_DATE),
        col(FILED_DATE).as(Disputes.RECORD_DATE));
  }

  /** Candidate filings spread uniformly over the window. */
  private static Dataset<Row> candidates(Dataset<Row> population, Draws d) {
    Column idx = col(IDX);
    Column span = datediff(col(END), col(START_12Y));
    Column count =
        floor(span.divide(365.25).multiply(CANDIDATES_PER_YEAR).plus(d.uniform("court.count", idx)))
            .cast("int");
    Dataset<Row> rows =
        population.select(
            idx,
            col(DIGITS),
            col(PERSON_ID),
            col(RISK),
            col(DRIFT),
            col(START_12Y),
            span.as(SPAN),
            explode(when(count.gt(0), sequence(lit(0), count.minus(1)))).as(K));
    Column offset = floor(d.uniform("court.day", idx, col(K)).multiply(col(SPAN).plus(1)));
    return rows.withColumn(FILED_DATE, date_add(col(START_12Y), offset.cast("int")));
  }

  private static Column kept(Draws d, LocalDate asOf) {
    Column risk = Population.riskAt(col(FILED_DATE), asOf);
    return d.uniform("court.keep", col(IDX), col(K)).lt(sigmoid(risk.multiply(1.5).minus(4.5)));
  }

  /**
   * Adds status and resolved date. Some records are dismissed within months; riskier persons
   * satisfy fewer judgments; a resolution that would fall after the as-of date leaves the record
   * active.
   */
  private static Dataset<Row> withResolution(Dataset<Row> rows, Draws d, LocalDate asOf) {
    Column idx = col(IDX);
    Column k = col(K);
    Column risk = Population.riskAt(col(FILED_DATE), asOf);
    Column u = d.uniform("court.outcome", idx, k);
    Column v = d.uniform("court.resolve", idx, k);
    Column satisfiedBelow = sigmoid(risk.multiply(-0.7).plus(0.8)).multiply(0.88).plus(0.12);
    Column outcome =
        when(u.lt(0.12), "dismissed").when(u.lt(satisfiedBelow), "satisfied").otherwise("active");
    Column days =
        when(u.lt(0.12), floor(v.multiply(180)).plus(20))
            .otherwise(floor(v.multiply(1400)).plus(60))
            .cast("int");
    Dataset<Row> withOutcome = rows.withColumn(OUTCOME, outcome).withColumn(RESOLVE_DAYS, days);
    Column resolvedAt = date_add(col(FILED_DATE), col(RESOLVE_DAYS));
    Column resolvedInTime = col(OUTCOME).notEqual("active").and(resolvedAt.leq(lit(asOf)));
    return withOutcome
        .withColumn(STATUS, when(resolvedInTime, col(OUTCOME)).otherwise("active"))
        .withColumn(RESOLVED_DATE, when(resolvedInTime, resolvedAt));
  }

  /** Log-normal amounts whose scale depends on the record type. */
  private static Column amount(Draws d, Column idx, Column k) {
    Column type = col(RECORD_TYPE);
    Column median =
        when(type.equalTo("bankruptcy"), 60_000)
            .when(type.equalTo("defaulter_list"), 8_000)
            .when(type.equalTo("enforcement"), 3_000)
            .otherwise(2_500);
    Column raw = median.multiply(exp(d.normal("court.amount", idx, k).multiply(0.8)));
    return Draws.money(raw, 14);
  }
}
