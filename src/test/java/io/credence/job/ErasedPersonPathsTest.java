package io.credence.job;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.EndToEnd;
import io.credence.ReadOnlyFolder;
import io.credence.SparkTestBase;
import io.credence.generate.GeneratorSpec;
import io.credence.privacy.ErasedPersons;
import io.credence.publish.Table;
import io.credence.schema.InputDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path that reads the inputs applies the warehouse's privacy policy: a person erased from a
 * warehouse never reaches a training population trained with that warehouse (raw and pseudonymized
 * ids), and {@code validate} counts what {@code score} counts, erased rows quarantined as {@value
 * ErasedPersons#REASON} in both. Through the command line, on 150 generated persons.
 */
@EndToEnd
class ErasedPersonPathsTest extends SparkTestBase {
  static final String KEY_ENV = "CREDENCE_TEST_PSEUDONYM_KEY"; // set by the pom for tests
  static final LocalDate E = LocalDate.of(2026, 10, 31);
  static final LocalDate D0 = LocalDate.of(2024, 10, 31);
  static final LocalDate D1 = LocalDate.of(2025, 10, 31);
  static final Pattern TRAIN_ROWS =
      Pattern.compile("observation date " + D0 + ": rows (\\d+), bads (\\d+)");
  static final Pattern HOLDOUT_ROWS = Pattern.compile("holdout " + D1 + ": rows (\\d+),");

  @TempDir static Path dir;
  static String input;
  static String victim;
  static Path raw;
  static Path pseudonymized;
  static Path trainConfig;
  static long[] everyone;

  /** The folder {@link #erasedRaw} copies, once it is made. */
  static ReadOnlyFolder erasedRawTemplate;

  @BeforeAll
  static void generate() throws IOException {
    input = dir.resolve("in").toString();
    GenerateJob.run(spark(), new GeneratorSpec(23L, 150L, E, 0.02), Path.of(input));
    raw = config("raw", "{pseudonymize: false, key_env: " + KEY_ENV + "}");
    pseudonymized = config("pseudonymized", "{pseudonymize: true, key_env: " + KEY_ENV + "}");
    trainConfig = Files.writeString(dir.resolve("train.yaml"), "binning: {min_iv: 0.0}\n");
    victim = longstandingPayer();
    everyone = trainedRows(raw, dir.resolve("wh-nobody-erased").toString());
  }

  private static Path config(String name, String privacy) throws IOException {
    return Files.writeString(
        dir.resolve(name + ".yaml"),
        "inputs: {root: "
            + input
            + "}\nspark: {shuffle_partitions: 2}\nquality: {max_reject_ratio: 0.5}\nprivacy: "
            + privacy
            + "\n");
  }

  /**
   * A person with payments due in both outcome-free years before D0 and D1 and a first payment long
   * before D0: eligible at both dates (history of 6 months or more, a record in 12 months).
   */
  private static String longstandingPayer() {
    Dataset<Row> payments = spark().read().parquet(input + "/" + InputDataset.PAYMENTS.tableName());
    Dataset<Row> first = payments.groupBy(col(PERSON_ID)).agg(min(col(DUE_DATE)).as("first_due"));
    Dataset<Row> beforeD0 =
        payments
            .where(col(DUE_DATE).gt(java.sql.Date.valueOf(D0.minusMonths(6))))
            .where(col(DUE_DATE).leq(java.sql.Date.valueOf(D0)))
            .select(col(PERSON_ID).as("a"));
    Dataset<Row> beforeD1 =
        payments
            .where(col(DUE_DATE).gt(java.sql.Date.valueOf(D1.minusMonths(6))))
            .where(col(DUE_DATE).leq(java.sql.Date.valueOf(D1)))
            .select(col(PERSON_ID).as("b"));
    return first
        .where(col("first_due").lt(java.sql.Date.valueOf(D0.minusYears(2))))
        .join(beforeD0.distinct(), col(PERSON_ID).equalTo(col("a")))
        .join(beforeD1.distinct(), col(PERSON_ID).equalTo(col("b")))
        .where(col(PERSON_ID).rlike("^P[0-9]{10}$"))
        .select(PERSON_ID)
        .orderBy(PERSON_ID)
        .first()
        .getString(0);
  }

  private static CliRun cli(String command, Path config, String warehouse, String... more) {
    List<String> args =
        new ArrayList<>(List.of(command, "--config", config.toString(), "--warehouse", warehouse));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** train at D0 with holdout D1 into {@code warehouse}'s privacy policy: {rows, bads, holdout}. */
  private static long[] trainedRows(Path config, String warehouse) {
    CliRun run =
        CliRun.of(
            "train",
            "--observation-date",
            D0.toString(),
            "--data-as-of",
            E.toString(),
            "--config",
            trainConfig.toString(),
            "--job-config",
            withWarehouse(config, warehouse).toString(),
            "--out",
            dir.resolve("models-" + Path.of(warehouse).getFileName()).toString());
    assertThat(run.code()).as(run.stdout() + run.stderr()).isZero();
    Matcher train = TRAIN_ROWS.matcher(run.stdout());
    Matcher holdout = HOLDOUT_ROWS.matcher(run.stdout());
    assertThat(train.find()).as(run.stdout()).isTrue();
    assertThat(holdout.find()).as(run.stdout()).isTrue();
    return new long[] {
      Long.parseLong(train.group(1)),
      Long.parseLong(train.group(2)),
      Long.parseLong(holdout.group(1))
    };
  }

  /** train has no --warehouse: a job config naming it. */
  private static Path withWarehouse(Path config, String warehouse) {
    try {
      Path file = dir.resolve(Path.of(warehouse).getFileName() + "-job.yaml");
      return Files.writeString(file, Files.readString(config) + "warehouse: " + warehouse + "\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void erase(Path config, String warehouse) {
    // An erasure before the first run: erase refuses a warehouse folder that does not exist.
    try {
      Files.createDirectories(Path.of(warehouse));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    CliRun erase = cli("erase", config, warehouse, "--person", victim, "--reason", "test");
    assertThat(erase.code()).as(erase.stderr()).isZero();
  }

  /**
   * A copy at {@code warehouse} of a warehouse folder in which the victim was erased (raw ids)
   * before any run. Two tests start from that state; the erasure runs once, on the first call.
   */
  private static void erasedRaw(String warehouse) {
    synchronized (ErasedPersonPathsTest.class) {
      if (erasedRawTemplate == null) {
        Path template = dir.resolve("wh-raw-erased-template");
        erase(raw, template.toString());
        erasedRawTemplate =
            ReadOnlyFolder.of(
                template, "ErasedPersonPathsTest's raw erased warehouse", "erasedRaw's copies");
      }
    }
    erasedRawTemplate.copyTo(Path.of(warehouse));
  }

  @Test
  void anErasedPersonNeverReachesTheTrainingPopulation() {
    String rawWarehouse = dir.resolve("wh-raw").toString();
    erasedRaw(rawWarehouse);
    long[] withoutVictim = trainedRows(raw, rawWarehouse);
    System.out.printf(
        "training rows at %s: %d (holdout %d); after erasing one person: %d (holdout %d)%n",
        D0, everyone[0], everyone[2], withoutVictim[0], withoutVictim[2]);
    assertThat(withoutVictim[0]).isEqualTo(everyone[0] - 1);
    assertThat(withoutVictim[2]).isEqualTo(everyone[2] - 1);
  }

  @Test
  void anErasedPersonNeverReachesTheTrainingPopulationWithPseudonymizedIds() {
    String warehouse = dir.resolve("wh-pseudonymized").toString();
    erase(pseudonymized, warehouse);
    long[] withoutVictim = trainedRows(pseudonymized, warehouse);
    assertThat(withoutVictim[0]).isEqualTo(everyone[0] - 1);
    assertThat(withoutVictim[2]).isEqualTo(everyone[2] - 1);
  }

  @Test
  void validateCountsWhatScoreCountsWithErasedRowsQuarantined() {
    String warehouse = dir.resolve("wh-validate").toString();
    erasedRaw(warehouse);
    CliRun score = cli("score", raw, warehouse, "--date", E.toString());
    assertThat(score.code()).as(score.stderr()).isZero();
    CliRun validate = cli("validate", raw, warehouse, "--date", E.toString());
    assertThat(validate.code()).as(validate.stderr()).isZero();

    Row run =
        spark()
            .read()
            .format("delta")
            .load(Table.RUNS.path(warehouse))
            .orderBy(col("started_at").desc())
            .first();
    String runId = run.getAs(RUN_ID);
    Map<String, String> scored = new TreeMap<>();
    for (Row c : run.<Row>getList(run.fieldIndex("dataset_counts"))) {
      scored.put(
          c.getAs(DATASET),
          String.format(
              "read %,d accepted %,d quarantined %,d %s",
              c.<Long>getAs("read"),
              c.<Long>getAs("accepted"),
              c.<Long>getAs("quarantined"),
              quarantinedByReason(warehouse, runId, c.getAs(DATASET))));
    }
    Map<String, String> validated = new TreeMap<>();
    Matcher line =
        Pattern.compile(
                "(?m)^(\\w+)\\s+(read [\\d,]+ accepted [\\d,]+ quarantined [\\d,]+ \\{.*})$")
            .matcher(validate.stdout());
    while (line.find()) {
      validated.put(line.group(1), line.group(2));
    }
    System.out.println("score:    " + scored + "\nvalidate: " + validated);
    assertThat(validated).isEqualTo(scored);
    assertThat(validated.get(InputDataset.PAYMENTS.tableName()))
        .contains(ErasedPersons.REASON + "=");
  }

  private static Map<String, Long> quarantinedByReason(
      String warehouse, String runId, String dataset) {
    Map<String, Long> byReason = new TreeMap<>();
    spark()
        .read()
        .format("delta")
        .load(Table.QUARANTINE.path(warehouse))
        .where(col(RUN_ID).equalTo(runId).and(col(DATASET).equalTo(dataset)))
        .groupBy(REASON)
        .count()
        .collectAsList()
        .forEach(r -> byReason.put(r.getString(0), r.getLong(1)));
    return byReason;
  }
}
