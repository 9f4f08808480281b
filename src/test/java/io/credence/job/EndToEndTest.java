package io.credence.job;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.EndToEnd;
import io.credence.SeededWarehouse;
import io.credence.SparkTestBase;
import io.credence.bench.PointLookup;
import io.credence.publish.Table;
import io.credence.run.RunOutcome;
import io.credence.schema.InputDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate → score → lookup on a seeded population, compared with golden results. Rewrite the
 * golden file with {@code mvn test -Dtest=EndToEndTest -Dcredence.updateGolden=true} and review the
 * diff before committing it.
 */
@EndToEnd
class EndToEndTest extends SparkTestBase {
  static final LocalDate AS_OF = SeededWarehouse.AS_OF;
  static final Path GOLDEN = Path.of("src/test/resources/golden/end-to-end.txt");

  @TempDir static Path dir;
  static String input;
  static String warehouse;
  static RunOutcome first;

  /** The JVM's shared seeded warehouse: generated and scored by the first class that needs it. */
  @BeforeAll
  static void generateAndScore() {
    input = SeededWarehouse.input();
    warehouse = SeededWarehouse.warehouse();
    first = SeededWarehouse.run();
  }

  /** The tests below read the shared warehouse and change only copies of it. */
  @AfterAll
  static void leftTheSharedWarehouseAsItWas() {
    SeededWarehouse.warehouse();
  }

  private static Dataset<Row> table(Table t) {
    return table(warehouse, t);
  }

  private static Dataset<Row> table(String warehouse, Table t) {
    return spark().read().format("delta").load(t.path(warehouse));
  }

  @Test
  void publishesSnapshotMatchingGoldenResults() throws Exception {
    String actual = render(first) + renderScores();
    if (Boolean.getBoolean("credence.updateGolden")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, actual);
    }
    assertThat(actual).isEqualTo(Files.readString(GOLDEN));
  }

  @Test
  void runsRowCountsMatchInputFilesAndQuarantineTable() {
    // each figure is counted from where it lives (input Parquet, quarantine table) and held against
    // the runs row, so a row that is neither accepted nor quarantined cannot go unnoticed
    Map<String, Row> recorded = recordedCounts(first.runId());
    Map<String, Long> inQuarantine = quarantinedPerDataset(first.runId());
    assertThat(recorded.keySet())
        .containsExactlyInAnyOrder(
            Arrays.stream(InputDataset.values())
                .map(InputDataset::tableName)
                .toArray(String[]::new));
    assertThat(recorded.keySet()).containsAll(inQuarantine.keySet());
    for (var e : recorded.entrySet()) {
      String dataset = e.getKey();
      long read = spark().read().parquet(input + "/" + dataset).count();
      long quarantined = inQuarantine.getOrDefault(dataset, 0L);
      assertThat(e.getValue().<Long>getAs("read")).as("%s read", dataset).isEqualTo(read);
      assertThat(e.getValue().<Long>getAs("quarantined"))
          .as("%s quarantined", dataset)
          .isEqualTo(quarantined);
      assertThat(e.getValue().<Long>getAs("accepted"))
          .as("%s accepted", dataset)
          .isEqualTo(read - quarantined);
    }
    assertThat(inQuarantine.values().stream().mapToLong(Long::longValue).sum()).isPositive();
    // every accepted person gets exactly one snapshot row, scored or unscorable
    assertThat(recorded.get("persons").<Long>getAs("accepted"))
        .isEqualTo(table(Table.SCORE_SNAPSHOTS).filter(col(RUN_ID).equalTo(first.runId())).count());
  }

  private static Map<String, Row> recordedCounts(String runId) {
    List<Row> runs = table(Table.RUNS).filter(col(RUN_ID).equalTo(runId)).collectAsList();
    assertThat(runs).hasSize(1);
    return runs.get(0).<Row>getList(runs.get(0).fieldIndex("dataset_counts")).stream()
        .collect(Collectors.toMap(r -> r.<String>getAs(DATASET), r -> r));
  }

  private static Map<String, Long> quarantinedPerDataset(String runId) {
    return table(Table.QUARANTINE)
        .filter(col(RUN_ID).equalTo(runId))
        .groupBy(DATASET)
        .count()
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
  }

  @Test
  void everyScoredPersonHasTierAndOrderedReasons() {
    Dataset<Row> snapshot = table(Table.SCORE_SNAPSHOTS);
    assertThat(snapshot.filter(col(SCORE_STATUS).equalTo("scored").and(col(TIER).isNull())).count())
        .isZero();
    assertThat(snapshot.filter(col(SCORE).lt(350).or(col(SCORE).gt(950))).count()).isZero();
    assertThat(snapshot.filter("size(reasons) > 4").count()).isZero();
    assertThat(
            snapshot
                .filter("size(reasons) > 1 AND reasons[0].points_lost < reasons[1].points_lost")
                .count())
        .isZero();
    assertThat(table(Table.SCORES_CURRENT).count()).isEqualTo(snapshot.count());
  }

  /**
   * The run lays its scores out once, before it caches them: by person_id ranges, sorted, one
   * partition per shuffle partition. So the snapshot's files and scores_current's each hold their
   * own person_id range in order, and a lookup reads one file of scores_current and one page range
   * of one file per snapshot.
   */
  @Test
  void snapshotAndScoresCurrentAreWrittenInSortedPersonRanges() {
    assertSortedDisjointRanges(table(Table.SCORES_CURRENT).inputFiles());
    assertSortedDisjointRanges(
        table(Table.SCORE_SNAPSHOTS)
            .filter(col(SNAPSHOT_DATE).equalTo(java.sql.Date.valueOf(AS_OF)))
            .inputFiles());
    String someone =
        table(Table.SCORES_CURRENT).orderBy(PERSON_ID).offset(200).first().getString(0);
    PointLookup.Result found =
        PointLookup.lookup(spark(), Table.SCORES_CURRENT.path(warehouse), someone);
    assertThat(found.rowsFound()).isEqualTo(1);
    assertThat(found.filesRead()).isEqualTo(1);
  }

  /** Two files (the test's shuffle partitions), each sorted by person_id, the ranges apart. */
  private static void assertSortedDisjointRanges(String[] files) {
    assertThat(files).hasSize(2);
    List<List<String>> ids =
        Arrays.stream(files)
            .map(
                f ->
                    spark().read().parquet(f).select(PERSON_ID).collectAsList().stream()
                        .map(r -> r.getString(0))
                        .toList())
            .sorted(Comparator.comparing(l -> l.get(0)))
            .toList();
    for (List<String> file : ids) {
      assertThat(file).isSorted();
    }
    assertThat(ids.get(0).get(ids.get(0).size() - 1)).isLessThan(ids.get(1).get(0));
  }

  @Test
  void lookupPrintsScoreReasonsAndHistory() {
    Row someone =
        table(Table.SCORES_CURRENT).filter("size(reasons) > 0").orderBy(col(PERSON_ID)).first();
    String id = someone.getString(0);
    // on a copy: every lookup adds a row to the warehouse's lookup_audit
    String copy = SeededWarehouse.copy(dir.resolve("wh-lookup"));
    CliRun out = CliRun.of("lookup", "--person", id, "--purpose", "test", "--warehouse", copy);
    assertThat(out.code()).isZero();
    assertThat(out.stdout())
        .doesNotContain(id) // stdout may go to a log
        .contains("score " + someone.getInt(2))
        .contains("main reasons the score is not higher:")
        .contains("recent snapshots:");
    Row firstReason = someone.<Row>getList(someone.fieldIndex(REASONS)).get(0);
    assertThat(out.stdout()).contains(firstReason.<String>getAs("text"));
  }

  @Test
  void lookupOfUnknownPersonExitsTwo() {
    String copy = SeededWarehouse.copy(dir.resolve("wh-lookup-unknown"));
    CliRun out =
        CliRun.of("lookup", "--person", "nobody", "--purpose", "test", "--warehouse", copy);
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr()).contains("no published score");
  }

  @Test
  void sqlQueriesTablesAsViews() {
    CliRun out =
        CliRun.of(
            "sql",
            "SELECT status, count(*) AS n FROM score_snapshots GROUP BY status ORDER BY status",
            "--warehouse",
            warehouse);
    assertThat(out.code()).isZero();
    assertThat(out.stdout()).contains("status").contains("scored");
    CliRun bad = CliRun.of("sql", "SELECT nope FROM runs", "--warehouse", warehouse);
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.stderr()).contains("nope");
  }

  @Test
  void validatePrintsCountsAndWritesNothing() {
    String elsewhere = dir.resolve("untouched").toString();
    CliRun out =
        CliRun.of(
            "validate", "--input", input, "--warehouse", elsewhere, "--date", AS_OF.toString());
    assertThat(out.code()).isZero();
    var payments = first.datasetCounts().get("payments");
    assertThat(out.stdout())
        .contains("scorecard expert-v1 (")
        .contains("match the contract")
        .contains(
            String.format(
                "payments         read %,d accepted %,d", payments.read(), payments.accepted()))
        .contains("every dataset's quarantined share is within quality.max_reject_ratio 0.05");
    // Before all the data, every record is quarantined: the rules hold, but score would block.
    CliRun early =
        CliRun.of("validate", "--input", input, "--warehouse", elsewhere, "--date", "1990-01-01");
    assertThat(early.code()).isZero();
    assertThat(early.stdout())
        .contains("score at 1990-01-01 would be BLOCKED (exit 3) by quality.max_reject_ratio 0.05:")
        .contains("  reject_ratio.shopping_orders=1.0000 (block above 0.05): block")
        .contains("  only because of rows dated after 1990-01-01 (future_date) in ")
        .contains("score it with --force, or from inputs extracted as of 1990-01-01");
    assertThat(Files.exists(Path.of(elsewhere))).isFalse();
  }

  /**
   * score reads the scorecard once, before Spark starts, and the run applies what it read; validate
   * refuses what score would refuse: a misspelt card exits 2 naming the key and writes nothing.
   */
  @Test
  void scoreAndValidateRefuseAMisspeltScorecardBeforeWritingAnything() throws Exception {
    Path card = dir.resolve("misspelt.yaml");
    Files.writeString(
        card,
        Files.readString(Path.of("jobs/scorecards/expert-v1.yaml"))
            .replaceFirst("base_points:", "base_pionts:"));
    for (String command : List.of("validate", "score")) {
      String elsewhere = dir.resolve("untouched-by-" + command).toString();
      CliRun out =
          CliRun.of(
              command,
              "--input",
              input,
              "--warehouse",
              elsewhere,
              "--scorecard",
              card.toString(),
              "--date",
              AS_OF.toString());
      assertThat(out.code()).as(command + ": " + out.stderr()).isEqualTo(2);
      assertThat(out.stderr()).contains("missing key 'base_points'");
      assertThat(out.stdout()).doesNotContain("match the contract");
      assertThat(Files.exists(Path.of(elsewhere))).isFalse();
    }
  }

  @Test
  void rerunOfSameDateGivesIdenticalRowsAndNoDuplicates() throws Exception {
    // on a copy, so that the other tests see the first run's warehouse whatever their order
    String copy = SeededWarehouse.copy(dir.resolve("wh-rerun"));
    List<Row> before = withoutRunId(table(copy, Table.SCORE_SNAPSHOTS));
    List<Row> featuresBefore = withoutRunId(table(copy, Table.FEATURES));
    RunOutcome again =
        NightlyScoreJob.run(
            spark(), SeededWarehouse.config(copy), AS_OF, NightlyScoreJob.GateMode.ENFORCE);
    assertThat(again.runId()).isNotEqualTo(first.runId());
    assertThat(withoutRunId(table(copy, Table.SCORE_SNAPSHOTS))).isEqualTo(before);
    assertThat(withoutRunId(table(copy, Table.FEATURES))).isEqualTo(featuresBefore);
    assertThat(table(copy, Table.SCORES_CURRENT).count()).isEqualTo(before.size());
    assertThat(table(copy, Table.RUNS).count()).isEqualTo(2);
    assertThat(again.psi()).isNull(); // same date: no earlier snapshot to compare with
  }

  private static List<Row> withoutRunId(Dataset<Row> t) {
    return t.drop(RUN_ID).orderBy(col(PERSON_ID)).collectAsList();
  }

  static String render(RunOutcome s) {
    StringBuilder sb = new StringBuilder();
    sb.append("status ").append(s.status()).append('\n');
    sb.append("tiers ").append(s.tiers()).append('\n');
    sb.append("unscorable ").append(s.unscorable()).append('\n');
    sb.append("score_mean ").append(String.format(java.util.Locale.ROOT, "%.3f", s.scoreMean()));
    sb.append('\n');
    s.datasetCounts()
        .forEach(
            (d, c) ->
                sb.append(d)
                    .append(" read ")
                    .append(c.read())
                    .append(" accepted ")
                    .append(c.accepted())
                    .append(" quarantined ")
                    .append(s.quarantined().get(d))
                    .append('\n'));
    return sb.toString();
  }

  private static String renderScores() {
    return table(Table.SCORE_SNAPSHOTS).orderBy(col(PERSON_ID)).limit(25).collectAsList().stream()
        .map(
            r ->
                r.getString(0)
                    + " "
                    + r.get(2)
                    + " "
                    + r.get(3)
                    + " "
                    + r.get(4)
                    + " "
                    + r.get(5)
                    + " "
                    + r.<Row>getList(6).stream()
                        .map(x -> x.getString(0) + ":" + x.get(2))
                        .collect(Collectors.joining(",")))
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
