package io.credence.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.credence.CliRun;
import io.credence.SparkTestBase;
import io.credence.job.TrainTableJob;
import io.credence.run.Progress;
import io.credence.score.FeatureKind;
import io.credence.score.FeatureScore;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardApplier;
import io.credence.score.ScorecardInput;
import io.credence.score.ScorecardPipeline;
import io.credence.score.ScorecardYaml;
import io.credence.spark.ScopedConf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --table on a bring-your-own table of 800 seeded rows with a string column (Parquet and
 * Delta), its refusals, and the equivalence of the exported points table with the MLlib model.
 */
class TrainTableTest extends SparkTestBase {
  static final StructType SCHEMA =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("employment", DataTypes.StringType)
          .add("utilization", DataTypes.DoubleType)
          .add("late_count", DataTypes.IntegerType)
          .add("bad_12m", DataTypes.IntegerType);

  static final String[] EMPLOYMENT = {"salaried", "self", "student", "retired", "rare"};
  static final double[] EMPLOYMENT_SHARE = {0.5, 0.25, 0.13, 0.11, 0.01};
  static final double[] EMPLOYMENT_RISK = {-0.6, 0.9, 0.4, -0.2, 1.5};

  @TempDir static Path dir;
  static Dataset<Row> table;
  static String parquet;
  static String delta;
  static TrainedScorecard result;

  @BeforeAll
  static void writeTablesAndTrain() {
    table = rows(SCHEMA, generate(800, 7L).toArray(Object[][]::new));
    parquet = dir.resolve("byo.parquet").toString();
    delta = dir.resolve("byo-delta").toString();
    table.write().parquet(parquet);
    table.write().format("delta").save(delta);
    TrainTableJob.Request request =
        new TrainTableJob.Request(
            parquet, "bad_12m", null, null, TrainConfig.DEFAULTS, dir.resolve("models"), 2);
    result = TrainTableJob.run(spark(), request, new Progress());
  }

  /** Risk rises with utilization, late payments and some kinds of employment; 5% nulls. */
  static List<Object[]> generate(int n, long seed) {
    Random random = new Random(seed);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int e = pick(random.nextDouble());
      String employment = random.nextDouble() < 0.05 ? null : EMPLOYMENT[e];
      Double utilization = random.nextDouble() < 0.05 ? null : random.nextDouble();
      int late = (int) Math.floor(-Math.log(1 - random.nextDouble()) * 0.8);
      double u = utilization == null ? 0.5 : utilization;
      double logit = -2.2 + 2.0 * u + 0.6 * late + EMPLOYMENT_RISK[e];
      int bad = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
      rows.add(new Object[] {"p" + i, employment, utilization, late, bad});
    }
    return rows;
  }

  private static int pick(double x) {
    double cumulative = 0;
    for (int i = 0; i < EMPLOYMENT.length; i++) {
      cumulative += EMPLOYMENT_SHARE[i];
      if (x < cumulative) {
        return i;
      }
    }
    return EMPLOYMENT.length - 1;
  }

  @Test
  void trainsOnAParquetTableWithAStringColumnBinnedByCategory() throws Exception {
    TrainingReport r = result.report();
    System.out.printf(
        "table: train AUC %.4f; holdout AUC %.4f Gini %.4f KS %.4f rows %d; kept %s%n",
        r.train().auc(),
        r.holdout().auc(),
        r.holdout().gini(),
        r.holdout().ks(),
        r.holdout().rows(),
        r.kept().stream().map(TrainingReport.KeptFeature::feature).toList());
    assertThat(r.scorecardId()).matches("trained-table-[0-9a-f]{8}");
    assertThat(r.train().rows() + r.holdout().rows()).isEqualTo(800);
    assertThat(r.holdout().rows()).isBetween(180L, 300L);
    assertThat(r.holdout().auc()).isGreaterThan(0.6);
    assertThat(r.sample().holdout()).contains("30%", "hash", "seed 11");
    Scorecard card = ScorecardYaml.read(result.directory().resolve("scorecard.yaml"));
    assertThat(card.input()).isEqualTo(ScorecardInput.TABLE);
    assertThat(card.featureNames()).doesNotContain("person_id", "bad_12m");
    FeatureScore employment =
        card.features().stream().filter(f -> f.feature().equals("employment")).findFirst().get();
    assertThat(employment.kind()).isEqualTo(FeatureKind.CATEGORY);
    // "rare" holds 1% of the rows, under min_category_share 5%: it shares the other bin.
    assertThat(employment.bins()).hasSize(5);
    assertThat(employment.bins().get(4).values()).isNull();
    assertThat(employment.bins().stream().filter(b -> b.values() != null))
        .allSatisfy(b -> assertThat(b.values()).doesNotContain("rare"));
    // Points rise with WoE: salaried (low risk) earns more than self-employed (high risk).
    assertThat(employment.pointsForCategory("salaried"))
        .isGreaterThan(employment.pointsForCategory("self"));
    assertThat(Files.readString(result.directory().resolve("scorecard.yaml")))
        .contains("input: table", "kind: category", "values:");
    assertThat(result.directory().resolve("report.md"))
        .content()
        .contains("Trained on table", "bad_12m", "hash", "\"salaried\": ", "(any other category)");
  }

  /**
   * The scorecard's YAML went to the local disk and MLlib's model to the default file system
   * (fs.defaultFS, here one with no file system at all): model/ is written beside the YAML.
   */
  @Test
  void writesTheModelBesideTheYamlWhateverTheDefaultFileSystem() {
    Path models = dir.resolve("models-elsewhere");
    TrainTableJob.Request request =
        new TrainTableJob.Request(
            "file:" + parquet, "bad_12m", null, null, TrainConfig.DEFAULTS, models, 2);
    TrainedScorecard trained;
    try (ScopedConf scoped = ScopedConf.set(spark(), "fs.defaultFS", "nowhere:///")) {
      trained = TrainTableJob.run(spark(), request, new Progress());
    }
    assertThat(trained.directory().resolve("scorecard.yaml")).isRegularFile();
    assertThat(trained.directory().resolve("model/metadata")).isDirectory();
  }

  @Test
  void pointsTableScoreEqualsModelLogOddsForEveryRow() {
    Scorecard card = ScorecardYaml.read(result.directory().resolve("scorecard.yaml"));
    PipelineModel model = PipelineModel.load(result.directory().resolve("model").toString());
    ScalingConfig s = TrainConfig.DEFAULTS.scaling();
    Dataset<Row> scored = ScorecardApplier.apply(model.transform(table), card, 0);
    List<Row> rows = scored.collectAsList();
    assertThat(rows).hasSize(800);
    for (Row row : rows) {
      double p = ((Vector) row.getAs("probability")).apply(1);
      double expected = s.score(Math.log((1 - p) / p));
      double raw = raw(card, row);
      assertThat(raw).isCloseTo(expected, within(1e-6));
      long clamped = Math.max(350, Math.min(950, Math.round(raw)));
      assertThat((int) row.getAs("score")).isEqualTo((int) clamped);
    }
    assertThat(ScorecardPipeline.apply(table, card).select("person_id", "score").collectAsList())
        .containsExactlyInAnyOrderElementsOf(
            ScorecardApplier.apply(table, card).select("person_id", "score").collectAsList());
  }

  @Test
  void cliTrainsOnADeltaTableWithAHoldoutTable() {
    CliRun run =
        CliRun.of(
            "train",
            "--table",
            delta,
            "--label",
            "bad_12m",
            "--features",
            "employment,utilization",
            "--holdout-table",
            parquet,
            "--out",
            dir.resolve("cli-models").toString());
    assertThat(run.code()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        .contains("trained scorecard trained-table-", "holdout: the rows of table " + parquet)
        .contains("employment")
        .doesNotContain("late_count");
  }

  @Test
  void refusesProtectedAttributesByDefaultAndByName() throws Exception {
    String path = badTable();
    CliRun byDefault = CliRun.of("train", "--table", path, "--label", "bad");
    assertThat(byDefault.code()).isEqualTo(2);
    assertThat(byDefault.stderr())
        .contains("[region]", "protected", "--features employment,utilization,opened_on");
    CliRun byName =
        CliRun.of("train", "--table", path, "--label", "bad", "--features", "employment,Gender");
    assertThat(byName.code()).isEqualTo(2);
    assertThat(byName.stderr()).contains("[Gender]", "protected", "leave [Gender] out");
  }

  @Test
  void refusesALabelThatIsNotZeroOrOneWithItsCounts() throws Exception {
    CliRun run =
        CliRun.of(
            "train",
            "--table",
            badTable(),
            "--label",
            "bad",
            "--features",
            "employment,utilization");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("must hold only 0 and 1, but of 6 rows 1 are null and 2 hold other values")
        .contains("such as [2, 7]", "(2 zeros, 1 ones)", "fix:");
  }

  @Test
  void refusesMissingTableLabelFeatureAndUnsupportedType() throws Exception {
    String path = badTable();
    assertRefused(
        CliRun.of("train", "--table", dir.resolve("nope").toString(), "--label", "bad"),
        "does not exist");
    assertRefused(CliRun.of("train", "--table", path, "--label", "default"), "no label column");
    assertRefused(
        CliRun.of("train", "--table", path, "--label", "bad", "--features", "employment,nope"),
        "has no column [nope]");
    assertRefused(
        CliRun.of("train", "--table", path, "--label", "bad", "--features", ""),
        "--features is empty",
        "leave --features out");
    assertRefused(
        CliRun.of("train", "--table", path, "--label", "bad", "--features", "opened_on"),
        "feature column 'opened_on'",
        "is date");
    Path notParquet = Files.writeString(dir.resolve("table.txt"), "person_id,bad\nP1,0\n");
    assertRefused(
        CliRun.of("train", "--table", notParquet.toString(), "--label", "bad"),
        "training table " + notParquet + " cannot be read as Parquet: ",
        "table.txt is not a Parquet file");
    Path file = Files.writeString(dir.resolve("models.txt"), "");
    for (Path out : List.of(file, file.resolve("models"))) {
      assertRefused(
          CliRun.of("train", "--table", path, "--label", "bad", "--out", out.toString()),
          "--out " + out + " cannot hold the trained scorecard: " + file + " is a file");
    }
    assertRefused(CliRun.of("train", "--table", path), "--table needs --label");
    assertRefused(
        CliRun.of("train", "--label", "bad", "--observation-date", "2024-10-31"), "need --table");
  }

  /**
   * The hashed holdout of a table with only hashable, plainly named columns is the one of the
   * expression used before map and dotted columns were handled: every column, in order, seed first.
   */
  @Test
  void hashedHoldoutOfAPlainTableIsUnchanged() {
    TableConfig config = TrainConfig.DEFAULTS.table();
    Column[] values = new Column[table.columns().length + 1];
    values[0] = lit(config.holdoutSeed());
    for (int i = 0; i < table.columns().length; i++) {
      values[i + 1] = table.col(table.columns()[i]);
    }
    long cut = Math.round(config.holdoutShare() * 1_000_000L);
    Column before = pmod(xxhash64(values), lit(1_000_000L)).lt(lit(cut));
    Dataset<Row> flags =
        table.select(before.as("before"), TrainingTable.inHoldout(table, config).as("now"));
    assertThat(flags.where(col("before").notEqual(col("now"))).count()).isZero();
    assertThat(flags.where(col("now")).count()).isEqualTo(result.report().holdout().rows());
  }

  /**
   * Columns that are not features never stop a fit: a map (which xxhash64 cannot hash), a dotted
   * name, and names of the columns training adds.
   */
  @Test
  void trainsOnATableWithAMapADottedNameAndClashingNamesBesideTheFeatures() {
    Dataset<Row> wide =
        table
            .withColumn("tags", map(lit("k"), col("employment")))
            .withColumn("a.b", col("utilization"))
            .withColumn("score", lit(1))
            .withColumn("PREDICTION", lit(0.5))
            .withColumn("_holdout", lit("x"));
    String path = dir.resolve("wide.parquet").toString();
    wide.write().parquet(path);
    TrainTableJob.Request request =
        new TrainTableJob.Request(
            path,
            "bad_12m",
            List.of("employment", "utilization", "late_count"),
            null,
            TrainConfig.DEFAULTS,
            dir.resolve("wide-models"),
            2);
    TrainingReport r = TrainTableJob.run(spark(), request, new Progress()).report();
    assertThat(r.train().rows() + r.holdout().rows()).isEqualTo(800);
    assertThat(r.holdout().rows()).isBetween(180L, 300L);
  }

  /**
   * Protected columns with dots in their names (a number, grouped by quintiles, and a string) are
   * columns, not fields of a struct: the proxy check compares the features with them.
   */
  @Test
  void comparesFeaturesWithProtectedColumnsWhoseNamesHoldADot() throws Exception {
    Dataset<Row> dotted =
        table
            .withColumn("a.b", pmod(xxhash64(col("person_id")), lit(7)).cast("double"))
            .withColumn("c.d", pmod(xxhash64(col("person_id"), lit(1)), lit(3)).cast("string"));
    String path = dir.resolve("dotted.parquet").toString();
    dotted.write().parquet(path);
    Path out = dir.resolve("dotted-models");
    CliRun run =
        CliRun.of(
            "train",
            "--table",
            path,
            "--label",
            "bad_12m",
            "--features",
            "employment,utilization,late_count",
            "--protected",
            "a.b,c.d",
            "--out",
            out.toString());
    assertThat(run.code()).as(run.stdout() + run.stderr()).isZero();
    try (var files = Files.walk(out)) {
      Path report =
          files.filter(f -> f.getFileName().toString().equals("report.md")).findFirst().get();
      assertThat(Files.readString(report))
          .contains("the protected columns [a.b, c.d]")
          .containsPattern("\\| utilization \\| (a\\.b|c\\.d) \\| 0\\.\\d{3} \\|");
    }
  }

  /**
   * A label column whose name holds a dot is a column, not a field of a struct: train reads it,
   * checks it is 0/1 and trains on it, with and without a holdout table (exit 1 before).
   */
  @Test
  void trainsOnALabelColumnWhoseNameHoldsADot() throws Exception {
    Dataset<Row> dotted = table.withColumnRenamed("bad_12m", "bad.flag");
    String path = dir.resolve("dotted-label.parquet").toString();
    dotted.write().parquet(path);
    String holdout = dir.resolve("dotted-label-holdout.parquet").toString();
    dotted.limit(300).write().parquet(holdout);
    for (List<String> more : List.of(List.<String>of(), List.of("--holdout-table", holdout))) {
      Path out = dir.resolve("dotted-label-models" + more.size());
      List<String> args =
          new ArrayList<>(
              List.of(
                  "train",
                  "--table",
                  path,
                  "--label",
                  "bad.flag",
                  "--features",
                  "employment,utilization,late_count",
                  "--out",
                  out.toString()));
      args.addAll(more);
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertThat(run.code()).as(run.stdout() + run.stderr()).isZero();
      assertThat(run.stdout()).contains("trained scorecard").contains("utilization");
    }
    // A label of other values than 0 and 1 is still refused by name, exit 2.
    String bad = dir.resolve("dotted-label-bad.parquet").toString();
    table.withColumn("bad.flag", col("bad_12m").plus(lit(2))).drop("bad_12m").write().parquet(bad);
    CliRun refused =
        CliRun.of(
            "train",
            "--table",
            bad,
            "--label",
            "bad.flag",
            "--out",
            dir.resolve("dotted-label-refused").toString());
    assertThat(refused.code()).as(refused.stdout() + refused.stderr()).isEqualTo(2);
    assertThat(refused.stderr()).contains("bad.flag");
  }

  /** A one-class holdout table: the fix is about the holdout table, not the training table. */
  @Test
  void refusesAOneClassHoldoutTableSayingToFixTheHoldoutTable() {
    String goods = dir.resolve("goods.parquet").toString();
    table.where("bad_12m = 0").limit(20).write().parquet(goods);
    CliRun run =
        CliRun.of(
            "train",
            "--table",
            parquet,
            "--label",
            "bad_12m",
            "--holdout-table",
            goods,
            "--out",
            dir.resolve("goods-models").toString());
    assertRefused(
        run,
        "holdout table: label column 'bad_12m' of " + goods + " has 20 zeros and 0 ones",
        "fix: pass a --holdout-table holding both outcomes");
  }

  /** A holdout table that is the training table (after normalising its path) measures nothing. */
  @Test
  void refusesAHoldoutTableThatIsTheTrainingTable() {
    String same = dir.resolve("elsewhere/../byo.parquet/").toString() + "/";
    CliRun run =
        CliRun.of(
            "train",
            "--table",
            parquet,
            "--label",
            "bad_12m",
            "--holdout-table",
            same,
            "--out",
            dir.resolve("same-models").toString());
    assertRefused(run, "--holdout-table " + same + " is the training table " + parquet, "fix:");
  }

  /** Names of columns training adds (any case), as features or protected columns: exit 2. */
  @Test
  void refusesFeaturesNamedLikeColumnsTrainingAdds() throws Exception {
    String path = clashTable();
    String adds = "have the name of a column training adds";
    for (String name : CLASHING) {
      assertRefused(
          CliRun.of("train", "--table", path, "--label", "bad", "--features", "x1," + name),
          "feature column(s) [" + name + "] " + adds,
          "leave them out of --features");
    }
    assertRefused(
        CliRun.of("train", "--table", path, "--label", "bad"),
        adds,
        "leave them out: --features x1,grade");
    assertRefused(
        CliRun.of(
            "train", "--table", path, "--label", "bad", "--features", "x1", "--protected", "score"),
        "protected column(s) [score] " + adds);
    assertRefused(
        CliRun.of("train", "--table", path, "--label", "bad", "--features", "x1,grade,x1"),
        "--features names [x1] more than once");
    assertRefused(
        CliRun.of("train", "--table", path, "--label", "bad", "--features", "x1,X1"),
        "--features names [X1] more than once");
  }

  static final List<String> CLASHING =
      List.of(
          "score",
          "reasons",
          "prediction",
          "probability",
          "rawPrediction",
          "woe_x1",
          "woe_vector",
          "class_weight",
          "_holdout",
          "LABEL",
          "_slot_0",
          "Scorecard_Id",
          "_ranked_reasons",
          "Person_Id");

  /** Six rows: x1, grade, the label bad, and one double column per name of {@link #CLASHING}. */
  private static String clashTable() {
    Path path = dir.resolve("clash.parquet");
    if (!Files.exists(path)) {
      StructType schema =
          new StructType()
              .add("x1", DataTypes.DoubleType)
              .add("grade", DataTypes.StringType)
              .add("bad", DataTypes.IntegerType);
      for (String name : CLASHING) {
        schema = schema.add(name, DataTypes.DoubleType);
      }
      List<Object[]> values = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        List<Object> row = new ArrayList<>(List.of((double) i, i % 2 == 0 ? "a" : "b", i % 2));
        CLASHING.forEach(c -> row.add(0.5));
        values.add(row.toArray());
      }
      rows(schema, values.toArray(Object[][]::new)).write().parquet(path.toString());
    }
    return path.toString();
  }

  private static void assertRefused(CliRun run, String... messages) {
    assertThat(run.code()).as(run.stdout() + run.stderr()).isEqualTo(2);
    assertThat(run.stderr()).contains(messages);
  }

  /** Six rows with a protected column, a date column and a label with a null, a 2 and a 7. */
  private static String badTable() throws Exception {
    Path path = dir.resolve("bad.parquet");
    if (!Files.exists(path)) {
      StructType schema =
          new StructType()
              .add("person_id", DataTypes.StringType)
              .add("employment", DataTypes.StringType)
              .add("utilization", DataTypes.DoubleType)
              .add("opened_on", DataTypes.DateType)
              .add("region", DataTypes.StringType)
              .add("bad", DataTypes.IntegerType);
      Date d = Date.valueOf("2024-01-01");
      rows(
              schema,
              new Object[] {"a", "x", 0.1, d, "north", 0},
              new Object[] {"b", "y", 0.2, d, "south", 1},
              new Object[] {"c", "x", 0.3, d, "north", 0},
              new Object[] {"d", "y", 0.4, d, "south", null},
              new Object[] {"e", "x", 0.5, d, "north", 2},
              new Object[] {"f", "y", 0.6, d, "south", 7})
          .write()
          .parquet(path.toString());
    }
    return path.toString();
  }

  private static double raw(Scorecard card, Row row) {
    double raw = card.basePoints();
    for (FeatureScore f : card.features()) {
      Object v = row.getAs(f.feature());
      raw +=
          f.kind() == FeatureKind.CATEGORY
              ? f.pointsForCategory((String) v)
              : f.pointsFor(v == null ? null : ((Number) v).doubleValue());
    }
    return raw;
  }
}
