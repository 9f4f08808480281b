package io.credence.score;

import static io.credence.schema.Columns.*;
import static io.credence.score.FeatureRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.credence.SparkTestBase;
import io.credence.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class ScorecardApplierTest extends SparkTestBase {

  /** Three features, one of each column type: int, double, decimal. Best bins: 0 points. */
  static Scorecard card(double basePoints) {
    return new Scorecard(
        "test-v1",
        null,
        basePoints,
        List.of(
            new FeatureScore(
                PAY_LATE_30_COUNT_24M,
                "L30",
                "Late payments",
                -5,
                List.of(new Bin(1.0, 0), new Bin(3.0, -10), new Bin(null, -30))),
            new FeatureScore(
                PAY_ON_TIME_RATIO_24M,
                "OTR",
                "Few payments on time",
                -7,
                List.of(new Bin(0.9, -20), new Bin(null, 0))),
            new FeatureScore(
                PAY_OVERDUE_AMOUNT,
                "OVD",
                "Amounts past due",
                0,
                List.of(new Bin(100.1, 0), new Bin(500.0, -15), new Bin(null, -40)))));
  }

  /** A person at the best bin of every test-card feature, with overrides. */
  static Row best(String id, Object... overrides) {
    Map<String, Object> values =
        FeatureRows.with(
            FeatureRows.good(),
            PAY_LATE_30_COUNT_24M,
            0,
            PAY_ON_TIME_RATIO_24M,
            1.0,
            PAY_OVERDUE_AMOUNT,
            0);
    return row(id, FeatureRows.with(values, overrides));
  }

  static Map<String, Integer> scores(Dataset<Row> scored) {
    Map<String, Integer> m = new TreeMap<>();
    scored
        .select(PERSON_ID, SCORE)
        .collectAsList()
        .forEach(r -> m.put(r.getString(0), r.getInt(1)));
    return m;
  }

  static List<Row> reasons(Dataset<Row> scored, String personId) {
    return scored
        .where(scored.col(PERSON_ID).equalTo(personId))
        .first()
        .getList(scored.schema().fieldIndex(REASONS));
  }

  Dataset<Row> apply(int maxReasons, Row... rows) {
    return ScorecardApplier.apply(FeatureRows.frame(spark(), rows), card(700), maxReasons);
  }

  @Test
  void valueEqualToUpperGoesToNextBinAndJustBelowStays() {
    Dataset<Row> out =
        apply(
            4,
            best("int-0", PAY_LATE_30_COUNT_24M, 0),
            best("int-1", PAY_LATE_30_COUNT_24M, 1),
            best("int-2", PAY_LATE_30_COUNT_24M, 2),
            best("int-3", PAY_LATE_30_COUNT_24M, 3),
            best("dbl-below", PAY_ON_TIME_RATIO_24M, Math.nextDown(0.9)),
            best("dbl-edge", PAY_ON_TIME_RATIO_24M, 0.9),
            best("dec-below", PAY_OVERDUE_AMOUNT, "100.09"),
            best("dec-edge", PAY_OVERDUE_AMOUNT, "100.10"),
            best("dec-499", PAY_OVERDUE_AMOUNT, "499.99"),
            best("dec-500", PAY_OVERDUE_AMOUNT, "500.00"));
    assertThat(scores(out))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "int-0",
                700,
                "int-1",
                690,
                "int-2",
                690,
                "int-3",
                670,
                "dbl-below",
                680,
                "dbl-edge",
                700,
                "dec-below",
                700,
                "dec-edge",
                685,
                "dec-499",
                685,
                "dec-500",
                660));
  }

  @Test
  void nullAndNanEarnMissingPoints() {
    Dataset<Row> out =
        apply(
            4,
            best(
                "nulls",
                PAY_LATE_30_COUNT_24M,
                null,
                PAY_ON_TIME_RATIO_24M,
                null,
                PAY_OVERDUE_AMOUNT,
                null),
            best("nan", PAY_ON_TIME_RATIO_24M, Double.NaN));
    assertThat(scores(out)).containsExactlyInAnyOrderEntriesOf(Map.of("nulls", 688, "nan", 693));
  }

  @Test
  void clampsToTheScoreRangeAndRoundsHalfUp() {
    Dataset<Row> frame = FeatureRows.frame(spark(), best("a"), best("b", PAY_LATE_30_COUNT_24M, 9));
    assertThat(scores(ScorecardApplier.apply(frame, card(990))))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 950, "b", 950));
    assertThat(scores(ScorecardApplier.apply(frame, card(360))))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 360, "b", 350));
    assertThat(scores(ScorecardApplier.apply(frame, card(700.5))))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 701, "b", 671));
  }

  @Test
  void ordersReasonsByPointsLost() {
    Dataset<Row> out =
        apply(
            4,
            best(
                "p",
                PAY_LATE_30_COUNT_24M,
                1,
                PAY_ON_TIME_RATIO_24M,
                0.5,
                PAY_OVERDUE_AMOUNT,
                600));
    assertThat(reasons(out, "p"))
        .extracting(r -> r.get(0), r -> r.get(1), r -> r.get(2), r -> r.get(3))
        .containsExactly(
            tuple("OVD", PAY_OVERDUE_AMOUNT, 40.0, "Amounts past due"),
            tuple("OTR", PAY_ON_TIME_RATIO_24M, 20.0, "Few payments on time"),
            tuple("L30", PAY_LATE_30_COUNT_24M, 10.0, "Late payments"));
  }

  @Test
  void breaksTiesByScorecardOrderNotByName() {
    // Both lose 10 points; the scorecard lists overdue first although it sorts after late_30.
    Scorecard tie =
        new Scorecard(
            "tie",
            null,
            700,
            List.of(
                new FeatureScore(
                    PAY_OVERDUE_AMOUNT,
                    "OVD",
                    "t",
                    0,
                    List.of(new Bin(1.0, 0), new Bin(null, -10))),
                new FeatureScore(
                    PAY_LATE_30_COUNT_24M,
                    "L30",
                    "t",
                    0,
                    List.of(new Bin(1.0, 0), new Bin(null, -10)))));
    Dataset<Row> out =
        ScorecardApplier.apply(
            FeatureRows.frame(spark(), best("p", PAY_LATE_30_COUNT_24M, 2, PAY_OVERDUE_AMOUNT, 5)),
            tie);
    assertThat(reasons(out, "p")).extracting(r -> r.getString(0)).containsExactly("OVD", "L30");
  }

  @Test
  void keepsAtMostMaxReasons() {
    Row worst =
        best("p", PAY_LATE_30_COUNT_24M, 1, PAY_ON_TIME_RATIO_24M, 0.5, PAY_OVERDUE_AMOUNT, 600);
    assertThat(reasons(apply(2, worst), "p"))
        .extracting(r -> r.getString(0))
        .containsExactly("OVD", "OTR");
    assertThat(reasons(apply(0, worst), "p")).isEmpty();
    assertThat(reasons(apply(10, worst), "p")).hasSize(3);
  }

  @Test
  void givesNoReasonAtTheBestBin() {
    Dataset<Row> out = apply(4, best("top"), best("one", PAY_ON_TIME_RATIO_24M, null));
    assertThat(reasons(out, "top")).isEmpty();
    assertThat(reasons(out, "one"))
        .extracting(r -> r.getString(0), r -> r.getDouble(2))
        .containsExactly(tuple("OTR", 7.0));
  }

  @Test
  void addsScoreReasonsAndScorecardIdWithContractTypes() {
    Dataset<Row> out = apply(4, best("p"));
    assertThat(out.schema().apply(SCORE).dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(out.schema().apply(REASONS).dataType()).isEqualTo(ScorecardApplier.REASONS_TYPE);
    assertThat(out.schema().apply(SCORECARD_ID).dataType()).isEqualTo(DataTypes.StringType);
    assertThat(out.first().getString(out.schema().fieldIndex(SCORECARD_ID))).isEqualTo("test-v1");
    List<String> expected = new ArrayList<>();
    expected.addAll(List.of(FeatureRows.frame(spark(), best("p")).columns()));
    expected.addAll(List.of(SCORE, REASONS, SCORECARD_ID));
    assertThat(out.columns()).containsExactlyElementsOf(expected);
  }

  @Test
  void failsWhenAFeatureColumnIsMissing() {
    Dataset<Row> frame = FeatureRows.frame(spark(), best("p")).drop(PAY_OVERDUE_AMOUNT);
    assertThatThrownBy(() -> ScorecardApplier.apply(frame, card(700)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scorecard test-v1 needs columns [" + PAY_OVERDUE_AMOUNT + "]");
  }

  @Test
  void neverOverwritesAnExistingColumn() {
    Dataset<Row> frame =
        FeatureRows.frame(spark(), best("p"))
            .withColumn(SCORE, org.apache.spark.sql.functions.lit(1));
    assertThatThrownBy(() -> ScorecardApplier.apply(frame, card(700)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[score]");
  }

  @Test
  void rejectsMaxReasonsOutsideZeroToTen() {
    Dataset<Row> frame = FeatureRows.frame(spark(), best("p"));
    assertThatThrownBy(() -> ScorecardApplier.apply(frame, card(700), 11))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scoring.max_reasons")
        .hasMessageContaining("'11'");
    assertThatThrownBy(() -> ScorecardApplier.apply(frame, card(700), -1))
        .isInstanceOf(ConfigException.class);
  }
}
