package io.credence.feature;

import static io.credence.schema.Columns.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.config.FeatureConfig;
import io.credence.schema.OutputSchemas;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FeatureBuilderTest extends FeatureTestBase {
  private static Dataset<Row> features;
  private static Map<String, Row> byPerson;

  @BeforeAll
  static void buildOnce() {
    features = build();
    byPerson = byPerson(features);
  }

  /** a has records of every source; b has none; c has only records that do not count at D. */
  private static Dataset<Row> build() {
    FeatureInputs inputs =
        new FeatureInputs(
            persons(person("a"), person("b"), person("c")),
            orders(
                order("o1", "a", "2023-01-10 10:00:00", "50.00", "completed"),
                order("o2", "a", "2024-01-01 10:00:00", "20.00", "cancelled"),
                order("o3", "c", "2024-07-01 10:00:00", "20.00", "completed")),
            payments(
                payment("p0", "a", "2021-01-01", null, "10.00", null),
                payment("p1", "a", "2022-03-01", "2022-03-01", "10.00", "10.00"),
                payment("p2", "a", "2024-06-10", "2024-06-10", "10.00", "10.00"),
                payment("p3", "c", "2024-07-01", null, "10.00", null)),
            courtRecords(
                court("c0", "a", "civil_judgment", "2020-01-01", "10.00", "dismissed", null),
                court("c1", "a", "civil_judgment", "2024-06-01", "1000.00", "active", null),
                court("c2", "c", "civil_judgment", "2010-01-01", "10.00", "active", null)),
            disputes(dispute("d1", "a", "payments", "p0", "2024-01-01", "open", null)));
    return FeatureBuilder.build(inputs, AS_OF, FeatureConfig.DEFAULTS);
  }

  @Test
  void outputsExactlyTheFeatureValuesSchema() {
    assertThat(features.schema()).isEqualTo(OutputSchemas.FEATURE_VALUES);
  }

  @Test
  void combinesHistoryAndRecentRecordsOfAllSourcesAfterDisputes() {
    Row a = byPerson.get("a");
    assertThat((int) a.getAs(HISTORY_MONTHS)).isEqualTo(27);
    assertThat((int) a.getAs(RECORDS_12M)).isEqualTo(3);
    assertThat((int) a.getAs(PAY_COUNT_24M)).isEqualTo(1);
    assertThat((int) a.getAs(SHOP_ORDERS_12M)).isZero();
    assertThat((int) a.getAs(COURT_ACTIVE_COUNT)).isEqualTo(1);
    assertThat((BigDecimal) a.getAs(COURT_ACTIVE_AMOUNT)).isEqualTo(money("1000.00"));
    assertThat((int) a.getAs(COURT_MONTHS_SINCE_LAST)).isZero();
  }

  @Test
  void givesPersonsWithoutCountedRecordsTheDefaults() {
    assertThat(byPerson).containsOnlyKeys("a", "b", "c");
    Object[] expected = {
      null,
      0,
      null,
      0,
      0,
      null,
      money("0.00"),
      null,
      0,
      money("0.00"),
      0,
      null,
      0,
      null,
      0,
      money("0.00"),
      0,
      0,
      0,
      null,
      null,
      0
    };
    for (String personId : new String[] {"b", "c"}) {
      Object[] values = valuesOf(byPerson.get(personId));
      expected[0] = personId;
      assertThat(values).as(personId).containsExactly(expected);
    }
  }

  private static Object[] valuesOf(Row row) {
    return Arrays.stream(OutputSchemas.FEATURE_VALUES.fieldNames()).map(row::getAs).toArray();
  }
}
