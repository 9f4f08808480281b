package io.credence.generate;

import static io.credence.schema.Columns.CASE_ID;
import static io.credence.schema.Columns.DISPUTE_ID;
import static io.credence.schema.Columns.DUE_DATE;
import static io.credence.schema.Columns.OPENED_DATE;
import static io.credence.schema.Columns.ORDER_ID;
import static io.credence.schema.Columns.PAID_DATE;
import static io.credence.schema.Columns.PAYMENT_ID;
import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.RECORD_ID;
import static io.credence.schema.Columns.RESOLVED_DATE;
import static io.credence.schema.Columns.SOURCE;
import static io.credence.schema.Columns.STATUS;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Disputes sampled from the clean records themselves, so each references a real record of the same
 * person without a join; adverse records (chargebacks, late payments, court records) are disputed
 * far more often, which ties disputes to risk.
 */
final class Disputes {
  /** Hidden column of every record frame: the date the record is about. */
  static final String RECORD_DATE = "_record_date";

  /** Chance that a dispute still open would have been upheld; the rest are rejected. */
  static final double UPHELD_SHARE = 0.3;

  private static final String CHANCE = "_chance";

  private Disputes() {}

  /** Disputes over the given record frames, each carrying {@link #RECORD_DATE}. */
  static Dataset<Row> build(
      Dataset<Row> orders,
      Dataset<Row> payments,
      Dataset<Row> courtRecords,
      GeneratorSpec spec,
      Draws d) {
    LocalDate asOf = spec.asOf();
    Column chargeback = col(STATUS).equalTo("chargeback");
    Column returned = col(STATUS).equalTo("returned");
    Dataset<Row> fromOrders =
        candidates(
            orders,
            "shopping_orders",
            ORDER_ID,
            lit(0.007)
                .plus(when(chargeback, 0.25).otherwise(0))
                .plus(when(returned, 0.03).otherwise(0)));
    Column paidOrAsOf = coalesce(col(PAID_DATE), lit(asOf));
    Column late30 = datediff(paidOrAsOf, col(DUE_DATE)).geq(30);
    Dataset<Row> fromPayments =
        candidates(
            payments, "payments", PAYMENT_ID, lit(0.005).plus(when(late30, 0.08).otherwise(0)));
    Dataset<Row> fromCourt = candidates(courtRecords, "court_records", CASE_ID, lit(0.1));
    Dataset<Row> all = fromOrders.unionByName(fromPayments).unionByName(fromCourt);
    return resolved(opened(all, d, asOf), d, asOf);
  }

  private static Dataset<Row> candidates(
      Dataset<Row> records, String source, String idColumn, Column chance) {
    return records.select(
        col(PERSON_ID),
        lit(source).as(SOURCE),
        col(idColumn).as(RECORD_ID),
        col(RECORD_DATE),
        chance.as(CHANCE));
  }

  /**
   * Samples records by their chance and opens a dispute 1 to 400 days after the record (most within
   * weeks); a dispute that would open after the as-of date is not sampled.
   */
  private static Dataset<Row> opened(Dataset<Row> candidates, Draws d, LocalDate asOf) {
    Column recordId = col(RECORD_ID);
    Column openDelay = floor(pow(d.uniform("dispute.open", recordId), 2).multiply(400)).plus(1);
    Dataset<Row> withOpened =
        candidates.withColumn(OPENED_DATE, date_add(col(RECORD_DATE), openDelay.cast("int")));
    Column picked = d.uniform("dispute.pick", recordId).lt(col(CHANCE));
    return Frames.keepWhere(withOpened, picked.and(col(OPENED_DATE).leq(lit(asOf))));
  }

  /**
   * Resolves each dispute 7 to 126 days after it opened, upheld with {@link #UPHELD_SHARE}; one
   * that would resolve after the as-of date is still open.
   */
  private static Dataset<Row> resolved(Dataset<Row> opened, Draws d, LocalDate asOf) {
    Column recordId = col(RECORD_ID);
    Column resolveDelay = floor(d.uniform("dispute.resolve", recordId).multiply(120)).plus(7);
    Column resolvedAt = date_add(col(OPENED_DATE), resolveDelay.cast("int"));
    Column resolved = resolvedAt.leq(lit(asOf));
    Column upheld = d.uniform("dispute.outcome", recordId).lt(UPHELD_SHARE);
    return opened.select(
        concat(lit("DS-"), recordId).as(DISPUTE_ID),
        col(PERSON_ID),
        col(SOURCE),
        recordId,
        col(OPENED_DATE),
        when(not(resolved), "open").when(upheld, "upheld").otherwise("rejected").as(STATUS),
        when(resolved, resolvedAt).as(RESOLVED_DATE));
  }
}
