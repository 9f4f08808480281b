package io.credence.score;

import static io.credence.schema.Columns.*;
import static io.credence.score.FeatureRows.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.credence.SparkTestBase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Keeps the shipped expert-v1 scorecard and the claims in its header comment in step. */
class ExpertScorecardTest extends SparkTestBase {
  static final Scorecard EXPERT = ScorecardYaml.read(ScorecardYamlTest.EXPERT);

  static Map<String, Object> average() {
    return with(
        FeatureRows.good(),
        PAY_COUNT_24M,
        24,
        PAY_ON_TIME_RATIO_24M,
        0.9,
        PAY_MAX_DAYS_LATE_24M,
        20,
        PAY_OVERDUE_AMOUNT,
        50,
        SHOP_ORDERS_12M,
        8,
        SHOP_SPEND_12M,
        900,
        SHOP_ACTIVE_MONTHS_12M,
        5,
        SHOP_RETURN_RATE_12M,
        0.15,
        SHOP_SPEND_CV_12M,
        1.4,
        HISTORY_MONTHS,
        30);
  }

  static Map<String, Object> bad() {
    return with(
        FeatureRows.good(),
        PAY_COUNT_24M,
        20,
        PAY_ON_TIME_RATIO_24M,
        0.75,
        PAY_LATE_30_COUNT_24M,
        3,
        PAY_LATE_90_COUNT_24M,
        1,
        PAY_MAX_DAYS_LATE_24M,
        95,
        PAY_OVERDUE_AMOUNT,
        600,
        PAY_MONTHS_SINCE_LAST_LATE,
        4,
        SHOP_ORDERS_12M,
        6,
        SHOP_SPEND_12M,
        500,
        SHOP_ACTIVE_MONTHS_12M,
        3,
        SHOP_RETURN_RATE_12M,
        0.3,
        SHOP_SPEND_CV_12M,
        2.0,
        HISTORY_MONTHS,
        40);
  }

  /** The profiles of the YAML header, in its order. */
  static Map<String, Map<String, Object>> profiles() {
    Map<String, Map<String, Object>> p = new LinkedHashMap<>();
    p.put(
        "excellent",
        with(
            FeatureRows.good(),
            PAY_COUNT_24M,
            60,
            PAY_ON_TIME_RATIO_24M,
            1.0,
            PAY_MAX_DAYS_LATE_24M,
            0,
            SHOP_ORDERS_12M,
            40,
            SHOP_SPEND_12M,
            6000,
            SHOP_ACTIVE_MONTHS_12M,
            12,
            SHOP_RETURN_RATE_12M,
            0.02,
            SHOP_SPEND_CV_12M,
            0.3,
            HISTORY_MONTHS,
            130));
    p.put("good", FeatureRows.good());
    p.put("average", average());
    p.put(
        "no bills",
        with(
            average(),
            PAY_COUNT_24M,
            0,
            PAY_ON_TIME_RATIO_24M,
            null,
            PAY_MAX_DAYS_LATE_24M,
            null,
            PAY_OVERDUE_AMOUNT,
            0));
    p.put(
        "fair",
        with(
            average(),
            PAY_LATE_30_COUNT_24M,
            1,
            PAY_MAX_DAYS_LATE_24M,
            40,
            PAY_MONTHS_SINCE_LAST_LATE,
            9,
            PAY_ON_TIME_RATIO_24M,
            0.88));
    p.put("bad", bad());
    p.put(
        "very bad",
        with(
            bad(),
            PAY_ON_TIME_RATIO_24M,
            0.65,
            PAY_LATE_30_COUNT_24M,
            4,
            PAY_LATE_90_COUNT_24M,
            2,
            PAY_MAX_DAYS_LATE_24M,
            120,
            PAY_OVERDUE_AMOUNT,
            1500,
            PAY_MONTHS_SINCE_LAST_LATE,
            2,
            SHOP_CHARGEBACKS_24M,
            1,
            COURT_ACTIVE_COUNT,
            1,
            COURT_ACTIVE_AMOUNT,
            3000,
            COURT_RECORDS_7Y,
            1,
            COURT_MONTHS_SINCE_LAST,
            10));
    return p;
  }

  @Test
  void typicalProfilesLandWhereTheHeaderSays() {
    Row[] rows =
        profiles().entrySet().stream()
            .map(e -> FeatureRows.row(e.getKey(), e.getValue()))
            .toArray(Row[]::new);
    Dataset<Row> out = ScorecardApplier.apply(FeatureRows.frame(spark(), rows), EXPERT);
    Map<String, Integer> scores = new TreeMap<>();
    out.select(PERSON_ID, SCORE)
        .collectAsList()
        .forEach(r -> scores.put(r.getString(0), r.getInt(1)));
    assertThat(scores)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "excellent", 942,
                "good", 768,
                "average", 661,
                "no bills", 631,
                "fair", 548,
                "bad", 351,
                "very bad", 350));
    // The product targets: good ~700-780, average ~600-680, bad below 550.
    assertThat(scores.get("good")).isBetween(700, 780);
    assertThat(scores.get("average")).isBetween(600, 680);
    assertThat(scores.get("bad")).isLessThan(550);
  }

  @Test
  void theoreticalRangeReachesBothClamps() {
    double best = EXPERT.basePoints();
    double worst = EXPERT.basePoints();
    for (FeatureScore f : EXPERT.features()) {
      best += f.bestPoints();
      worst += f.worstPoints();
    }
    assertThat(best).isEqualTo(957);
    assertThat(worst).isEqualTo(-343);
  }

  @Test
  void groupWeightsMatchTheHeader() {
    Map<String, List<String>> groups =
        Map.of(
            "payment",
            List.of(
                PAY_COUNT_24M,
                PAY_ON_TIME_RATIO_24M,
                PAY_LATE_30_COUNT_24M,
                PAY_LATE_90_COUNT_24M,
                PAY_MAX_DAYS_LATE_24M,
                PAY_MONTHS_SINCE_LAST_LATE),
            "public records",
            List.of(
                COURT_ACTIVE_COUNT,
                COURT_DEFAULTER_LISTED,
                COURT_BANKRUPTCIES_10Y,
                COURT_RECORDS_7Y,
                COURT_MONTHS_SINCE_LAST),
            "amounts owed",
            List.of(PAY_OVERDUE_AMOUNT, COURT_ACTIVE_AMOUNT),
            "history",
            List.of(HISTORY_MONTHS),
            "shopping",
            List.of(
                SHOP_ORDERS_12M,
                SHOP_SPEND_12M,
                SHOP_ACTIVE_MONTHS_12M,
                SHOP_RETURN_RATE_12M,
                SHOP_CHARGEBACKS_24M,
                SHOP_SPEND_CV_12M));
    Map<String, Double> range = new TreeMap<>();
    for (FeatureScore f : EXPERT.features()) {
      String group =
          groups.entrySet().stream()
              .filter(e -> e.getValue().contains(f.feature()))
              .findFirst()
              .orElseThrow()
              .getKey();
      range.merge(group, f.bestPoints() - f.worstPoints(), Double::sum);
    }
    double total = range.values().stream().mapToDouble(Double::doubleValue).sum();
    assertThat(total).isEqualTo(1300);
    assertThat(range.get("payment") / total).isCloseTo(0.38, within(0.005));
    assertThat(range.get("public records") / total).isCloseTo(0.25, within(0.005));
    assertThat(range.get("amounts owed") / total).isCloseTo(0.10, within(0.005));
    assertThat(range.get("history") / total).isCloseTo(0.12, within(0.005));
    assertThat(range.get("shopping") / total).isCloseTo(0.15, within(0.005));
  }
}
