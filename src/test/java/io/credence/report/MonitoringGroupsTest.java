package io.credence.report;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.SparkTestBase;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class MonitoringGroupsTest extends SparkTestBase {
  static final LocalDate AS_OF = LocalDate.of(2026, 10, 31);
  static final StructType SCORES =
      new StructType()
          .add(PERSON_ID, DataTypes.StringType)
          .add(SCORE, DataTypes.IntegerType)
          .add(TIER, DataTypes.StringType);
  static final StructType PERSONS =
      new StructType()
          .add(PERSON_ID, DataTypes.StringType)
          .add(REGION, DataTypes.StringType)
          .add(BIRTH_DATE, DataTypes.DateType);

  /**
   * The groups by "dimension/group", from the scores with each person's groups ({@link
   * MonitoringGroups#groupColumns} of their persons row) beside them, as the nightly job carries
   * them; joined here, so that a score without a persons row has none.
   */
  private static Map<String, Row> groups(Dataset<Row> scores, Dataset<Row> persons) {
    List<Column> personGroups = new ArrayList<>(List.of(col(PERSON_ID)));
    MonitoringGroups.groupColumns(AS_OF).forEach((name, value) -> personGroups.add(value.as(name)));
    Dataset<Row> withGroups =
        scores.join(persons.select(personGroups.toArray(Column[]::new)), PERSON_ID, "left");
    Map<String, Row> out = new TreeMap<>();
    MonitoringGroups.of(withGroups)
        .collectAsList()
        .forEach(r -> out.put(r.getAs("dimension") + "/" + r.getAs("group"), r));
    return out;
  }

  @Test
  void scoresWithoutThePersonsGroupsAreRefusedNamingThem() {
    Dataset<Row> scores = rows(SCORES, new Object[] {"a", 600, "preferred"});
    assertThatThrownBy(() -> MonitoringGroups.of(scores))
        .hasMessageContaining(MonitoringGroups.REGION_GROUP)
        .hasMessageContaining(MonitoringGroups.AGE_GROUP);
  }

  @Test
  void bandsAgesAtTheSnapshotDateWithBoundariesInTheOlderBand() {
    Dataset<Row> scores =
        rows(
            SCORES,
            new Object[] {"a", 600, "preferred"},
            new Object[] {"b", 700, "deposit_free"},
            new Object[] {"c", 500, "standard"},
            new Object[] {"d", 800, "premium"},
            new Object[] {"e", 610, "preferred"});
    Dataset<Row> persons =
        rows(
            PERSONS,
            new Object[] {"a", "north", Date.valueOf("2008-11-01")}, // 17 on the day before 18
            new Object[] {"b", "north", Date.valueOf("2008-10-31")}, // 18 that day
            new Object[] {"c", "south", Date.valueOf("2001-10-31")}, // 25
            new Object[] {"d", "south", Date.valueOf("1961-10-31")}, // 65
            new Object[] {"e", "south", Date.valueOf("1961-11-01")}); // 64
    assertThat(groups(scores, persons).keySet())
        .containsExactly(
            "age_band/18-24",
            "age_band/25-34",
            "age_band/55-64",
            "age_band/65+",
            "age_band/under 18",
            "region/north",
            "region/south");
  }

  @Test
  void countsScoredPersonsMeanAndTiersPerGroup() {
    Dataset<Row> scores =
        rows(
            SCORES,
            new Object[] {"a", 600, "preferred"},
            new Object[] {"b", 700, "preferred"},
            new Object[] {"c", null, null});
    Dataset<Row> persons =
        rows(
            PERSONS,
            new Object[] {"a", "north", Date.valueOf("1990-01-01")},
            new Object[] {"b", "north", Date.valueOf("1990-01-01")},
            new Object[] {"c", "north", Date.valueOf("1990-01-01")});
    Row north = groups(scores, persons).get("region/north");
    assertThat(north.<Long>getAs("persons")).isEqualTo(3L);
    assertThat(north.<Long>getAs("scored")).isEqualTo(2L);
    assertThat(north.<Double>getAs("mean_score")).isEqualTo(650.0);
    List<Row> tiers = north.getList(north.fieldIndex("tier_counts"));
    assertThat(tiers).hasSize(1);
    assertThat(tiers.get(0).getString(0)).isEqualTo("preferred");
    assertThat(tiers.get(0).getLong(1)).isEqualTo(2L);
  }

  /**
   * A group whose persons are all unscorable (no score, no tier) has no mean score and no tiers,
   * not a division by zero.
   */
  @Test
  void aGroupWithoutAScoredPersonHasNoMeanScore() {
    Dataset<Row> scores =
        rows(
            SCORES,
            new Object[] {"a", 600, "preferred"},
            new Object[] {"b", null, null},
            new Object[] {"c", null, null});
    Dataset<Row> persons =
        rows(
            PERSONS,
            new Object[] {"a", "north", Date.valueOf("1990-01-01")},
            new Object[] {"b", "south", Date.valueOf("2010-01-01")},
            new Object[] {"c", "south", Date.valueOf("2010-01-01")});
    Map<String, Row> groups = groups(scores, persons);
    for (String group : List.of("region/south", "age_band/under 18")) {
      Row unscored = groups.get(group);
      assertThat(unscored.<Long>getAs("persons")).as(group).isEqualTo(2L);
      assertThat(unscored.<Long>getAs("scored")).as(group).isZero();
      assertThat(unscored.isNullAt(unscored.fieldIndex("mean_score"))).as(group).isTrue();
      assertThat(unscored.getList(unscored.fieldIndex("tier_counts"))).as(group).isEmpty();
    }
    assertThat(groups.get("region/north").<Double>getAs("mean_score")).isEqualTo(600.0);
  }

  @Test
  void missingRegionBirthDateOrPersonRowIsUnknown() {
    Dataset<Row> scores =
        rows(SCORES, new Object[] {"a", 600, "preferred"}, new Object[] {"z", 640, "preferred"});
    Dataset<Row> persons = rows(PERSONS, new Object[] {"a", null, null});
    Map<String, Row> groups = groups(scores, persons);
    assertThat(groups.keySet()).containsExactly("age_band/unknown", "region/unknown");
    assertThat(groups.get("region/unknown").<Long>getAs("persons")).isEqualTo(2L);
  }
}
