package io.credence.report;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;
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

  /**
   * The age band read from its table equals the band of Spark's floor(months_between(D, birth) /
   * 12), the formula it replaced (kept here as the oracle), for every birth date from 130 years
   * before D to 3 years after it, at as-of dates on a month's last day, a leap day, the day after
   * one and mid-month; and a missing birth date is unknown.
   */
  @Test
  void theAgeBandIsTheBandOfSparksWholeYearsOfMonthsBetweenForEveryBirthDate() {
    Dataset<Row> mismatches = null;
    for (LocalDate asOf :
        List.of(
            AS_OF,
            LocalDate.of(2024, 2, 29),
            LocalDate.of(2025, 3, 1),
            LocalDate.of(2026, 1, 15),
            LocalDate.of(2026, 2, 28))) {
      Dataset<Row> births =
          spark()
              .range(-3L * 366, 130L * 366)
              .select(date_sub(lit(Date.valueOf(asOf)), col("id").cast("int")).as(BIRTH_DATE))
              .union(
                  rows(new StructType().add(BIRTH_DATE, DataTypes.DateType), new Object[] {null}))
              .select(
                  lit(Date.valueOf(asOf)).as("as_of"),
                  col(BIRTH_DATE),
                  MonitoringGroups.ageBand(asOf).as("band"),
                  monthsBetweenBand(asOf).as("expected"));
      Dataset<Row> wrong = births.where(not(col("band").eqNullSafe(col("expected"))));
      mismatches = mismatches == null ? wrong : mismatches.union(wrong);
    }
    assertThat(mismatches.limit(5).collectAsList()).isEmpty();
  }

  /** The age band as the monitoring groups computed it before its table: the oracle. */
  private static Column monthsBetweenBand(LocalDate asOf) {
    Column age = floor(months_between(lit(Date.valueOf(asOf)), col(BIRTH_DATE)).divide(12));
    int[] from = {18, 25, 35, 45, 55, 65};
    Column band = when(col(BIRTH_DATE).isNull(), lit(MonitoringGroups.UNKNOWN));
    band = band.when(age.lt(from[0]), lit("under " + from[0]));
    for (int i = 0; i < from.length - 1; i++) {
      band = band.when(age.lt(from[i + 1]), lit(from[i] + "-" + (from[i + 1] - 1)));
    }
    return band.otherwise(lit(from[from.length - 1] + "+"));
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
