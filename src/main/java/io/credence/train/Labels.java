package io.credence.train;

import static io.credence.schema.Columns.DUE_DATE;
import static io.credence.schema.Columns.FILED_DATE;
import static io.credence.schema.Columns.PAID_DATE;
import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.RECORD_TYPE;
import static io.credence.schema.Columns.RESOLVED_DATE;
import static io.credence.schema.Columns.STATUS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.credence.error.TrainErrors;
import io.credence.feature.DisputeFilter;
import io.credence.schema.ColumnChecks;
import io.credence.schema.InputDataset;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The outcome of each person: bad ({@code label} 1) when a serious delinquency happens in the 12
 * months after the observation date D0, the outcome window (D0, W] with W = add_months(D0, 12).
 *
 * <p>A serious delinquency is an event dated in the window: a payment reaching 90 days past due (on
 * due_date + 90 days it was still unpaid, i.e. paid on or after that day or never), whatever its
 * due date, so a bill due shortly before D0 that goes 90 days late inside the window counts and a
 * bill due in the window's last 90 days cannot yet; or a court record of type enforcement or
 * defaulter_list filed in the window and not dismissed by W (a dismissal without a resolved_date
 * counts as dismissed by W). Everything is judged as it stood at W, never later, so every
 * observation date (training or holdout) gets the same rule whatever the data's as-of date E, as
 * long as W is on or before E. Disputes count as the features count them ({@link DisputeFilter}),
 * evaluated at W: a payment or court record whose dispute was upheld, or was opened by then and not
 * rejected by then, does not make a person bad.
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

  /**
   * Adds {@code label}; refuses D0 whose outcome window ends after {@code dataAsOf}, the last date
   * the inputs cover.
   */
  public static Dataset<Row> withBadFlag(
      Dataset<Row> persons,
      Dataset<Row> payments,
      Dataset<Row> courtRecords,
      Dataset<Row> disputes,
      LocalDate observationDate,
      LocalDate dataAsOf) {
    requireCompleteWindow(observationDate, false, dataAsOf);
    ColumnChecks.requirePresent(persons, "labels (persons)", PERSON_ID);
    ColumnChecks.requirePresent(payments, "labels (payments)", PERSON_ID, DUE_DATE, PAID_DATE);
    ColumnChecks.requirePresent(
        courtRecords,
        "labels (court records)",
        PERSON_ID,
        RECORD_TYPE,
        FILED_DATE,
        STATUS,
        RESOLVED_DATE);
    ColumnChecks.requireAbsent(persons, "labels (persons)", LABEL);
    LocalDate windowEnd = windowEnd(observationDate);
    Date start = Date.valueOf(observationDate);
    Date end = Date.valueOf(windowEnd);
    Dataset<Row> undisputedPayments =
        DisputeFilter.filterDisputed(payments, disputes, InputDataset.PAYMENTS, windowEnd);
    Dataset<Row> undisputedCourt =
        DisputeFilter.filterDisputed(courtRecords, disputes, InputDataset.COURT_RECORDS, windowEnd);
    Column seriousOn = date_add(col(DUE_DATE), SERIOUS_DAYS_LATE);
    Dataset<Row> latePayers =
        undisputedPayments
            .where(inWindow(seriousOn, start, end))
            .where(col(PAID_DATE).isNull().or(col(PAID_DATE).geq(seriousOn)))
            .select(col(PERSON_ID));
    Column dismissedByEnd =
        col(STATUS)
            .equalTo("dismissed")
            .and(col(RESOLVED_DATE).isNull().or(col(RESOLVED_DATE).leq(lit(end))));
    Dataset<Row> listed =
        undisputedCourt
            .where(inWindow(col(FILED_DATE), start, end))
            .where(col(RECORD_TYPE).isin("enforcement", "defaulter_list"))
            .where(not(dismissedByEnd))
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

  /**
   * Refuses an observation date (or the holdout's, {@code holdout}) whose 12-month outcome window
   * is not complete by E.
   */
  public static void requireCompleteWindow(
      LocalDate observationDate, boolean holdout, LocalDate dataAsOf) {
    LocalDate end = windowEnd(observationDate);
    if (end.isAfter(dataAsOf)) {
      throw TrainErrors.incompleteWindow(
          observationDate, holdout, end, dataAsOf, dataAsOf.minusMonths(OUTCOME_MONTHS));
    }
  }

  /**
   * Refuses an observation date whose outcome window ends after {@code latestInputDate}, the latest
   * date found in the inputs: past it there is no data, so nobody could turn bad there.
   */
  public static void requireCoveredByInputs(
      LocalDate observationDate, boolean holdout, LocalDate latestInputDate) {
    LocalDate end = windowEnd(observationDate);
    if (end.isAfter(latestInputDate)) {
      throw TrainErrors.inputsEndEarly(
          observationDate,
          holdout,
          end,
          latestInputDate,
          latestInputDate.minusMonths(OUTCOME_MONTHS));
    }
  }

  /**
   * Refuses a holdout date D1 whose outcome window (D1, add_months(D1, 12)] starts before the
   * latest training window ends: its "out-of-time" figures would be partly measured in-sample.
   */
  public static void requireOutOfTime(List<LocalDate> observationDates, LocalDate holdoutDate) {
    LocalDate latest = observationDates.stream().max(LocalDate::compareTo).orElseThrow();
    LocalDate trainingEnd = windowEnd(latest);
    if (holdoutDate.isBefore(trainingEnd)) {
      throw TrainErrors.holdoutNotOutOfTime(
          holdoutDate, windowEnd(holdoutDate), trainingEnd, latest, OUTCOME_MONTHS);
    }
  }

  private static Column inWindow(Column date, Date start, Date end) {
    return date.gt(lit(start)).and(date.leq(lit(end)));
  }
}
