package io.credence.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.SparkTestBase;
import io.credence.error.CredenceException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
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
          .add("person_id", DataTypes.StringType)
          .add("due_date", DataTypes.DateType)
          .add("paid_date", DataTypes.DateType);
  static final StructType COURT =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("record_type", DataTypes.StringType)
          .add("filed_date", DataTypes.DateType)
          .add("status", DataTypes.StringType);

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
            new Object[] {"paid_late", d("2025-10-31"), d("2026-01-29")}, // 90 days, last day
            new Object[] {"unpaid", d("2025-09-01"), null}, // unpaid 121 days by E
            new Object[] {"late_89", d("2025-01-01"), d("2025-03-31")}, // 89 days
            new Object[] {"late_before_d0", d("2024-10-31"), d("2025-06-01")}, // due on D0
            new Object[] {"clean", d("2025-05-01"), d("2025-05-01")});
    var court =
        rows(
            COURT,
            new Object[] {"enforced", "enforcement", d("2024-11-01"), "active"},
            new Object[] {"dismissed", "defaulter_list", d("2025-02-01"), "dismissed"},
            new Object[] {"listed_after_window", "defaulter_list", d("2025-11-01"), "active"},
            new Object[] {"clean", "civil_judgment", d("2025-02-01"), "active"});
    Map<String, Double> labels =
        Labels.withBadFlag(persons, payments, court, D0, LocalDate.of(2026, 3, 1))
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getString(0), (Row r) -> r.getDouble(1)));
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
