package io.credence.train;

import static io.credence.schema.Columns.DUE_DATE;
import static io.credence.schema.Columns.FILED_DATE;
import static io.credence.schema.Columns.PAID_DATE;
import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.RECORD_TYPE;
import static io.credence.schema.Columns.STATUS;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.credence.error.CredenceException;
import io.credence.feature.DisputeFilter;
import io.credence.schema.InputDataset;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The outcome of each person: bad ({@code label} 1) when the 12 months after the observation date
 * D0, i.e. (D0, add_months(D0, 12)], hold a serious delinquency.
 *
 * <p>A serious delinquency is a payment due in that window that was paid 90 or more days after its
 * due date, or was still unpaid 90 or more days after it by the data's as-of date E; or a court
 * record of type enforcement or defaulter_list filed in that window and not dismissed. Disputes
 * count as the features count them ({@link DisputeFilter}), evaluated at the window's end: a
 * payment or court record whose dispute was upheld, or was opened by then and not rejected by then,
 * does not make a person bad.
 *
 * <p>Needs {@code person_id} on the persons, the payments' and court records' contract columns
 * (with their ids, which disputes name), and the disputes' contract columns. Adds {@code label}
 * (double 0 or 1). Drops no rows.
 */
public final class Labels {
  private Labels() {}

  /** The label column: 1.0 bad, 0.0 good. */
  public static final String LABEL = "label";

  /** Months of the outcome window. */
  public static final int OUTCOME_MONTHS = 12;

  /** Days late that make a payment a serious delinquency. */
  public static final int SERIOUS_DAYS_LATE = 90;

  private static final String BAD = "_bad";

  /** Adds {@code label}; refuses D0 whose outcome window ends after the data's as-of date E. */
  public static Dataset<Row> withBadFlag(
      Dataset<Row> persons,
      Dataset<Row> payments,
      Dataset<Row> courtRecords,
      Dataset<Row> disputes,
      LocalDate observationDate,
      LocalDate dataAsOf) {
    requireCompleteWindow(observationDate, dataAsOf);
    require(persons, "persons", PERSON_ID);
    require(payments, "payments", PERSON_ID, DUE_DATE, PAID_DATE);
    require(courtRecords, "court records", PERSON_ID, RECORD_TYPE, FILED_DATE, STATUS);
    if (Arrays.asList(persons.columns()).contains(LABEL)) {
      throw new IllegalArgumentException("labels add 'label' but the persons already have it");
    }
    LocalDate windowEnd = windowEnd(observationDate);
    Date start = Date.valueOf(observationDate);
    Date end = Date.valueOf(windowEnd);
    Dataset<Row> undisputedPayments =
        DisputeFilter.filterDisputed(payments, disputes, InputDataset.PAYMENTS, windowEnd);
    Dataset<Row> undisputedCourt =
        DisputeFilter.filterDisputed(courtRecords, disputes, InputDataset.COURT_RECORDS, windowEnd);
    Column lateDays =
        datediff(coalesce(col(PAID_DATE), lit(Date.valueOf(dataAsOf))), col(DUE_DATE));
    Dataset<Row> latePayers =
        undisputedPayments
            .where(inWindow(col(DUE_DATE), start, end).and(lateDays.geq(SERIOUS_DAYS_LATE)))
            .select(col(PERSON_ID));
    Dataset<Row> listed =
        undisputedCourt
            .where(inWindow(col(FILED_DATE), start, end))
            .where(col(RECORD_TYPE).isin("enforcement", "defaulter_list"))
            .where(col(STATUS).notEqual("dismissed"))
            .select(col(PERSON_ID));
    Dataset<Row> bad = latePayers.union(listed).distinct().withColumn(BAD, lit(1.0));
    return persons
        .join(bad, persons.col(PERSON_ID).equalTo(bad.col(PERSON_ID)), "left")
        .select(persons.col("*"), when(bad.col(BAD).isNull(), 0.0).otherwise(1.0).as(LABEL));
  }

  /** The last day of the outcome window: add_months(D0, 12). */
  public static LocalDate windowEnd(LocalDate observationDate) {
    // Spark's add_months and LocalDate.plusMonths agree: both clamp to the month's last day.
    return observationDate.plusMonths(OUTCOME_MONTHS);
  }

  /** Refuses an observation date whose 12-month outcome window is not complete by E. */
  public static void requireCompleteWindow(LocalDate observationDate, LocalDate dataAsOf) {
    LocalDate end = windowEnd(observationDate);
    if (end.isAfter(dataAsOf)) {
      throw CredenceException.badInput(
          "observation date "
              + observationDate
              + " needs outcomes up to "
              + end
              + ", but the data only runs to "
              + dataAsOf,
          "a person is labelled by the 12 months after the observation date; with part of that"
              + " window missing, people who will default would be counted as good",
          "choose an observation date on or before " + dataAsOf.minusMonths(OUTCOME_MONTHS));
    }
  }

  private static Column inWindow(Column date, Date start, Date end) {
    return date.gt(lit(start)).and(date.leq(lit(end)));
  }

  private static void require(Dataset<Row> rows, String what, String... columns) {
    List<String> have = Arrays.asList(rows.columns());
    for (String c : columns) {
      if (!have.contains(c)) {
        throw new IllegalArgumentException(
            "labels need column '" + c + "' in the " + what + "; they have " + have);
      }
    }
  }
}
