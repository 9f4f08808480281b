package io.credence.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.SparkExecution;
import io.credence.SparkTestBase;
import io.credence.schema.InputDataset;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train from hand-built inputs: the default as-of date is the inputs' latest date, and dates that
 * cannot be labelled honestly (a window past the data, a holdout overlapping training outcomes, an
 * empty or one-class holdout) are refused with exit 2.
 *
 * <p>Four persons pay monthly from 2020-01-15 to 2022-06-15, on their due dates except p1's bill of
 * 2021-03-15, never paid (90 days late on 2021-06-13). A fifth person's only record is an order on
 * 2024-06-30, the latest date in the inputs; a payment due in 2099 is a bad row after any cap.
 */
class TrainFromInputsTest extends SparkTestBase {
  static final String LATEST = "2024-06-30";

  @TempDir static Path dir;
  static String input;
  static String jobYaml;
  static String trainYaml;

  @BeforeAll
  static void writeInputs() throws Exception {
    input = dir.resolve("in").toString();
    jobYaml =
        Files.writeString(
                dir.resolve("job.yaml"),
                "warehouse: "
                    + dir.resolve("wh")
                    + "\nspark: {shuffle_partitions: 2}\nprivacy: {pseudonymize: false}\n")
            .toString();
    // Four persons carry little signal: keep every feature, so a run gets as far as evaluation.
    trainYaml = Files.writeString(dir.resolve("train.yaml"), "binning: {min_iv: 0.0}\n").toString();
    inputs().forEach((dataset, rows) -> rows.write().parquet(input + "/" + dataset.tableName()));
  }

  static Map<InputDataset, Dataset<Row>> inputs() {
    Map<InputDataset, Dataset<Row>> in = new EnumMap<>(InputDataset.class);
    List<Object[]> persons = new ArrayList<>();
    List<Object[]> payments = new ArrayList<>();
    for (int p = 1; p <= 5; p++) {
      persons.add(new Object[] {"p" + p, d("1980-01-01"), "north", d("2019-12-01")});
    }
    for (int p = 1; p <= 4; p++) {
      for (LocalDate due = LocalDate.of(2020, 1, 15);
          !due.isAfter(LocalDate.of(2022, 6, 15));
          due = due.plusMonths(1)) {
        boolean missed = p == 1 && due.equals(LocalDate.of(2021, 3, 15));
        payments.add(payment("pay" + p + due, "p" + p, due, missed ? null : due));
      }
    }
    payments.add(payment("future", "p2", LocalDate.of(2099, 1, 1), null));
    in.put(InputDataset.PERSONS, table(InputDataset.PERSONS, persons));
    in.put(InputDataset.PAYMENTS, table(InputDataset.PAYMENTS, payments));
    in.put(
        InputDataset.SHOPPING_ORDERS,
        table(
            InputDataset.SHOPPING_ORDERS,
            List.<Object[]>of(
                new Object[] {
                  "o1",
                  "p5",
                  Timestamp.valueOf(LATEST + " 23:30:00"),
                  new BigDecimal("10.00"),
                  "books",
                  "completed"
                })));
    in.put(InputDataset.COURT_RECORDS, table(InputDataset.COURT_RECORDS, List.of()));
    in.put(InputDataset.DISPUTES, table(InputDataset.DISPUTES, List.of()));
    return in;
  }

  private static Object[] payment(String id, String person, LocalDate due, LocalDate paid) {
    BigDecimal amount = new BigDecimal("50.00");
    return new Object[] {
      id,
      person,
      "utility",
      Date.valueOf(due),
      paid == null ? null : Date.valueOf(paid),
      amount,
      paid == null ? null : amount
    };
  }

  private static Dataset<Row> table(InputDataset dataset, List<Object[]> values) {
    return rows(dataset.schema(), values.toArray(Object[][]::new));
  }

  private static Date d(String s) {
    return Date.valueOf(s);
  }

  private static CliRun train(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--input",
                input,
                "--job-config",
                jobYaml,
                "--config",
                trainYaml,
                "--out",
                dir.resolve("models").toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void latestInputDateIsTheLatestEventOnOrBeforeTheCap() {
    Row latest = DataEnd.latestDate(inputs(), LocalDate.of(2026, 1, 1)).first();
    assertThat(latest.getDate(0)).isEqualTo(d(LATEST));
    Row capped = DataEnd.latestDate(inputs(), LocalDate.of(2022, 1, 1)).first();
    assertThat(capped.getDate(0)).isEqualTo(d("2021-12-15"));
    assertThat(DataEnd.latestDate(inputs(), LocalDate.of(2019, 1, 1)).first().isNullAt(0)).isTrue();
  }

  /**
   * Without --data-as-of, E is the inputs' latest date (2024-06-30), not today: the window of
   * 2023-10-31 ends on 2024-10-31, past the data, and is refused rather than labelled all good.
   */
  @Test
  void refusesByDefaultAWindowEndingAfterTheInputsLatestDate() {
    CliRun run = train("--observation-date", "2023-10-31");
    assertThat(run.code()).as(run.stdout() + run.stderr()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("observation date 2023-10-31 needs outcomes up to 2024-10-31")
        .contains("the latest date in the inputs is " + LATEST)
        .contains("on or before 2023-06-30");
  }

  @Test
  void refusesAGivenDataAsOfDateBeyondTheInputs() {
    CliRun run = train("--observation-date", "2023-10-31", "--data-as-of", "2025-12-31");
    assertThat(run.code()).as(run.stdout() + run.stderr()).isEqualTo(2);
    assertThat(run.stderr()).contains("the latest date in the inputs is " + LATEST);
  }

  /** A job config passed as train's --config: the fix names --job-config. */
  @Test
  void aJobConfigGivenAsTheTrainConfigPointsToJobConfig() {
    CliRun run =
        CliRun.of(
            "train", "--observation-date", "2020-12-31", "--input", input, "--config", jobYaml);
    assertThat(run.code()).as(run.stdout() + run.stderr()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("unknown key 'warehouse', a key of another kind of settings file")
        .contains("train's --config takes the training config")
        .contains("with --job-config");
  }

  /** E after tomorrow (UTC) would take future-dated bad rows and unfinished windows as data. */
  @Test
  void refusesADataAsOfDateAfterTomorrow() {
    LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
    String ahead = today.plusDays(2).toString();
    CliRun run = train("--observation-date", "2020-12-31", "--data-as-of", ahead);
    assertThat(run.code()).as(run.stdout() + run.stderr()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("--data-as-of " + ahead + " is after today (" + today + " in UTC)")
        .contains("why:", "fix:");
  }

  @Test
  void refusesAHoldoutOverlappingTheTrainingOutcomeWindow() {
    CliRun run = train("--observation-date", "2020-12-31", "--holdout-date", "2021-06-30");
    assertThat(run.code()).as(run.stdout() + run.stderr()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("holdout date 2021-06-30 is before 2021-12-31")
        .contains("--holdout-date on or after 2021-12-31");
  }

  /**
   * The latest input date and the validation take the same read datasets: Spark reads each
   * dataset's schema once (a job named after InputReader's read), not once per phase.
   */
  @Test
  void readsEachInputDatasetsSchemaOnce() throws Exception {
    SparkExecution.Observed<CliRun> observed =
        SparkExecution.observe(
            () -> train("--observation-date", "2020-12-31", "--holdout-date", "2021-12-31"));
    CliRun run = observed.result();
    assertThat(run.code()).as(run.stdout() + run.stderr()).isEqualTo(2);
    List<String> reads =
        observed.execution().stageNames().stream()
            .filter(name -> name.startsWith("parquet at InputReader.java"))
            .toList();
    assertThat(reads).hasSize(InputDataset.values().length);
  }

  /** At 2021-12-31 the four payers are eligible and none goes 90 days late in 2022. */
  @Test
  void refusesAOneClassHoldoutSayingSo() {
    CliRun run = train("--observation-date", "2020-12-31", "--holdout-date", "2021-12-31");
    assertThat(run.code()).as(run.stdout() + run.stderr()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("the holdout at 2021-12-31 holds 4 eligible persons, none of them bad")
        .contains("--holdout-date between 2021-12-31 and 2023-06-30");
  }

  /** At 2023-06-30 nobody has a record in the last 12 months: nobody is eligible. */
  @Test
  void refusesAnEmptyHoldoutSayingSo() {
    CliRun run = train("--observation-date", "2020-12-31", "--holdout-date", "2023-06-30");
    assertThat(run.code()).as(run.stdout() + run.stderr()).isEqualTo(2);
    assertThat(run.stderr()).contains("the holdout at 2023-06-30 holds no eligible person");
  }
}
