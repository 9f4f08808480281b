package io.credence.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.credence.CliRun;
import io.credence.SparkTestBase;
import io.credence.score.Bin;
import io.credence.score.FeatureKind;
import io.credence.score.FeatureScore;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardApplier;
import io.credence.score.ScorecardPipeline;
import io.credence.score.ScorecardYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --table on a table shaped like the public German credit and Taiwan default data, as a new
 * user would bring it: a yes/no column stored as boolean, a category literally named "other",
 * protected attributes (age, and personal_status declared with --protected) and columns that stand
 * in for them (one-hot sex, a foreign-worker flag, years employed ~ age, housing ~
 * personal_status). 300 seeded rows.
 */
class RealTableTest extends SparkTestBase {
  static final StructType SCHEMA =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("duration", DataTypes.IntegerType)
          .add("telephone", DataTypes.BooleanType)
          .add("purpose", DataTypes.StringType)
          .add("foreign_worker", DataTypes.StringType)
          .add("sex_male", DataTypes.IntegerType)
          .add("personal_status", DataTypes.StringType)
          .add("housing", DataTypes.StringType)
          .add("age", DataTypes.IntegerType)
          .add("years_employed", DataTypes.IntegerType)
          .add("bad", DataTypes.IntegerType);

  static final String[] PURPOSE = {"car", "other", "radio", "retraining", "domestic"};
  static final double[] PURPOSE_SHARE = {0.4, 0.3, 0.26, 0.02, 0.02};
  static final double[] PURPOSE_RISK = {0.2, 0.7, -0.5, 0.8, 0.0};

  @TempDir static Path dir;
  static Dataset<Row> table;
  static String path;
  static String trainYaml;
  static CliRun trained;

  @BeforeAll
  static void writeTableAndTrain() throws Exception {
    table = rows(SCHEMA, generate(300, 5L).toArray(Object[][]::new));
    path = dir.resolve("credit.parquet").toString();
    table.write().parquet(path);
    // Every feature kept, so the association check sees them all whatever their IV.
    trainYaml = Files.writeString(dir.resolve("train.yaml"), "binning: {min_iv: 0.0}\n").toString();
    trained = train("--features", "duration,telephone,purpose");
  }

  static List<Object[]> generate(int n, long seed) {
    Random r = new Random(seed);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int duration = 6 + r.nextInt(48);
      Boolean telephone = r.nextDouble() < 0.03 ? null : r.nextDouble() < 0.4;
      int purpose = pick(r.nextDouble());
      String foreign = r.nextDouble() < 0.9 ? "yes" : "no";
      int male = r.nextBoolean() ? 1 : 0;
      String status =
          male == 0 ? "female div/dep/mar" : r.nextBoolean() ? "male single" : "male married";
      String housing =
          status.equals("male single") ? "rent" : status.equals("male married") ? "own" : "free";
      int age = 20 + r.nextInt(50);
      int employed = Math.max(0, age - 20 - r.nextInt(5));
      double logit =
          -1.5
              + 0.05 * (duration - 30)
              + (Boolean.TRUE.equals(telephone) ? -0.6 : 0.3)
              + PURPOSE_RISK[purpose]
              - 0.02 * (employed - 20);
      int bad = r.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
      rows.add(
          new Object[] {
            "c" + i,
            duration,
            telephone,
            PURPOSE[purpose],
            foreign,
            male,
            status,
            housing,
            age,
            employed,
            bad
          });
    }
    return rows;
  }

  private static int pick(double x) {
    double cumulative = 0;
    for (int i = 0; i < PURPOSE.length; i++) {
      cumulative += PURPOSE_SHARE[i];
      if (x < cumulative) {
        return i;
      }
    }
    return PURPOSE.length - 1;
  }

  private static CliRun train(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--table",
                path,
                "--label",
                "bad",
                "--config",
                trainYaml,
                "--out",
                dir.resolve("models").toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static Path trainedDirectory() {
    assertThat(trained.code()).as(trained.stdout() + trained.stderr()).isZero();
    String written =
        trained.stdout().lines().filter(l -> l.startsWith("written to ")).findFirst().orElseThrow();
    return Path.of(written.substring("written to ".length()));
  }

  @Test
  void bindsABooleanColumnAsTwoCategoriesAndScoresTheTableItCameFrom() {
    Path out = trainedDirectory();
    Scorecard card = ScorecardYaml.read(out.resolve("scorecard.yaml"));
    FeatureScore telephone = feature(card, "telephone");
    assertThat(telephone.kind()).isEqualTo(FeatureKind.CATEGORY);
    assertThat(telephone.bins())
        .extracting(Bin::values)
        .containsExactly(List.of("false"), List.of("true"), null);
    assertThat(telephone.pointsForCategory("true"))
        .isGreaterThan(telephone.pointsForCategory("false"));

    // The card and the saved model read the table's boolean column as it is.
    PipelineModel model = PipelineModel.load(out.resolve("model").toString());
    ScalingConfig s = TrainConfig.DEFAULTS.scaling();
    List<Row> scored = ScorecardApplier.apply(model.transform(table), card, 0).collectAsList();
    assertThat(scored).hasSize(300);
    for (Row row : scored) {
      double p = ((Vector) row.getAs("probability")).apply(1);
      assertThat(raw(card, row)).isCloseTo(s.score(Math.log((1 - p) / p)), within(1e-6));
    }
    assertThat(ScorecardPipeline.apply(table, card).select("person_id", "score").collectAsList())
        .containsExactlyInAnyOrderElementsOf(
            ScorecardApplier.apply(table, card).select("person_id", "score").collectAsList());
  }

  /** "retraining" and "domestic" (2% each) fall in the catch-all bin; "other" is a category. */
  @Test
  void namesTheCatchAllBinApartFromACategoryCalledOther() throws Exception {
    Path out = trainedDirectory();
    FeatureScore purpose = feature(ScorecardYaml.read(out.resolve("scorecard.yaml")), "purpose");
    assertThat(purpose.bins())
        .extracting(Bin::values)
        .containsExactly(List.of("car"), List.of("other"), List.of("radio"), null);
    assertThat(purpose.bins().get(3).isAnyOther()).isTrue();
    assertThat(Files.readString(out.resolve("scorecard.yaml")))
        .containsPattern("values:\\s+- other\\s")
        .contains("any_other: true");
    assertThat(Files.readString(out.resolve("report.md")))
        .contains("\"car\": ", "\"other\": ", "(any other category): ")
        .doesNotContain("| other: ", ", other: ");
  }

  @Test
  void readsAScorecardWrittenBeforeTheCatchAllBinWasNamed() throws Exception {
    Path old =
        Files.writeString(
            dir.resolve("old.yaml"),
            """
            id: old-table-card
            input: table
            base_points: 500
            features:
              - feature: purpose
                kind: category
                reason_code: T01
                reason_text: The value of purpose
                missing_points: 0
                bins:
                  - {values: [other], points: 5}
                  - {points: -5}
            """);
    FeatureScore purpose = ScorecardYaml.read(old).features().get(0);
    assertThat(purpose.bins().get(1).isAnyOther()).isTrue();
    assertThat(purpose.pointsForCategory("other")).isEqualTo(5);
    assertThat(purpose.pointsForCategory("unseen")).isEqualTo(-5);
    Path again = dir.resolve("again.yaml");
    ScorecardYaml.write(ScorecardYaml.read(old), again);
    assertThat(Files.readString(again)).contains("any_other: true");
    assertThat(ScorecardYaml.read(again)).isEqualTo(ScorecardYaml.read(old));
  }

  @Test
  void comparesKeptFeaturesWithTheTablesProtectedColumnsInTheReport() throws Exception {
    Path out = trainedDirectory();
    assertThat(Files.readString(out.resolve("report.md")))
        .contains("## Protected attributes and likely proxies", "[age]", "| duration | age | ")
        .doesNotContain("Warning");
  }

  @Test
  void refusesFeaturesWhoseNameMarksAProxy() {
    CliRun run = train("--features", "duration,foreign_worker,sex_male");
    assertThat(run.code()).as(run.stdout() + run.stderr()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("likely proxies of protected attributes")
        .contains("foreign_worker: its name holds the word 'foreign' (nationality or origin)")
        .contains("sex_male: its name holds the word 'sex' (sex)")
        .contains("--allow-proxy foreign_worker,sex_male");
    CliRun stray = train("--features", "duration", "--allow-proxy", "telephone");
    assertThat(stray.code()).isEqualTo(2);
    assertThat(stray.stderr()).contains("--allow-proxy names [telephone], which are not features");
  }

  /** years_employed follows age; housing is personal_status (sex and marital status) renamed. */
  @Test
  void refusesFeaturesAssociatedWithAProtectedColumn() {
    CliRun run =
        train("--features", "duration,years_employed,housing", "--protected", "personal_status");
    assertThat(run.code()).as(run.stdout() + run.stderr()).isEqualTo(2);
    assertThat(run.stderr())
        .containsPattern(
            "years_employed: it is associated with protected column age \\(Cramér's V 0\\.\\d\\d")
        .contains(
            "housing: it is associated with protected column personal_status (Cramér's V 1.00")
        .doesNotContain("duration:");
    CliRun asFeature =
        train("--features", "duration,personal_status", "--protected", "personal_status");
    assertThat(asFeature.code()).isEqualTo(2);
    assertThat(asFeature.stderr()).contains("[personal_status], protected attributes");
  }

  @Test
  void refusesTheLabelAsAProtectedColumn() {
    CliRun run = train("--features", "duration", "--protected", "bad");
    assertThat(run.code()).as(run.stdout() + run.stderr()).isEqualTo(2);
    assertThat(run.stderr()).contains("--protected names the label column 'bad'");
  }

  @Test
  void keepsAllowedProxiesAndWarnsInTheReport() throws Exception {
    CliRun run =
        train(
            "--features",
            "duration,foreign_worker,years_employed",
            "--allow-proxy",
            "foreign_worker,years_employed");
    assertThat(run.code()).as(run.stdout() + run.stderr()).isZero();
    assertThat(run.stdout())
        .contains("warning: foreign_worker is a likely proxy of a protected attribute")
        .contains("warning: years_employed is a likely proxy");
    String written =
        run.stdout().lines().filter(l -> l.startsWith("written to ")).findFirst().orElseThrow();
    String report =
        Files.readString(Path.of(written.substring("written to ".length())).resolve("report.md"));
    System.out.println(
        report.substring(report.indexOf("## Protected"), report.indexOf("## Score bands")));
    assertThat(report)
        .contains("**Warning: likely proxies kept by --allow-proxy.**")
        .contains("| foreign_worker | its name holds the word 'foreign'")
        .contains("| years_employed | it is associated with protected column age");
  }

  @Test
  void cramersVIsNearZeroForIndependentColumnsAndOneForARenaming() {
    assertThat(ProxyCheck.cramersV(new long[][] {{50, 50}, {50, 50}})).isZero();
    assertThat(ProxyCheck.cramersV(new long[][] {{40, 0, 0}, {0, 30, 0}, {0, 0, 30}}))
        .isCloseTo(1.0, within(1e-9));
    assertThat(ProxyCheck.cramersV(new long[][] {{10, 0}, {0, 0}})).isZero();
  }

  @Test
  void flagsNamesByTheirWordsOnly() {
    assertThat(ProxyCheck.byName("isMarried")).isPresent();
    assertThat(ProxyCheck.byName("MARRIAGE")).isPresent();
    assertThat(ProxyCheck.byName("personal_status")).isPresent();
    assertThat(ProxyCheck.byName("applicant_age_band")).isPresent();
    assertThat(ProxyCheck.byName("average_balance")).isEmpty();
    assertThat(ProxyCheck.byName("mortgage_count")).isEmpty();
    assertThat(ProxyCheck.byName("page_views")).isEmpty();
  }

  private static FeatureScore feature(Scorecard card, String name) {
    return card.features().stream().filter(f -> f.feature().equals(name)).findFirst().orElseThrow();
  }

  private static double raw(Scorecard card, Row row) {
    double raw = card.basePoints();
    for (FeatureScore f : card.features()) {
      Object v = row.getAs(f.feature());
      raw +=
          f.kind() == FeatureKind.CATEGORY
              ? f.pointsForCategory(v == null ? null : String.valueOf(v))
              : f.pointsFor(v == null ? null : ((Number) v).doubleValue());
    }
    return raw;
  }
}
