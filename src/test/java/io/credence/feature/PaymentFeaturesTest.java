package io.credence.feature;

import static io.credence.schema.Columns.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class PaymentFeaturesTest extends FeatureTestBase {

  private static Map<String, Row> aggregate(Object[]... rows) {
    return byPerson(PaymentFeatures.aggregate(payments(rows), AS_OF));
  }

  @Test
  void countsPaymentDueExactlyTwentyFourMonthsAgoOutOfWindow() {
    Row a =
        aggregate(
                payment("p1", "a", "2022-06-15", "2022-06-10", "100.00", "100.00"),
                payment("p2", "a", "2022-06-16", "2022-06-16", "100.00", "100.00"),
                payment("p3", "a", "2024-06-15", "2024-06-15", "50.00", "50.00"),
                payment("p4", "a", "2024-06-16", null, "70.00", null))
            .get("a");
    assertThat((long) a.getAs(PAY_COUNT_24M)).isEqualTo(2);
    assertThat((double) a.getAs(PAY_ON_TIME_RATIO_24M)).isEqualTo(1.0);
    assertThat((int) a.getAs(PAY_MAX_DAYS_LATE_24M)).isZero();
    assertThat((BigDecimal) a.getAs(PAY_OVERDUE_AMOUNT)).isEqualTo(money("0.00"));
    assertThat((Object) a.getAs(PAY_MONTHS_SINCE_LAST_LATE)).isNull();
    assertThat((Object) a.getAs(FeatureColumns.PAY_FIRST_RECORD_DATE))
        .isEqualTo(date("2022-06-15"));
    assertThat((long) a.getAs(FeatureColumns.PAY_RECORDS_12M)).isEqualTo(1);
  }

  @Test
  void countsPaymentsDueAfterTwelveMonthsAgoAsRecentRecords() {
    Row a =
        aggregate(
                payment("p1", "a", "2023-06-15", "2023-06-15", "10.00", "10.00"),
                payment("p2", "a", "2023-06-16", "2023-06-16", "10.00", "10.00"),
                payment("p3", "a", "2024-06-15", null, "10.00", null))
            .get("a");
    assertThat((long) a.getAs(FeatureColumns.PAY_RECORDS_12M)).isEqualTo(2);
    assertThat((long) a.getAs(PAY_COUNT_24M)).isEqualTo(3);
  }

  @Test
  void treatsPaymentPaidAfterAsOfAsUnpaid() {
    Row a = aggregate(payment("p1", "a", "2024-05-01", "2024-06-20", "100.00", "100.00")).get("a");
    assertThat((int) a.getAs(PAY_MAX_DAYS_LATE_24M)).isEqualTo(45);
    assertThat((long) a.getAs(PAY_LATE_30_COUNT_24M)).isEqualTo(1);
    assertThat((long) a.getAs(PAY_LATE_90_COUNT_24M)).isZero();
    assertThat((double) a.getAs(PAY_ON_TIME_RATIO_24M)).isZero();
    assertThat((BigDecimal) a.getAs(PAY_OVERDUE_AMOUNT)).isEqualTo(money("100.00"));
    assertThat((int) a.getAs(PAY_MONTHS_SINCE_LAST_LATE)).isEqualTo(1);
  }

  @Test
  void countsDaysLateAtThresholdsTwentyNineThirtyEightyNineNinety() {
    Map<String, Row> result =
        aggregate(
            payment("p29", "d29", "2024-01-01", "2024-01-30", "10.00", "10.00"),
            payment("p30", "d30", "2024-01-01", "2024-01-31", "10.00", "10.00"),
            payment("p89", "d89", "2024-01-01", "2024-03-30", "10.00", "10.00"),
            payment("p90", "d90", "2024-01-01", "2024-03-31", "10.00", "10.00"));
    assertThat(lateCounts(result.get("d29"))).containsExactly(29, 0L, 0L);
    assertThat(lateCounts(result.get("d30"))).containsExactly(30, 1L, 0L);
    assertThat(lateCounts(result.get("d89"))).containsExactly(89, 1L, 0L);
    assertThat(lateCounts(result.get("d90"))).containsExactly(90, 1L, 1L);
    assertThat((Object) result.get("d29").getAs(PAY_MONTHS_SINCE_LAST_LATE)).isNull();
    assertThat((int) result.get("d30").getAs(PAY_MONTHS_SINCE_LAST_LATE)).isEqualTo(5);
  }

  private static Object[] lateCounts(Row row) {
    return new Object[] {
      row.getAs(PAY_MAX_DAYS_LATE_24M),
      row.getAs(PAY_LATE_30_COUNT_24M),
      row.getAs(PAY_LATE_90_COUNT_24M)
    };
  }

  @Test
  void partialPaymentIsNotOnTimeAndLeavesItsRestOverdue() {
    Row a =
        aggregate(
                payment("p1", "a", "2024-05-01", "2024-04-30", "100.00", "60.00"),
                payment("p2", "a", "2024-05-10", "2024-05-10", "80.00", "80.00"),
                payment("p3", "a", "2024-04-01", "2024-04-01", "50.00", "70.00"))
            .get("a");
    assertThat((double) a.getAs(PAY_ON_TIME_RATIO_24M)).isCloseTo(2.0 / 3.0, within(1e-12));
    assertThat((BigDecimal) a.getAs(PAY_OVERDUE_AMOUNT)).isEqualTo(money("40.00"));
    assertThat((int) a.getAs(PAY_MAX_DAYS_LATE_24M)).isZero();
  }

  @Test
  void sumsOverdueAmountOnlyOverPaymentsDueBeforeAsOf() {
    Row a =
        aggregate(
                payment("p1", "a", "2024-06-15", null, "30.00", null),
                payment("p2", "a", "2024-06-14", null, "50.00", null),
                payment("p3", "a", "2024-06-16", null, "70.00", null),
                payment("p4", "a", "2024-03-01", "2024-03-20", "100.00", "40.00"))
            .get("a");
    assertThat((BigDecimal) a.getAs(PAY_OVERDUE_AMOUNT)).isEqualTo(money("110.00"));
    assertThat((long) a.getAs(PAY_COUNT_24M)).isEqualTo(3);
    assertThat((int) a.getAs(PAY_MAX_DAYS_LATE_24M)).isEqualTo(19);
  }

  @Test
  void measuresMonthsSinceLastLateOverAllHistory() {
    Map<String, Row> result =
        aggregate(
            payment("p1", "a", "2020-01-10", "2020-03-10", "10.00", "10.00"),
            payment("p2", "a", "2021-01-10", "2021-02-01", "10.00", "10.00"),
            payment("p3", "a", "2024-06-01", "2024-06-01", "10.00", "10.00"),
            payment("p4", "b", "2024-06-01", "2024-05-30", "10.00", "10.00"));
    Row a = result.get("a");
    assertThat((int) a.getAs(PAY_MONTHS_SINCE_LAST_LATE)).isEqualTo(53);
    assertThat((long) a.getAs(PAY_LATE_30_COUNT_24M)).isZero();
    assertThat((long) a.getAs(PAY_COUNT_24M)).isEqualTo(1);
    assertThat((Object) result.get("b").getAs(PAY_MONTHS_SINCE_LAST_LATE)).isNull();
  }

  @Test
  void leavesRatioAndMaxNullWithoutPaymentsInTwentyFourMonths() {
    Row a = aggregate(payment("p1", "a", "2021-01-01", "2021-01-01", "10.00", "10.00")).get("a");
    assertThat((long) a.getAs(PAY_COUNT_24M)).isZero();
    assertThat((Object) a.getAs(PAY_ON_TIME_RATIO_24M)).isNull();
    assertThat((Object) a.getAs(PAY_MAX_DAYS_LATE_24M)).isNull();
    assertThat((Object) a.getAs(FeatureColumns.PAY_FIRST_RECORD_DATE))
        .isEqualTo(date("2021-01-01"));
    assertThat((long) a.getAs(FeatureColumns.PAY_RECORDS_12M)).isZero();
  }

  @Test
  void rejectsPaymentsWithoutPaidDateNamingStageAndColumn() {
    assertThatThrownBy(() -> PaymentFeatures.aggregate(payments().drop(PAID_DATE), AS_OF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payment features")
        .hasMessageContaining("'paid_date'");
  }
}
