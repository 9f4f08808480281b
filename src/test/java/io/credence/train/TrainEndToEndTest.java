package io.credence.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.credence.CliRun;
import io.credence.EndToEnd;
import io.credence.SparkTestBase;
import io.credence.config.EligibilityConfig;
import io.credence.config.FeatureConfig;
import io.credence.generate.GeneratorSpec;
import io.credence.job.GenerateJob;
import io.credence.job.TrainScorecardJob;
import io.credence.privacy.PersonIds;
import io.credence.privacy.PrivacyPolicy;
import io.credence.run.Progress;
import io.credence.score.FeatureScore;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardApplier;
import io.credence.score.ScorecardYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate → train → score on 1,000 generated persons, trained at two stacked observation dates
 * (D00 and D0, one row per person and date) and held out at D1 = D0 + 12 months: quality,
 * equivalence, determinism.
 */
@EndToEnd
class TrainEndToEndTest extends SparkTestBase {
  static final LocalDate E = LocalDate.of(2026, 10, 31);
  static final LocalDate D00 = LocalDate.of(2023, 10, 31);
  static final LocalDate D0 = LocalDate.of(2024, 10, 31);
  static final LocalDate D1 = LocalDate.of(2025, 10, 31);

  @TempDir static Path dir;
  static String input;
  static String jobYaml;
  static String warehouse;
  static TrainedScorecard result;
  static CliRun scoreRun;

  @BeforeAll
  static void generateTrainAndScore() throws Exception {
    input = dir.resolve("in").toString();
    warehouse = dir.resolve("wh").toString();
    jobYaml =
        Files.writeString(dir.resolve("job.yaml"), "spark:\n  shuffle_partitions: 2\n").toString();
    GenerateJob.run(spark(), new GeneratorSpec(11L, 1000L, E, 0.004), Path.of(input));
    TrainScorecardJob.Request request =
        new TrainScorecardJob.Request(
            input,
            FeatureConfig.DEFAULTS,
            EligibilityConfig.DEFAULTS,
            TrainConfig.DEFAULTS,
            List.of(D00, D0),
            D1,
            E,
            dir.resolve("models"),
            2,
            PrivacyPolicy.of(PersonIds.raw(), null));
    result = TrainScorecardJob.run(spark(), request, new Progress());
    scoreRun =
        CliRun.of(
            "score",
            "--config",
            jobYaml,
            "--date",
            E.toString(),
            "--input",
            input,
            "--warehouse",
            warehouse,
            "--scorecard",
            result.directory().resolve("scorecard.yaml").toString());
  }

  @Test
  void ranksTheLaterHoldoutClearlyBetterThanChance() {
    TrainingReport r = result.report();
    System.out.printf(
        "train AUC %.4f KS %.4f; holdout AUC %.4f Gini %.4f KS %.4f; PSI %.4f; kept %d%n",
        r.train().auc(),
        r.train().ks(),
        r.holdout().auc(),
        r.holdout().gini(),
        r.holdout().ks(),
        r.psi(),
        r.kept().size());
    assertThat(r.holdout().auc()).isGreaterThan(0.6);
    assertThat(r.holdout().gini()).isCloseTo(2 * r.holdout().auc() - 1, within(1e-12));
    assertThat(r.holdout().ks()).isBetween(0.1, 1.0);
    assertThat(r.train().bads()).isPositive();
    assertThat(r.kept()).allSatisfy(k -> assertThat(k.coefficient()).isLessThanOrEqualTo(0.0));
    assertThat(r.dropped()).allSatisfy(d -> assertThat(d.iv()).isLessThan(0.02));
  }

  @Test
  void writesVersionedOutputs() throws Exception {
    System.out.println(Files.readString(result.directory().resolve("report.md")));
    Path out = result.directory();
    assertThat(out.getFileName().toString()).matches("trained-20241031-[0-9a-f]{8}");
    assertThat(out.resolve("scorecard.yaml")).isRegularFile();
    assertThat(out.resolve("model/metadata")).isDirectory();
    assertThat(out.resolve("metadata.json"))
        .content()
        .contains(
            "\"scorecard_id\"",
            "\"auc\"",
            "\"bad_rate\"",
            "\"coefficient\"",
            "\"dropped\"",
            "\"psi\"",
            "\"observation_dates\"",
            "\"date\" : \"2023-10-31\"",
            "\"date\" : \"2024-10-31\"",
            "\"holdout_date\" : \"2025-10-31\"");
    List<TrainingReport.DateRows> dates = result.report().sample().observationDates();
    assertThat(dates).extracting(TrainingReport.DateRows::date).containsExactly(D00, D0);
    assertThat(dates).allSatisfy(d -> assertThat(d.bads()).isPositive());
    assertThat(result.report().train().rows()).isEqualTo(dates.get(0).rows() + dates.get(1).rows());
    assertThat(out.resolve("report.md")).content().contains("| holdout |", "## Score bands");
    assertThat(ScorecardYaml.read(out.resolve("scorecard.yaml")).id())
        .isEqualTo(out.getFileName().toString());
  }

  @Test
  void pointsTableScoreEqualsModelLogOddsForEveryPerson() {
    Scorecard card = ScorecardYaml.read(result.directory().resolve("scorecard.yaml"));
    PipelineModel model = PipelineModel.load(result.directory().resolve("model").toString());
    ScalingConfig s = TrainConfig.DEFAULTS.scaling();
    Dataset<Row> features = spark().read().format("delta").load(warehouse + "/features");
    Dataset<Row> scored = ScorecardApplier.apply(model.transform(features), card, 0);
    List<Row> rows = scored.collectAsList();
    assertThat(rows).hasSizeGreaterThan(500);
    for (Row row : rows) {
      double p = ((Vector) row.getAs("probability")).apply(1);
      double expected = s.score(Math.log((1 - p) / p));
      double raw = raw(card, row);
      assertThat(raw).isCloseTo(expected, within(1e-6));
      long clamped = Math.max(350, Math.min(950, Math.round(raw)));
      assertThat((int) row.getAs("score")).isEqualTo((int) clamped);
    }
  }

  @Test
  void cliTrainsTheSameScorecardAgain() throws Exception {
    Path out = dir.resolve("cli-models");
    CliRun run =
        CliRun.of(
            "train",
            "--observation-date",
            D0.toString(),
            "--observation-date",
            D00.toString(),
            "--data-as-of",
            E.toString(),
            "--input",
            input,
            "--job-config",
            jobYaml,
            "--out",
            out.toString());
    assertThat(run.code()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        .contains("trained scorecard " + result.report().scorecardId())
        .containsPattern("observation date 2023-10-31: rows \\d+, bads \\d+")
        .containsPattern("observation date 2024-10-31: rows \\d+, bads \\d+")
        .contains("holdout 2025-10-31: rows")
        .contains("AUC")
        .contains("written to");
    Path yaml = out.resolve(result.report().scorecardId()).resolve("scorecard.yaml");
    assertThat(Files.readString(yaml))
        .isEqualTo(Files.readString(result.directory().resolve("scorecard.yaml")));
  }

  @Test
  void nightlyJobScoresWithTheTrainedScorecard() {
    assertThat(scoreRun.code()).as(scoreRun.stderr()).isZero();
    List<Row> ids =
        spark()
            .read()
            .format("delta")
            .load(warehouse + "/score_snapshots")
            .select("scorecard_id")
            .distinct()
            .collectAsList();
    assertThat(ids).extracting(r -> r.getString(0)).containsExactly(result.report().scorecardId());
  }

  @Test
  void cliRefusesObservationDateWithoutCompleteOutcomes() {
    CliRun run =
        CliRun.of(
            "train",
            "--observation-date",
            "2025-12-31",
            "--data-as-of",
            E.toString(),
            "--input",
            input);
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.stderr()).contains("needs outcomes up to 2026-12-31");
  }

  @Test
  void cliNamesTheObservationDateWhoseOutcomeWindowIsIncomplete() {
    CliRun run =
        CliRun.of(
            "train",
            "--observation-date",
            D0.toString(),
            "--observation-date",
            "2026-01-31",
            "--data-as-of",
            E.toString(),
            "--input",
            input);
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("observation date 2026-01-31 needs outcomes up to 2027-01-31");
  }

  private static double raw(Scorecard card, Row row) {
    double raw = card.basePoints();
    for (FeatureScore f : card.features()) {
      Object v = row.getAs(f.feature());
      raw += f.pointsFor(v == null ? null : ((Number) v).doubleValue());
    }
    return raw;
  }
}
