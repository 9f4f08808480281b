package io.credence.report;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.EndToEnd;
import io.credence.InterruptedErasure;
import io.credence.InterruptedRerun;
import io.credence.SeededWarehouse;
import io.credence.SparkTestBase;
import io.credence.config.ConfigLoader;
import io.credence.job.NightlyScoreJob;
import io.credence.publish.DeltaWriter;
import io.credence.publish.RunRecord;
import io.credence.publish.Table;
import io.credence.run.RunOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run report of a warehouse with two published snapshots of the shared seeded inputs: what
 * score writes, what report --date rewrites from the tables alone, and that its charts render in
 * headless Chromium.
 */
@EndToEnd
class RunReportTest extends SparkTestBase {
  static final LocalDate PREVIOUS = LocalDate.of(2026, 9, 30);
  static final LocalDate AS_OF = SeededWarehouse.AS_OF;

  @TempDir static Path dir;
  static Path input;
  static String warehouse;
  static RunOutcome latest;

  @BeforeAll
  static void scoreTwoSnapshots() {
    // a copy: a test below moves the inputs away
    input = Path.of(SeededWarehouse.copyInput(dir.resolve("in")));
    warehouse = dir.resolve("wh").toString();
    publishPreviousFixture();
    // Forced: the fixture's made-up scores exceed the PSI gate, which is not under test here.
    latest = NightlyScoreJob.run(spark(), config(), AS_OF, NightlyScoreJob.GateMode.FORCE);
  }

  /**
   * A made-up published snapshot a month earlier (scores from a hash of the id), written directly
   * to score_snapshots and runs: cheaper than a second nightly run, and all the report reads.
   */
  static void publishPreviousFixture() {
    Dataset<Row> previous =
        spark()
            .read()
            .parquet(input.resolve("persons").toString())
            .filter(col(PERSON_ID).isNotNull())
            .withColumn(SNAPSHOT_DATE, lit(java.sql.Date.valueOf(PREVIOUS)))
            .withColumn(SCORE, expr("400 + pmod(hash(person_id), 500)"))
            .withColumn(TIER, expr("IF(score < 600, 'standard', 'premium')"))
            .withColumn(SCORE_STATUS, lit("scored"))
            .withColumn(UNSCORABLE_REASON, lit(null))
            .withColumn(REASONS, expr("array()"))
            .withColumn(SCORECARD_ID, lit("fixture"))
            .withColumn(RUN_ID, lit("fixture"));
    DeltaWriter.replacePartition(Table.SCORE_SNAPSHOTS, warehouse, previous, PREVIOUS);
    long persons = previous.count();
    RunOutcome run =
        RunOutcome.builder("fixture", PREVIOUS, Instant.EPOCH)
            .finishedAt(Instant.EPOCH)
            .status(RunOutcome.Status.PUBLISHED)
            .message("fixture")
            .scorecardId("fixture")
            .configHash("-")
            .persons(persons, persons)
            .scores(600.0, 400, 899)
            .build();
    DeltaWriter.append(Table.RUNS, warehouse, RunRecord.toDataFrame(spark(), run));
  }

  static ConfigLoader.Loaded config() {
    return ConfigLoader.load(
        null,
        Map.of(
            "inputs.root",
            input.toString(),
            "warehouse",
            warehouse,
            "spark.shuffle_partitions",
            "2"));
  }

  private static String html() throws Exception {
    return Files.readString(Path.of(RunReport.path(warehouse, AS_OF)));
  }

  @Test
  void scoreWritesSelfContainedReportComparingWithPreviousSnapshot() throws Exception {
    assertThat(latest.reportPath()).isEqualTo(RunReport.path(warehouse, AS_OF));
    assertThat(html())
        .contains("snapshot 2026-10-31", "previous 2026-09-30", "Most frequent reason codes")
        .contains("By region", "By age band", "Stage timings", "write monitoring")
        .doesNotContain("<script", "src=", "href=", "url(", "@import");
  }

  @Test
  void reportHoldsNoPersonIdentifier() throws Exception {
    List<Row> ids =
        spark()
            .read()
            .format("delta")
            .load(Table.SCORE_SNAPSHOTS.path(warehouse))
            .select(PERSON_ID)
            .collectAsList();
    String html = html();
    assertThat(ids).isNotEmpty();
    assertThat(ids).noneMatch(r -> html.contains(r.getString(0)));
  }

  @Test
  void reportCommandRewritesTheSameReportWithoutTheInputs() throws Exception {
    String written = html();
    Path moved = dir.resolve("inputs-away");
    Files.move(input, moved);
    try {
      Files.delete(Path.of(RunReport.path(warehouse, AS_OF)));
      CliRun run = CliRun.of("report", "--date", AS_OF.toString(), "--warehouse", warehouse);
      assertThat(run.code()).as(run.stderr()).isZero();
      assertThat(run.stdout())
          .contains("report: " + RunReport.path(warehouse, AS_OF))
          .doesNotContain("erasure");
      assertThat(html()).isEqualTo(written);
    } finally {
      Files.move(moved, input);
    }
  }

  @Test
  void aBackfillOfAnEarlierDateLeavesTheRebuiltReportAsScoreWroteIt() throws Exception {
    // report --date took "the latest published snapshot before D" afresh: after a backfill of an
    // earlier date it drew that snapshot as the previous one, while the run's own row (and PSI)
    // said there was none.
    // The page score wrote, which a rebuild of the unchanged warehouse reproduces byte for byte
    // (PublicationTest#theReportWrittenFromMemoryIsTheOneRebuiltFromTheTables).
    String copy = SeededWarehouse.copy(dir.resolve("wh-backfill"));
    Path page = Path.of(RunReport.path(copy, AS_OF));
    String before = Files.readString(page);
    NightlyScoreJob.run(
        spark(),
        SeededWarehouse.config(copy),
        AS_OF.minusMonths(1),
        NightlyScoreJob.GateMode.FORCE);
    CliRun run = CliRun.of("report", "--date", AS_OF.toString(), "--warehouse", copy);
    assertThat(run.code()).as(run.stderr()).isZero();
    assertThat(Files.readString(page)).isEqualTo(before);
  }

  @Test
  void aReportThatCannotBeWrittenIsTheUsersToFix() throws Exception {
    // <warehouse>/reports a file: exit 1 with a stack trace, from the very command score's
    // warning told the operator to run.
    String copy = SeededWarehouse.copy(dir.resolve("wh-reports-file"));
    Path reports = Path.of(RunReport.path(copy, AS_OF)).getParent();
    io.credence.TestFiles.deleteTree(reports);
    Files.writeString(reports, "notes");
    CliRun run = CliRun.of("report", "--date", AS_OF.toString(), "--warehouse", copy);
    assertThat(run.code()).as(run.stderr()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("cannot write the run report " + RunReport.path(copy, AS_OF))
        .contains("move away whatever stands in the way");
    assertThat(Files.readString(reports)).isEqualTo("notes");
  }

  @Test
  void anErasureNotYetFinishedCountsAsOneThatMayHaveRemovedRows() throws Exception {
    // An erase records its request (tables null) before it removes rows: one interrupted midway
    // had removed rows from some tables, and the rebuilt page said nothing.
    String copy = SeededWarehouse.copy(dir.resolve("wh-erasing"));
    Row request =
        org.apache.spark.sql.RowFactory.create(
            java.sql.Timestamp.from(Instant.now()), "a-person-key", "test", "test", null);
    DeltaWriter.append(
        Table.ERASURES,
        copy,
        spark().createDataFrame(List.of(request), io.credence.schema.OutputSchemas.ERASURES));
    CliRun run = CliRun.of("report", "--date", AS_OF.toString(), "--warehouse", copy);
    assertThat(run.code()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("note: Rebuilt after 1 erasure(s) made since this run");
  }

  @Test
  void aRebuiltReportLeavesOutThePersonsOfAnErasureNotYetFinished() throws Exception {
    // An erase killed after recording its request left the person's rows in score_snapshots,
    // and the rebuilt page's tiers and score bands still counted them.
    String copy = SeededWarehouse.copy(dir.resolve("wh-erasing-rows"));
    Row person =
        spark()
            .read()
            .format("delta")
            .load(Table.SCORE_SNAPSHOTS.path(copy))
            .filter(col(SCORE_STATUS).equalTo("scored"))
            .orderBy(PERSON_ID)
            .first();
    io.credence.config.ReportConfig config = SeededWarehouse.config(copy).config().report();
    ReportModel before = RunReport.model(spark(), copy, AS_OF, config);
    InterruptedErasure.recordOnly(
        copy, io.credence.privacy.PersonIds.raw(), person.getAs(PERSON_ID));
    ReportModel after = RunReport.model(spark(), copy, AS_OF, config);
    String tier = person.getAs(TIER);
    assertThat(after.tiers().get(tier)).isEqualTo(before.tiers().get(tier) - 1);
    assertThat(java.util.Arrays.stream(after.bands()).sum())
        .isEqualTo(java.util.Arrays.stream(before.bands()).sum() - 1);
  }

  /**
   * A warehouse whose erasures log cannot be read: the figures cannot leave out the erased persons'
   * rows, so report refuses naming the table, with why and fix (it was exit 1, "unexpected failure"
   * with a stack trace), quotes nothing of the damaged log and writes no page.
   */
  @Test
  void anUnreadableErasuresTableIsRefusedNamingIt() throws Exception {
    String copy = SeededWarehouse.copy(dir.resolve("wh-erasures-unreadable"));
    String id =
        spark()
            .read()
            .format("delta")
            .load(Table.SCORE_SNAPSHOTS.path(copy))
            .orderBy(PERSON_ID)
            .first()
            .getAs(PERSON_ID);
    InterruptedErasure.recordOnly(copy, io.credence.privacy.PersonIds.raw(), id);
    Files.writeString(
        Path.of(Table.ERASURES.path(copy), "_delta_log", "00000000000000000000.json"),
        "{not a commit\n");
    Path page = Path.of(RunReport.path(copy, AS_OF));
    Files.deleteIfExists(page);
    CliRun run = CliRun.of("report", "--date", AS_OF.toString(), "--warehouse", copy);
    assertThat(run.code()).as(run.stderr()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("credence: cannot read the erasures table (")
        .contains("_delta_log")
        .contains("never put back an older copy of erasures")
        .doesNotContain("unexpected failure")
        .doesNotContain("\tat ")
        .doesNotContain("not a commit")
        .doesNotContain(id) // erasures holds only the person's key: the key must not show either
        .doesNotContain(io.credence.privacy.PersonIds.raw().personKey(id));
    assertThat(run.logText())
        .doesNotContain("not a commit")
        .doesNotContain(id)
        .doesNotContain(io.credence.privacy.PersonIds.raw().personKey(id));
    assertThat(page).doesNotExist();
  }

  @Test
  void aReportRebuiltAfterAnErasureSaysItsTableFiguresNoLongerHoldTheErasedRows() throws Exception {
    // The headline and input counts come from the runs row, the tiers, reasons and quarantine
    // reasons from the tables the erasure removed rows from: the rebuilt page no longer added up,
    // and said nothing about why.
    String copy = SeededWarehouse.copy(dir.resolve("wh-erased"));
    Path page = Path.of(RunReport.path(copy, AS_OF));
    String person =
        spark()
            .read()
            .format("delta")
            .load(Table.SCORE_SNAPSHOTS.path(copy))
            .filter(col(SCORE_STATUS).equalTo("scored"))
            .select(PERSON_ID)
            .orderBy(PERSON_ID)
            .first()
            .getString(0);
    // An erasure of an id the warehouse never held removes nothing: no note.
    CliRun none = CliRun.of("erase", "--person", "P9999999999", "--warehouse", copy);
    assertThat(none.code()).as(none.stderr()).isZero();
    CliRun unchanged = CliRun.of("report", "--date", AS_OF.toString(), "--warehouse", copy);
    assertThat(unchanged.code()).as(unchanged.stderr()).isZero();
    assertThat(unchanged.stdout()).doesNotContain("erasure");

    CliRun erase = CliRun.of("erase", "--person", person, "--warehouse", copy);
    assertThat(erase.code()).as(erase.stderr()).isZero();

    CliRun run = CliRun.of("report", "--date", AS_OF.toString(), "--warehouse", copy);
    assertThat(run.code()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        .contains("note: Rebuilt after 1 erasure(s) made since this run")
        .doesNotContain(person);
    assertThat(Files.readString(page))
        .contains("<p id=\"erasures\"", "Rebuilt after 1 erasure(s) made since this run")
        .doesNotContain(person);

    // A run of the date that finished after the erasure: its tables hold what it measured.
    RunOutcome rerun = SeededWarehouse.run().toBuilder().finishedAt(Instant.now()).build();
    DeltaWriter.append(Table.RUNS, copy, RunRecord.toDataFrame(spark(), rerun));
    CliRun after = CliRun.of("report", "--date", AS_OF.toString(), "--warehouse", copy);
    assertThat(after.code()).as(after.stderr()).isZero();
    assertThat(after.stdout()).doesNotContain("erasure");
    assertThat(Files.readString(page)).doesNotContain("Rebuilt after");
  }

  @Test
  void aReportOfADateWhoseLaterRunDidNotPublishSaysSoAndThatItShowsThePublishedSnapshot()
      throws Exception {
    // The page of the PUBLISHED run was rebuilt saying nothing of the BLOCKED run after it, so a
    // reader took the date's last run for published.
    String copy = SeededWarehouse.copy(dir.resolve("wh-later-blocked"));
    Path page = Path.of(RunReport.path(copy, AS_OF));
    String published = SeededWarehouse.run().runId();
    // The page score wrote: a rebuild of the unchanged warehouse is the same page.
    String before = Files.readString(page);
    assertThat(before).doesNotContain("later-run");

    appendRun(copy, "run-later", AS_OF, RunOutcome.Status.BLOCKED, "score_psi 0.31 > 0.25");
    CliRun run = CliRun.of("report", "--date", AS_OF.toString(), "--warehouse", copy);
    assertThat(run.code()).as(run.stderr()).isZero();
    String note =
        "A later run of "
            + AS_OF
            + " did not publish: run-later was BLOCKED (score_psi 0.31 > 0.25). The snapshot and"
            + " figures below are still those run "
            + published
            + " published.";
    assertThat(run.stdout()).contains("note: " + note).doesNotContain("erasure");
    String after = Files.readString(page);
    assertThat(after)
        .contains("<p id=\"later-run\" class=\"WARN\"><b>" + note.replace(">", "&gt;"));
    assertThat(after.replaceFirst("<p id=\"later-run\"[^\n]*\n", "")).isEqualTo(before);

    appendRun(copy, "run-failed", AS_OF, RunOutcome.Status.FAILED, "FAILED: boom\nat x");
    CliRun failed = CliRun.of("report", "--date", AS_OF.toString(), "--warehouse", copy);
    assertThat(failed.code()).as(failed.stderr()).isZero();
    assertThat(failed.stdout())
        .contains("run-failed was FAILED (FAILED: boom), the last of 2 runs of the date since")
        .contains("still those run " + published + " published")
        .doesNotContain("at x");
  }

  @Test
  void aReportOfADateWhoseQuarantineOrMonitoringAFailedRerunRewroteIsRefusedNamingTheRun()
      throws Exception {
    // A rerun that failed after its quarantine and monitoring commits and before its snapshot's
    // (a cluster lost mid-publish) left them its rows: the page said "no rows quarantined" under a
    // headline of 800 quarantined, exit 0.
    for (Table table : List.of(Table.QUARANTINE, Table.MONITORING)) {
      String copy = SeededWarehouse.copy(dir.resolve("wh-failed-" + table.tableName()));
      InterruptedRerun.commitBesideTheSnapshotOnly(table, copy, AS_OF, "run-failed");
      CliRun run = CliRun.of("report", "--date", AS_OF.toString(), "--warehouse", copy);
      assertThat(run.code()).as(run.stdout()).isEqualTo(2);
      assertThat(run.stderr())
          .contains(
              "the " + table.tableName() + " rows of 2026-10-31 under " + copy + " were written")
          .contains("by run run-failed, which did not publish")
          .contains("run `credence score --date 2026-10-31` again");
    }
  }

  @Test
  void aReportOfADateWhoseOnlyRunStoppedBeforeItsRunsRowNamesThatRun() throws Exception {
    // It said "no published snapshot ... the runs table has none; score the date first", though
    // the date's snapshot was published.
    String copy = SeededWarehouse.copy(dir.resolve("wh-unrecorded"));
    LocalDate next = AS_OF.plusDays(1);
    InterruptedRerun.publishNewDateOnly(copy, AS_OF, next, "run-unrecorded");
    CliRun run = CliRun.of("report", "--date", next.toString(), "--warehouse", copy);
    assertThat(run.code()).as(run.stdout()).isEqualTo(2);
    assertThat(run.stderr())
        .contains(
            "the snapshot of " + next + " under " + copy + " was written by run run-unrecorded")
        .contains("the runs table has no run of that date")
        .contains("run `credence score --date " + next + "` again");
  }

  @Test
  void aReportOfADateWhoseSnapshotARerunRewroteWithoutFinishingIsRefusedNamingTheRun()
      throws Exception {
    // A rerun killed after its score_snapshots commit has no runs row: the page was headed by the
    // earlier run's row (its quarantine, its monitoring) over the rerun's tiers, scores and
    // reasons, exit 0, without a word.
    String copy = SeededWarehouse.copy(dir.resolve("wh-interrupted"));
    Path page = Path.of(RunReport.path(copy, AS_OF));
    String before = Files.readString(page);
    InterruptedRerun.publishSnapshotOnly(copy, AS_OF, "run-killed");
    CliRun run = CliRun.of("report", "--date", AS_OF.toString(), "--warehouse", copy);
    assertThat(run.code()).as(run.stdout()).isEqualTo(2);
    assertThat(run.stdout()).doesNotContain("report:");
    assertThat(run.stderr())
        .contains("the snapshot of 2026-10-31 under " + copy + " was written by run run-killed")
        .contains("which did not finish")
        .contains("published run of that date is " + SeededWarehouse.run().runId())
        .contains("run `credence score --date 2026-10-31` again");
    assertThat(Files.readString(page)).as("the page the run wrote").isEqualTo(before);
  }

  @Test
  void reportForDateWhoseRunsDidNotPublishSaysWhichRunAndWhy() {
    // It said "the runs table has none for that date; run credence score --date D first", though
    // the runs table held the BLOCKED run, and that fix blocked again.
    String copy = SeededWarehouse.copy(dir.resolve("wh-blocked"));
    LocalDate blockedDate = LocalDate.of(2026, 11, 30);
    appendRun(copy, "run-blocked", blockedDate, RunOutcome.Status.BLOCKED, "psi 0.4 >= 0.25");
    CliRun blocked = CliRun.of("report", "--date", blockedDate.toString(), "--warehouse", copy);
    assertThat(blocked.code()).isEqualTo(2);
    assertThat(blocked.stderr())
        .contains("no published snapshot for 2026-11-30")
        .contains("latest run run-blocked was BLOCKED (psi 0.4 >= 0.25)")
        .contains("only a published run has a report")
        .contains("inspect the runs and quarantine tables")
        .contains("--force")
        .doesNotContain("first");

    LocalDate failedDate = LocalDate.of(2026, 12, 31);
    appendRun(copy, "run-failed", failedDate, RunOutcome.Status.FAILED, "FAILED: boom\nat x");
    CliRun failed = CliRun.of("report", "--date", failedDate.toString(), "--warehouse", copy);
    assertThat(failed.code()).isEqualTo(2);
    assertThat(failed.stderr())
        .contains("latest run run-failed was FAILED (FAILED: boom)")
        .contains("run `credence score --date 2026-12-31` again")
        .doesNotContain("at x");
  }

  private static void appendRun(
      String warehouse, String runId, LocalDate date, RunOutcome.Status status, String message) {
    RunOutcome run =
        RunOutcome.builder(runId, date, Instant.now())
            .finishedAt(Instant.now())
            .status(status)
            .message(message)
            .scorecardId("expert-v1")
            .configHash("-")
            .build();
    DeltaWriter.append(Table.RUNS, warehouse, RunRecord.toDataFrame(spark(), run));
  }

  @Test
  void reportForDateWithoutPublishedRunIsRefused() {
    CliRun run = CliRun.of("report", "--date", "2026-01-01", "--warehouse", warehouse);
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.stderr()).contains("no published snapshot for 2026-01-01");
    // A folder with no runs table: say so, not which query of that table to try.
    String empty = dir.resolve("no-runs").toString();
    CliRun none = CliRun.of("report", "--date", AS_OF.toString(), "--warehouse", empty);
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.stderr())
        .contains("no runs table under " + empty)
        .contains("run `credence score` first")
        .doesNotContain("FROM runs");
  }

  @Test
  void runsTableRecordsStageTimings() {
    List<Row> stages =
        spark()
            .read()
            .format("delta")
            .load(Table.RUNS.path(warehouse))
            .filter("snapshot_date = DATE'2026-10-31'")
            .selectExpr("explode(stage_timings) AS t")
            .selectExpr("t.stage")
            .collectAsList();
    assertThat(stages.stream().map(r -> r.getString(0)))
        .contains("features", "score", "write score_snapshots", "write monitoring");
  }

  @Test
  void chartsRenderInHeadlessChromium() throws Exception {
    Chromium.assumeInstalled();
    // The report has no script; the test adds one that measures every rendered bar.
    String probe =
        "<script>const p=document.createElement('pre');p.id='render-check';p.textContent="
            + "[...document.querySelectorAll('figure,table')].filter(f=>f.querySelector('svg'))"
            + ".map((f,i)=>(f.id||'table'+i)+'='+[...f.querySelectorAll('rect.bar')]"
            + ".filter(r=>{const b=r.getBoundingClientRect();return b.width>0&&b.height>0})"
            + ".length).join(' ');document.body.appendChild(p)</script></body>";
    Path page = dir.resolve("probe.html");
    Files.writeString(page, html().replace("</body>", probe));
    String dom = Chromium.dumpDom(page, Files.createDirectories(dir.resolve("chromium")));
    Matcher check = Pattern.compile("<pre id=\"render-check\">([^<]*)</pre>").matcher(dom);
    assertThat(check.find()).as("the probe ran: " + dom.length() + " chars of DOM").isTrue();
    Map<String, Integer> bars = new java.util.TreeMap<>();
    for (String part : check.group(1).trim().split(" ")) {
      String[] kv = part.split("=");
      bars.put(kv[0], Integer.parseInt(kv[1]));
    }
    // Scored persons fill several 50-point bands in both snapshots, side by side.
    assertThat(bars.get("distribution")).isGreaterThanOrEqualTo(6);
    assertThat(bars.get("timings")).isGreaterThanOrEqualTo(10);
    assertThat(bars.keySet().stream().filter(k -> k.startsWith("table"))).isNotEmpty();
  }
}
