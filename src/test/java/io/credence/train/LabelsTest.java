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
          .add("status", DataTypes.StringType);
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

  @Test
  void labelsSeriousDelinquencyInTheTwelveMonthsAfterD0() {
    var persons =
        rows(
            PERSONS,
            new Object[] {"paid_late"},
            new Object[] {"unpaid"},
            new Object[] {"late_89"},
            new Object[] {"late_before_d0"},
            new Object[] {"enforced"},
            new Object[] {"dismissed"},
            new Object[] {"listed_after_window"},
            new Object[] {"clean"});
    var payments =
        rows(
            PAYMENTS,
            new Object[] {
              "pay1", "paid_late", d("2025-10-31"), d("2026-01-29")
            }, // 90 days, last day
            new Object[] {"pay2", "unpaid", d("2025-09-01"), null}, // unpaid 121 days by E
            new Object[] {"pay3", "late_89", d("2025-01-01"), d("2025-03-31")}, // 89 days
            new Object[] {"pay4", "late_before_d0", d("2024-10-31"), d("2025-06-01")}, // due on D0
            new Object[] {"pay5", "clean", d("2025-05-01"), d("2025-05-01")});
    var court =
        rows(
            COURT,
            new Object[] {"c1", "enforced", "enforcement", d("2024-11-01"), "active"},
            new Object[] {"c2", "dismissed", "defaulter_list", d("2025-02-01"), "dismissed"},
            new Object[] {"c3", "listed_after_window", "defaulter_list", d("2025-11-01"), "active"},
            new Object[] {"c4", "clean", "civil_judgment", d("2025-02-01"), "active"});
    Map<String, Double> labels =
        labels(persons, payments, court, rows(DISPUTES), LocalDate.of(2026, 3, 1));
    assertThat(labels)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "paid_late", 1.0,
                "unpaid", 1.0,
                "late_89", 0.0,
                "late_before_d0", 0.0,
                "enforced", 1.0,
                "dismissed", 0.0,
                "listed_after_window", 0.0,
                "clean", 0.0));
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
            new Object[] {"c6", "upheld_listing", "defaulter_list", d("2025-03-01"), "active"});
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
    assertThatThrownBy(() -> Labels.requireCompleteWindow(LocalDate.of(2025, 1, 1), E))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("observation date 2025-01-01 needs outcomes up to 2026-01-01")
        .hasMessageContaining("on or before 2024-12-31");
  }

  @Test
  void acceptsWindowEndingOnTheDataAsOfDate() {
    Labels.requireCompleteWindow(LocalDate.of(2024, 12, 31), E);
  }
}
