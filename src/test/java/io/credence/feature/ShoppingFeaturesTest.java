package io.credence.feature;

import static io.credence.schema.Columns.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ShoppingFeaturesTest extends FeatureTestBase {

  private static Map<String, Row> aggregate(Object[]... rows) {
    return byPerson(ShoppingFeatures.aggregate(orders(rows), AS_OF));
  }

  @Test
  void countsOrdersFromTheDayAfterTwelveMonthsAgoThroughAsOf() {
    Row a =
        aggregate(
                order("o1", "a", "2023-06-15 23:00:00", "10.00", "completed"),
                order("o2", "a", "2023-06-16 00:00:00", "20.00", "completed"),
                order("o3", "a", "2024-06-15 23:59:59", "30.00", "completed"),
                order("o4", "a", "2024-06-16 00:00:00", "1000.00", "completed"))
            .get("a");
    assertThat((long) a.getAs(SHOP_ORDERS_12M)).isEqualTo(2);
    assertThat((BigDecimal) a.getAs(SHOP_SPEND_12M)).isEqualTo(money("50.00"));
    assertThat((int) a.getAs(SHOP_ACTIVE_MONTHS_12M)).isEqualTo(2);
    assertThat((double) a.getAs(SHOP_SPEND_CV_12M)).isCloseTo(Math.sqrt(13100) / 50, within(1e-9));
    assertThat((long) a.getAs(FeatureColumns.SHOP_RECORDS_12M)).isEqualTo(2);
    assertThat((Object) a.getAs(FeatureColumns.SHOP_FIRST_RECORD_DATE))
        .isEqualTo(date("2023-06-15"));
  }

  @Test
  void spendCvIsSqrtElevenWhenAllSpendFallsInOneMonth() {
    Row a =
        aggregate(
                order("o1", "a", "2024-06-01 10:00:00", "40.00", "completed"),
                order("o2", "a", "2024-06-10 10:00:00", "60.00", "completed"))
            .get("a");
    assertThat((double) a.getAs(SHOP_SPEND_CV_12M)).isCloseTo(Math.sqrt(11), within(1e-9));
    assertThat((int) a.getAs(SHOP_ACTIVE_MONTHS_12M)).isEqualTo(1);
  }

  @Test
  void spendCvPutsOrderExactlyOneMonthBeforeAsOfInMonthOne() {
    // Monthly totals 100 (k = 0) and 300 (k = 1): cv = sqrt(1040000) / 400.
    Row a =
        aggregate(
                order("o1", "a", "2024-06-01 10:00:00", "100.00", "completed"),
                order("o2", "a", "2024-05-15 10:00:00", "300.00", "completed"),
                order("o3", "a", "2024-04-01 10:00:00", "500.00", "returned"))
            .get("a");
    assertThat((double) a.getAs(SHOP_SPEND_CV_12M))
        .isCloseTo(Math.sqrt(1040000) / 400, within(1e-9));
    assertThat((int) a.getAs(SHOP_ACTIVE_MONTHS_12M)).isEqualTo(2);
  }

  @Test
  void leavesSpendCvNullWithoutCompletedSpend() {
    Row a =
        aggregate(
                order("o1", "a", "2024-06-01 10:00:00", "40.00", "returned"),
                order("o2", "a", "2024-06-02 10:00:00", "60.00", "cancelled"))
            .get("a");
    assertThat((Object) a.getAs(SHOP_SPEND_CV_12M)).isNull();
    assertThat((BigDecimal) a.getAs(SHOP_SPEND_12M)).isEqualTo(money("0.00"));
    assertThat((int) a.getAs(SHOP_ACTIVE_MONTHS_12M)).isZero();
    assertThat((double) a.getAs(SHOP_RETURN_RATE_12M)).isEqualTo(1.0);
    assertThat((long) a.getAs(SHOP_ORDERS_12M)).isEqualTo(1);
  }

  @Test
  void leavesReturnRateNullWithoutCompletedOrReturnedOrders() {
    Row b =
        aggregate(
                order("o1", "b", "2024-06-01 10:00:00", "40.00", "cancelled"),
                order("o2", "b", "2024-06-02 10:00:00", "60.00", "chargeback"))
            .get("b");
    assertThat((Object) b.getAs(SHOP_RETURN_RATE_12M)).isNull();
    assertThat((long) b.getAs(SHOP_ORDERS_12M)).isEqualTo(1);
    assertThat((long) b.getAs(FeatureColumns.SHOP_RECORDS_12M)).isEqualTo(2);
  }

  @Test
  void dividesReturnedByCompletedPlusReturnedInTwelveMonths() {
    Row a =
        aggregate(
                order("o1", "a", "2024-06-01 10:00:00", "10.00", "completed"),
                order("o2", "a", "2024-05-01 10:00:00", "10.00", "completed"),
                order("o3", "a", "2024-04-01 10:00:00", "10.00", "completed"),
                order("o4", "a", "2024-03-01 10:00:00", "10.00", "returned"),
                order("o5", "a", "2024-03-02 10:00:00", "10.00", "cancelled"),
                order("o6", "a", "2023-06-15 10:00:00", "10.00", "returned"))
            .get("a");
    assertThat((double) a.getAs(SHOP_RETURN_RATE_12M)).isEqualTo(0.25);
  }

  @Test
  void countsChargebacksInTwentyFourMonths() {
    Row a =
        aggregate(
                order("o1", "a", "2022-06-15 12:00:00", "10.00", "chargeback"),
                order("o2", "a", "2022-06-16 00:00:00", "10.00", "chargeback"),
                order("o3", "a", "2024-06-15 12:00:00", "10.00", "chargeback"),
                order("o4", "a", "2024-06-16 00:00:00", "10.00", "chargeback"))
            .get("a");
    assertThat((long) a.getAs(SHOP_CHARGEBACKS_24M)).isEqualTo(2);
    assertThat((long) a.getAs(SHOP_ORDERS_12M)).isEqualTo(1);
  }

  @Test
  void countsMonthsWithACompletedOrder() {
    Row a =
        aggregate(
                order("o1", "a", "2024-06-01 10:00:00", "10.00", "completed"),
                order("o2", "a", "2024-05-20 10:00:00", "10.00", "completed"),
                order("o3", "a", "2024-05-15 10:00:00", "10.00", "completed"),
                order("o4", "a", "2024-03-01 10:00:00", "0.00", "completed"),
                order("o5", "a", "2024-01-10 10:00:00", "10.00", "cancelled"),
                order("o6", "a", "2023-06-16 10:00:00", "10.00", "completed"))
            .get("a");
    assertThat((int) a.getAs(SHOP_ACTIVE_MONTHS_12M)).isEqualTo(4);
  }
}
