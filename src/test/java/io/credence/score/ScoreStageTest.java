package io.credence.score;

import static io.credence.schema.Columns.*;
import static io.credence.score.FeatureRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.credence.SparkTestBase;
import io.credence.config.EligibilityConfig;
import io.credence.schema.OutputSchemas;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

class ScoreStageTest extends SparkTestBase {
  static final Scorecard EXPERT = ScorecardYaml.read(ScorecardYamlTest.EXPERT);

  static Dataset<Row> score(int maxReasons, Row... rows) {
    return ScoreStage.score(
        FeatureRows.frame(spark(), rows),
        EXPERT,
        EligibilityConfig.DEFAULTS,
        Tiers.DEFAULT,
        maxReasons);
  }

  static Row byId(Dataset<Row> out, String id) {
    return out.where(out.col(PERSON_ID).equalTo(id)).first();
  }

  @Test
  void returnsScoreSnapshotColumnsWithTheirExactTypes() {
    Dataset<Row> out = score(4, row("p"));
    List<String> expected =
        Arrays.stream(OutputSchemas.SCORES.fieldNames())
            .filter(c -> !c.equals(SNAPSHOT_DATE) && !c.equals(RUN_ID))
            .toList();
    assertThat(out.columns()).containsExactlyElementsOf(expected);
    for (StructField f : ScoreStage.OUTPUT.fields()) {
      DataType actual = out.schema().apply(f.name()).dataType();
      assertThat(actual).as(f.name()).isEqualTo(OutputSchemas.SCORES.apply(f.name()).dataType());
    }
  }

  @Test
  void theRankedFormKeepsTheReasonsAsRanksAndGivesTheSameRowsBackFromACache() {
    Row[] rows = {
      row("good"), row("late", PAY_LATE_90_COUNT_24M, 1), row("thin", HISTORY_MONTHS, 3)
    };
    Dataset<Row> ranked =
        ScoreStage.scoreRanked(
                FeatureRows.frame(spark(), rows),
                EXPERT,
                EligibilityConfig.DEFAULTS,
                Tiers.DEFAULT,
                3)
            .persist();
    try {
      assertThat(ranked.columns()).doesNotContain(REASONS).contains(ScorecardApplier.RANKED);
      DataType ranks = ranked.schema().apply(ScorecardApplier.RANKED).dataType();
      assertThat(((ArrayType) ranks).elementType()).isEqualTo(DataTypes.IntegerType);
      ranked.count();
      assertThat(ScoreStage.withReasons(ranked, EXPERT, 3).orderBy(PERSON_ID).collectAsList())
          .containsExactlyElementsOf(score(3, rows).orderBy(PERSON_ID).collectAsList());
    } finally {
      ranked.unpersist();
    }
  }

  @Test
  void scoresEligiblePeopleWithTierAndReasons() {
    Dataset<Row> out = score(2, row("good"), row("late", PAY_LATE_90_COUNT_24M, 1));
    Row good = byId(out, "good");
    assertThat(good.<Integer>getAs(SCORE)).isEqualTo(768);
    assertThat(good.<String>getAs(TIER)).isEqualTo("premium");
    assertThat(good.<String>getAs(SCORE_STATUS)).isEqualTo(Eligibility.SCORED);
    assertThat((Object) good.getAs(UNSCORABLE_REASON)).isNull();
    assertThat(good.<String>getAs(SCORECARD_ID)).isEqualTo("expert-v1");
    assertThat(good.getList(good.fieldIndex(REASONS))).hasSize(2);
    Row late = byId(out, "late");
    assertThat(late.<Integer>getAs(SCORE)).isEqualTo(708);
    assertThat(late.<String>getAs(TIER)).isEqualTo("deposit_free");
    // Short history (48 of 120+ months) costs more than one 90-day late payment.
    assertThat(late.<Row>getList(late.fieldIndex(REASONS)))
        .extracting(r -> r.getString(0), r -> r.getString(1), r -> r.getDouble(2))
        .containsExactly(
            tuple("H01", HISTORY_MONTHS, 84.0), tuple("P02", PAY_LATE_90_COUNT_24M, 60.0));
  }

  @Test
  void leavesUnscorablePeopleWithoutScoreTierOrReasons() {
    Dataset<Row> out = score(4, row("thin", HISTORY_MONTHS, 3), row("idle", RECORDS_12M, 0));
    for (String id : List.of("thin", "idle")) {
      Row r = byId(out, id);
      assertThat((Object) r.getAs(SCORE)).as(id).isNull();
      assertThat((Object) r.getAs(TIER)).as(id).isNull();
      assertThat(r.<String>getAs(SCORE_STATUS)).isEqualTo(Eligibility.UNSCORABLE);
      assertThat(r.getList(r.fieldIndex(REASONS))).as(id).isEmpty();
      assertThat(r.<String>getAs(SCORECARD_ID)).isEqualTo("expert-v1");
    }
    assertThat(byId(out, "thin").<String>getAs(UNSCORABLE_REASON)).isEqualTo("thin_file");
    assertThat(byId(out, "idle").<String>getAs(UNSCORABLE_REASON)).isEqualTo("inactive");
  }
}
