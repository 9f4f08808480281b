package io.credence.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.SparkTestBase;
import io.credence.error.CredenceException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LabelsTest extends SparkTestBase {
  static final LocalDate D0 = LocalDate.of(2024, 10, 31);
  static final LocalDate E = LocalDate.of(2025, 12, 31);
  static final LocalDate W = LocalDate.of(2025, 10, 31);

  static final StructType PERSONS = new StructType().add("person_id", DataTypes.StringType);
  static final StructType PAYMENTS =
      new StructType()
          .add("payment_id", DataTypes.StringType)
          .add("person_id", DataTypes.StringType)
          .add("due_date", DataTypes.DateType)
          .add("paid_date", DataTypes.DateType);
  static final StructType COURT =
      new StructType()
          .add("case_id", DataTypes.StringType)
          .add("person_id", DataTypes.StringType)
          .add("record_type", DataTypes.StringType)
          .add("filed_date", DataTypes.DateType)
          .add("status", DataTypes.StringType)
          .add("resolved_date", DataTypes.DateType);
  static final StructType DISPUTES =
      new StructType()
          .add("dispute_id", DataTypes.StringType)
          .add("person_id", DataTypes.StringType)
          .add("source", DataTypes.StringType)
          .add("record_id", DataTypes.StringType)
          .add("opened_date", DataTypes.DateType)
          .add("status", DataTypes.StringType)
          .add("resolved_date", DataTypes.DateType);

  static Date d(String s) {
    return Date.valueOf(s);
  }

  /**
   * D0 = 2024-10-31, window (D0, 2025-10-31]: bad when a payment reaches 90 days past due (due + 90
   * days, still unpaid that day) or an enforcement or listing is filed in the window, as things
   * stood at the window's end.
   */
  @Test
  void labelsSeriousDelinquencyInTheTwelveMonthsAfterD0() {
    var persons =
        rows(
            PERSONS,
            new Object[] {"paid_late"},
            new Object[] {"unpaid"},
            new Object[] {"late_89"},
            new Object[] {"late_at_d0"},
            new Object[] {"due_near_end"},
            new Object[] {"enforced"},
            new Object[] {"dismissed"},
            new Object[] {"listed_after_window"},
            new Object[] {"clean"});
    var payments =
        rows(
            PAYMENTS,
            new Object[] {"pay1", "paid_late", d("2025-06-01"), d("2025-08-30")}, // 90 days
            new Object[] {"pay2", "unpaid", d("2025-05-01"), null}, // 90 days on 2025-07-30
            new Object[] {"pay3", "late_89", d("2025-01-01"), d("2025-03-31")}, // 89 days
            new Object[] {"pay4", "late_at_d0", d("2024-07-01"), null}, // 90 days before D0
            new Object[] {"pay5", "due_near_end", d("2025-09-01"), null}, // 90 days after the end
            new Object[] {"pay6", "clean", d("2025-05-01"), d("2025-05-01")});
    var court =
        rows(
            COURT,
            new Object[] {"c1", "enforced", "enforcement", d("2024-11-01"), "active", null},
            new Object[] {
              "c2", "dismissed", "defaulter_list", d("2025-02-01"), "dismissed", d("2025-05-01")
            },
            new Object[] {
              "c3", "listed_after_window", "defaulter_list", d("2025-11-01"), "active", null
            },
            new Object[] {"c4", "clean", "civil_judgment", d("2025-02-01"), "active", null});
    Map<String, Double> labels =
        labels(persons, payments, court, rows(DISPUTES), LocalDate.of(2026, 3, 1));
    assertThat(labels)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "paid_late", 1.0,
                "unpaid", 1.0,
                "late_89", 0.0,
                "late_at_d0", 0.0,
                "due_near_end", 0.0,
                "enforced", 1.0,
                "dismissed", 0.0,
                "listed_after_window", 0.0,
                "clean", 0.0));
  }

  /** Due 2024-09-15, before D0: 90 days late on 2024-12-14, inside the window. */
  @Test
  void countsAPaymentDueBeforeD0ThatReachesNinetyDaysLateInTheWindow() {
    var persons = rows(PERSONS, new Object[] {"unpaid"}, new Object[] {"paid_in_window"});
    var payments =
        rows(
            PAYMENTS,
            new Object[] {"p1", "unpaid", d("2024-09-15"), null},
            new Object[] {"p2", "paid_in_window", d("2024-09-15"), d("2025-01-10")});
    assertThat(labels(persons, payments, rows(COURT), rows(DISPUTES), E))
        .containsExactlyInAnyOrderEntriesOf(Map.of("unpaid", 1.0, "paid_in_window", 1.0));
  }

  /**
   * The same persons labelled with data as of the window's end and a year later get the same
   * labels: lateness and dismissals are judged at the window's end, never at E, so a holdout whose
   * window ends at E means what a training date does.
   */
  @Test
  void labelsDoNotDependOnHowFarTheDataRunsPastTheWindow() {
    var persons =
        rows(
            PERSONS,
            new Object[] {"unpaid_near_end"},
            new Object[] {"paid_after_end"},
            new Object[] {"dismissed_after_end"},
            new Object[] {"unpaid_early"});
    var payments =
        rows(
            PAYMENTS,
            new Object[] {"p1", "unpaid_near_end", d("2025-09-01"), null},
            new Object[] {"p2", "paid_after_end", d("2025-09-01"), d("2026-01-15")},
            new Object[] {"p3", "unpaid_early", d("2025-03-01"), null});
    var court =
        rows(
            COURT,
            new Object[] {
              "c1",
              "dismissed_after_end",
              "defaulter_list",
              d("2025-09-01"),
              "dismissed",
              d("2026-02-01")
            });
    Map<String, Double> atEnd = labels(persons, payments, court, rows(DISPUTES), W);
    Map<String, Double> yearLater =
        labels(persons, payments, court, rows(DISPUTES), W.plusMonths(12));
    assertThat(yearLater).isEqualTo(atEnd);
    assertThat(atEnd)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "unpaid_near_end", 0.0,
                "paid_after_end", 0.0,
                "dismissed_after_end", 1.0,
                "unpaid_early", 1.0));
  }

  /**
   * Disputes count as in the features, at the window's end add_months(D0, 12) = 2025-10-31: upheld
   * removes the record whatever the dates; open or rejected only after the window's end removes it;
   * rejected by the window's end, or opened after it, leaves it in.
   */
  @Test
  void recordsUnderDisputeAtTheWindowsEndDoNotMakeAPersonBad() {
    var persons =
        rows(
            PERSONS,
            new Object[] {"upheld_late"},
            new Object[] {"open_late"},
            new Object[] {"rejected_late"},
            new Object[] {"rejected_after_end"},
            new Object[] {"opened_after_end"},
            new Object[] {"upheld_listing"},
            new Object[] {"other_record_disputed"});
    var payments =
        rows(
            PAYMENTS,
            new Object[] {"p1", "upheld_late", d("2025-01-01"), null},
            new Object[] {"p2", "open_late", d("2025-01-01"), null},
            new Object[] {"p3", "rejected_late", d("2025-01-01"), null},
            new Object[] {"p4", "rejected_after_end", d("2025-01-01"), null},
            new Object[] {"p5", "opened_after_end", d("2025-01-01"), null},
            new Object[] {"p7", "other_record_disputed", d("2025-01-01"), null},
            new Object[] {"p8", "other_record_disputed", d("2025-02-01"), d("2025-02-01")});
    var court =
        rows(
            COURT,
            new Object[] {
              "c6", "upheld_listing", "defaulter_list", d("2025-03-01"), "active", null
            });
    var disputes =
        rows(
            DISPUTES,
            new Object[] {
              "d1", "upheld_late", "payments", "p1", d("2026-01-10"), "upheld", d("2026-02-01")
            },
            new Object[] {"d2", "open_late", "payments", "p2", d("2025-06-01"), "open", null},
            new Object[] {
              "d3", "rejected_late", "payments", "p3", d("2025-06-01"), "rejected", d("2025-09-01")
            },
            new Object[] {
              "d4",
              "rejected_after_end",
              "payments",
              "p4",
              d("2025-06-01"),
              "rejected",
              d("2025-12-01")
            },
            new Object[] {
              "d5", "opened_after_end", "payments", "p5", d("2025-11-15"), "open", null
            },
            new Object[] {
              "d6",
              "upheld_listing",
              "court_records",
              "c6",
              d("2025-04-01"),
              "upheld",
              d("2025-05-01")
            },
            new Object[] {
              "d7",
              "other_record_disputed",
              "payments",
              "p8",
              d("2025-03-01"),
              "upheld",
              d("2025-04-01")
            });
    assertThat(labels(persons, payments, court, disputes, LocalDate.of(2026, 3, 1)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "upheld_late", 0.0,
                "open_late", 0.0,
                "rejected_late", 1.0,
                "rejected_after_end", 0.0,
                "opened_after_end", 1.0,
                "upheld_listing", 0.0,
                "other_record_disputed", 1.0));
  }

  private static Map<String, Double> labels(
      Dataset<Row> persons,
      Dataset<Row> payments,
      Dataset<Row> court,
      Dataset<Row> disputes,
      LocalDate e) {
    return Labels.withBadFlag(persons, payments, court, disputes, D0, e).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), (Row r) -> r.getDouble(1)));
  }

  @Test
  void refusesObservationDateWithIncompleteOutcomeWindow() {
    assertThatThrownBy(() -> Labels.requireCompleteWindow(LocalDate.of(2025, 1, 1), false, E))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("observation date 2025-01-01 needs outcomes up to 2026-01-01")
        .hasMessageContaining("on or before 2024-12-31");
  }

  @Test
  void acceptsWindowEndingOnTheDataAsOfDate() {
    Labels.requireCompleteWindow(LocalDate.of(2024, 12, 31), false, E);
  }

  @Test
  void refusesAHoldoutWithAnIncompleteWindowAsTheHoldoutsDate() {
    // The default holdout (the latest observation date + holdout_months) was refused as an
    // "observation date" the user never gave, with a fix the given date already met.
    assertThatThrownBy(() -> Labels.requireCompleteWindow(LocalDate.of(2025, 1, 1), true, E))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("the holdout's date 2025-01-01 needs outcomes up to 2026-01-01")
        .hasMessageContaining("give --holdout-date on or before 2024-12-31")
        .hasMessageNotContaining("observation date 2025-01-01");
    assertThatThrownBy(
            () -> Labels.requireCoveredByInputs(LocalDate.of(2024, 10, 31), true, W.minusDays(1)))
        .hasMessageContaining("the holdout's date 2024-10-31")
        .hasMessageContaining("give --holdout-date on or before 2024-10-30");
  }

  @Test
  void refusesAWindowEndingAfterTheInputsLatestDate() {
    assertThatThrownBy(
            () -> Labels.requireCoveredByInputs(LocalDate.of(2024, 10, 31), false, W.minusDays(1)))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("needs outcomes up to 2025-10-31")
        .hasMessageContaining("latest date in the inputs is 2025-10-30")
        .hasMessageContaining("on or before 2024-10-30");
    Labels.requireCoveredByInputs(LocalDate.of(2024, 10, 31), false, W);
  }

  @Test
  void refusesAHoldoutWhoseWindowStartsBeforeTheLatestTrainingWindowEnds() {
    var dates = java.util.List.of(LocalDate.of(2023, 10, 31), D0);
    assertThatThrownBy(() -> Labels.requireOutOfTime(dates, W.minusDays(1)))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("holdout date 2025-10-30 is before 2025-10-31")
        .hasMessageContaining("observation date 2024-10-31")
        .hasMessageContaining("--holdout-date on or after 2025-10-31");
    assertThatThrownBy(() -> Labels.requireOutOfTime(dates, D0))
        .isInstanceOf(CredenceException.class);
    Labels.requireOutOfTime(dates, W);
  }
}
