package io.credence.feature;

import static io.credence.schema.Columns.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.config.FeatureConfig;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class CourtFeaturesTest extends FeatureTestBase {

  private static Map<String, Row> aggregate(FeatureConfig config, Object[]... rows) {
    return byPerson(CourtFeatures.aggregate(courtRecords(rows), AS_OF, config));
  }

  @Test
  void agesOutRecordsAfterEightyFourMonthsAndBankruptciesAfterOneHundredTwenty() {
    Row a =
        aggregate(
                FeatureConfig.DEFAULTS,
                court("c1", "a", "civil_judgment", "2017-06-15", "100.00", "active", null),
                court("c2", "a", "civil_judgment", "2017-06-16", "200.00", "active", null),
                court("c3", "a", "enforcement", "2017-07-15", "300.00", "satisfied", "2018-01-01"),
                court("c4", "a", "bankruptcy", "2014-07-15", "0.00", "active", null),
                court("c5", "a", "bankruptcy", "2014-06-15", "0.00", "active", null),
                court("c6", "a", "defaulter_list", "2014-07-15", "50.00", "active", null))
            .get("a");
    assertThat((long) a.getAs(COURT_RECORDS_7Y)).isEqualTo(3);
    assertThat((long) a.getAs(COURT_BANKRUPTCIES_10Y)).isEqualTo(1);
    assertThat((long) a.getAs(COURT_ACTIVE_COUNT)).isEqualTo(2);
    assertThat((BigDecimal) a.getAs(COURT_ACTIVE_AMOUNT)).isEqualTo(money("200.00"));
    assertThat((int) a.getAs(COURT_DEFAULTER_LISTED)).isZero();
    assertThat((int) a.getAs(COURT_MONTHS_SINCE_LAST)).isEqualTo(83);
    assertThat((Object) a.getAs(FeatureColumns.COURT_FIRST_RECORD_DATE))
        .isEqualTo(date("2014-07-15"));
    assertThat((long) a.getAs(FeatureColumns.COURT_RECORDS_12M)).isZero();
  }

  @Test
  void neverCountsDismissedRecords() {
    Map<String, Row> result =
        aggregate(
            FeatureConfig.DEFAULTS,
            court("c1", "a", "civil_judgment", "2024-05-01", "500.00", "dismissed", null),
            court("c2", "a", "enforcement", "2023-01-01", "100.00", "satisfied", "2023-06-01"),
            court("c3", "b", "defaulter_list", "2024-05-01", "500.00", "dismissed", null));
    Row a = result.get("a");
    assertThat((long) a.getAs(COURT_RECORDS_7Y)).isEqualTo(1);
    assertThat((long) a.getAs(COURT_ACTIVE_COUNT)).isZero();
    assertThat((BigDecimal) a.getAs(COURT_ACTIVE_AMOUNT)).isEqualTo(money("0.00"));
    assertThat((int) a.getAs(COURT_MONTHS_SINCE_LAST)).isEqualTo(17);
    assertThat(result).doesNotContainKey("b");
  }

  @Test
  void countsRecordsResolvedAfterAsOfAsActive() {
    Row a =
        aggregate(
                FeatureConfig.DEFAULTS,
                court("c1", "a", "civil_judgment", "2024-01-01", "100.00", "active", null),
                court(
                    "c2", "a", "civil_judgment", "2024-01-02", "200.00", "satisfied", "2024-06-15"),
                court(
                    "c3", "a", "civil_judgment", "2024-01-03", "300.00", "satisfied", "2024-06-16"),
                court("c4", "a", "civil_judgment", "2024-06-16", "400.00", "active", null))
            .get("a");
    assertThat((long) a.getAs(COURT_ACTIVE_COUNT)).isEqualTo(2);
    assertThat((BigDecimal) a.getAs(COURT_ACTIVE_AMOUNT)).isEqualTo(money("400.00"));
    assertThat((long) a.getAs(COURT_RECORDS_7Y)).isEqualTo(3);
    assertThat((long) a.getAs(FeatureColumns.COURT_RECORDS_12M)).isEqualTo(3);
    assertThat((int) a.getAs(COURT_MONTHS_SINCE_LAST)).isEqualTo(5);
  }

  @Test
  void countsFilingsOnAsOfAndAfterTwelveMonthsAgoAsRecent() {
    Row a =
        aggregate(
                FeatureConfig.DEFAULTS,
                court("c1", "a", "enforcement", "2023-06-15", "10.00", "active", null),
                court("c2", "a", "enforcement", "2023-06-16", "10.00", "active", null),
                court("c3", "a", "enforcement", "2024-06-15", "10.00", "active", null))
            .get("a");
    assertThat((long) a.getAs(FeatureColumns.COURT_RECORDS_12M)).isEqualTo(2);
    assertThat((long) a.getAs(COURT_RECORDS_7Y)).isEqualTo(3);
    assertThat((int) a.getAs(COURT_MONTHS_SINCE_LAST)).isZero();
  }

  @Test
  void flagsOnlyActiveCountedDefaulterListings() {
    Map<String, Row> result =
        aggregate(
            FeatureConfig.DEFAULTS,
            court("c1", "a", "defaulter_list", "2024-01-01", "10.00", "active", null),
            court("c2", "b", "defaulter_list", "2024-01-01", "10.00", "satisfied", "2024-03-01"),
            court("c3", "c", "defaulter_list", "2016-01-01", "10.00", "active", null),
            court("c4", "c", "civil_judgment", "2024-01-01", "10.00", "active", null));
    assertThat((int) result.get("a").getAs(COURT_DEFAULTER_LISTED)).isEqualTo(1);
    assertThat((int) result.get("b").getAs(COURT_DEFAULTER_LISTED)).isZero();
    assertThat((int) result.get("c").getAs(COURT_DEFAULTER_LISTED)).isZero();
  }

  @Test
  void usesConfiguredAgingWindows() {
    Row a =
        aggregate(
                new FeatureConfig(12, 24),
                court("c1", "a", "civil_judgment", "2023-06-15", "10.00", "active", null),
                court("c2", "a", "civil_judgment", "2023-06-16", "10.00", "active", null),
                court("c3", "a", "bankruptcy", "2022-06-15", "10.00", "active", null),
                court("c4", "a", "bankruptcy", "2022-06-16", "10.00", "active", null))
            .get("a");
    assertThat((long) a.getAs(COURT_RECORDS_7Y)).isEqualTo(2);
    assertThat((long) a.getAs(COURT_BANKRUPTCIES_10Y)).isEqualTo(1);
  }
}
