package io.credence.cli;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.CliRun;
import io.credence.InterruptedErasure;
import io.credence.InterruptedRerun;
import io.credence.SparkTestBase;
import io.credence.TestFiles;
import io.credence.config.ConfigLoader;
import io.credence.lookup.SyntheticWarehouse;
import io.credence.privacy.PersonIds;
import io.credence.publish.Table;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code credence lookup} through Delta Kernel: the text and JSON answers, the audit row of every
 * lookup written before anything is printed, pseudonymized warehouses and a wrong key, and a run in
 * a JVM without Spark's jars.
 */
class LookupCommandTest extends SparkTestBase {
  private static final String KEY_ENV = "CREDENCE_TEST_PSEUDONYM_KEY";

  @TempDir static Path shared;
  @TempDir Path dir;

  private static String warehouse;

  @BeforeAll
  static void writeWarehouse() {
    warehouse = SyntheticWarehouse.write(shared.resolve("wh"), 300, 3);
  }

  @Test
  void printsScoreTierReasonsAndHistory() {
    Row row = current("size(reasons) >= 2");
    String id = row.getAs(PERSON_ID);
    CliRun out = lookup(id, "--requester", "desk-7");
    assertThat(out.code()).as(out.stderr()).isZero();
    Row reason = row.<Row>getList(row.fieldIndex(REASONS)).get(0);
    assertThat(out.stdout())
        .contains("snapshot 2026-10-31 (scorecard expert-v1, run ")
        .contains("score " + row.getAs(SCORE) + ", tier " + row.getAs(TIER))
        .contains("main reasons the score is not higher:")
        .contains(
            String.format(
                "  %-5s %s (%.0f points)",
                reason.getAs(REASON_CODE),
                reason.getAs(REASON_TEXT),
                -reason.<Double>getAs(POINTS_LOST)))
        .contains("recent snapshots:\n  2026-10-31  ")
        .contains("\n  2026-09-30  ")
        .contains("\n  2026-08-31  ");
    Row audit = lastAudit(warehouse);
    assertThat(audit.<String>getAs("requester")).isEqualTo("desk-7");
    assertThat(audit.<String>getAs(PERSON_KEY)).isEqualTo(ConfigLoader.sha256(id));
    assertThat(audit.<Boolean>getAs("found")).isTrue();
  }

  @Test
  void answersJsonForMachines() throws Exception {
    Row row = current("size(reasons) >= 1");
    String id = row.getAs(PERSON_ID);
    CliRun out = lookup(id, "--format", "json", "--history", "2");
    assertThat(out.code()).as(out.stderr()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.stdout());
    assertThat(json.get("person").asText()).isEqualTo(id);
    assertThat(json.get("snapshot_date").asText()).isEqualTo("2026-10-31");
    assertThat(json.get("score").asInt()).isEqualTo(row.<Integer>getAs(SCORE));
    assertThat(json.get("tier").asText()).isEqualTo(row.<String>getAs(TIER));
    assertThat(json.get("scorecard_id").asText()).isEqualTo("expert-v1");
    Row reason = row.<Row>getList(row.fieldIndex(REASONS)).get(0);
    JsonNode first = json.get("reasons").get(0);
    assertThat(first.get("code").asText()).isEqualTo(reason.<String>getAs(REASON_CODE));
    assertThat(first.get("text").asText()).isEqualTo(reason.<String>getAs(REASON_TEXT));
    assertThat(first.get("points").asDouble()).isEqualTo(-reason.<Double>getAs(POINTS_LOST));
    assertThat(json.get("history")).hasSize(2);
    assertThat(json.get("history").get(0).get("snapshot_date").asText()).isEqualTo("2026-10-31");
  }

  @Test
  void saysWhyAPersonIsNotScored() {
    Row row = current("score IS NULL");
    CliRun out = lookup(row.getAs(PERSON_ID));
    assertThat(out.code()).as(out.stderr()).isZero();
    assertThat(out.stdout())
        .containsPattern("not scored: (thin_file \\(too little history|inactive \\(no record)");
  }

  @Test
  void anUnknownPersonExitsTwoAndIsAuditedAsNotFound() {
    CliRun out =
        CliRun.of(
            "lookup",
            "--warehouse",
            warehouse,
            "--person",
            "P7777777777",
            "--purpose",
            "rental deposit");
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stdout()).isEmpty();
    assertThat(out.stderr()).contains("no published score for that person id").contains("fix:");
    Row audit = lastAudit(warehouse);
    assertThat(audit.<String>getAs(PERSON_KEY)).isEqualTo(ConfigLoader.sha256("P7777777777"));
    assertThat(audit.<String>getAs("purpose")).isEqualTo("rental deposit");
    assertThat(audit.<Boolean>getAs("found")).isFalse();
  }

  @Test
  void aPersonWhoseErasureIsRecordedButUnfinishedIsNotFoundAndAuditedSo() throws Exception {
    // The killed erasure left the person's row in scores_current, and lookup printed it.
    Path wh = dir.resolve("wh-erasing");
    TestFiles.copyTree(Path.of(warehouse), wh);
    String id = current("score IS NOT NULL").getAs(PERSON_ID);
    InterruptedErasure.recordOnly(wh.toString(), PersonIds.raw(), id);
    CliRun out =
        CliRun.of("lookup", "--warehouse", wh.toString(), "--person", id, "--purpose", "call");
    assertThat(out.code()).as(out.stderr()).isEqualTo(2);
    assertThat(out.stdout()).isEmpty();
    assertThat(out.stderr()).contains("no published score for that person id");
    Row audit = lastAudit(wh.toString());
    assertThat(audit.<String>getAs(PERSON_KEY)).isEqualTo(ConfigLoader.sha256(id));
    assertThat(audit.<Boolean>getAs("found")).isFalse();
    String other = current("score IS NOT NULL AND person_id <> '" + id + "'").getAs(PERSON_ID);
    CliRun found =
        CliRun.of("lookup", "--warehouse", wh.toString(), "--person", other, "--purpose", "call");
    assertThat(found.code()).as(found.stderr()).isZero();
  }

  @Test
  void anUnreadableErasuresScoresCurrentOrScoreSnapshotsTableExitsTwoNamingIt() throws Exception {
    // A damaged log ended as "unexpected failure" with Kernel's stack trace, exit 1.
    String id = current("score IS NOT NULL").getAs(PERSON_ID);
    for (String table : new String[] {"erasures", "scores_current", "score_snapshots"}) {
      Path wh = dir.resolve("wh-unreadable-" + table);
      TestFiles.copyTree(Path.of(warehouse), wh);
      InterruptedErasure.recordOnly(wh.toString(), PersonIds.raw(), SyntheticWarehouse.person(2));
      Files.writeString(
          wh.resolve(table).resolve("_delta_log").resolve("00000000000000000000.json"),
          "{not a commit\n");
      CliRun out =
          CliRun.of("lookup", "--warehouse", wh.toString(), "--person", id, "--purpose", "call");
      assertThat(out.code()).as(table + ": " + out.stderr()).isEqualTo(2);
      assertThat(out.stdout()).isEmpty();
      assertThat(out.stderr())
          .as(table)
          .contains("credence: cannot read the " + table + " table (")
          .contains("_delta_log")
          .contains("fix: run the command again")
          .doesNotContain("unexpected failure")
          .doesNotContain("\tat ")
          .doesNotContain("not a commit")
          .doesNotContain(id);
      assertThat(out.logText()).as(table).doesNotContain(id).doesNotContain("not a commit");
      // Putting back an older copy would lose erasure requests, or bring back erased persons' rows.
      assertThat(out.stderr())
          .as(table)
          .contains(
              table.equals("erasures")
                  ? "never put back an older copy of erasures"
                  : "run credence erase again for every request in erasures");
    }
  }

  @Test
  void aBlankPurposeOrRequesterOrANegativeHistoryExitsTwoBeforeAnythingIsRead() {
    String id = current("score IS NOT NULL").getAs(PERSON_ID);
    long audited = audits(warehouse);
    // purpose, then another option and its value, then what the error says
    List<String[]> bad =
        List.of(
            new String[] {"", "--history", "2", "--purpose is blank"},
            new String[] {"   ", "--history", "2", "--purpose is blank"},
            new String[] {"call", "--requester", " ", "--requester is blank"},
            new String[] {"call", "--history", "-1", "--history is -1"});
    for (String[] b : bad) {
      CliRun out =
          CliRun.of(
              "lookup", "--warehouse", warehouse, "--person", id, "--purpose", b[0], b[1], b[2]);
      assertThat(out.code()).as(String.join(" ", b)).isEqualTo(2);
      assertThat(out.stdout()).isEmpty();
      assertThat(out.stderr()).contains("credence: " + b[3]).contains("fix:");
    }
    assertThat(audits(warehouse)).as("lookup_audit rows").isEqualTo(audited);
  }

  @Test
  void aRerunKilledAfterPublishingIsAnsweredFromThePublishedSnapshotWithANote() throws Exception {
    // scores_current still held the earlier run's row of 2026-10-31 and lookup printed it beside
    // the published snapshot's other score for the same date, exit 0, without a word.
    Path wh = dir.resolve("wh-interrupted");
    TestFiles.copyTree(Path.of(warehouse), wh);
    Row old = current("score IS NOT NULL");
    String id = old.getAs(PERSON_ID);
    InterruptedRerun.publishSnapshotOnly(wh.toString(), SyntheticWarehouse.NEWEST, "run-killed");
    int published = old.<Integer>getAs(SCORE) - 1;
    CliRun out =
        CliRun.of("lookup", "--warehouse", wh.toString(), "--person", id, "--purpose", "call");
    assertThat(out.code()).as(out.stderr()).isZero();
    assertThat(out.stdout())
        .contains("snapshot 2026-10-31 (scorecard expert-v1, run run-killed)")
        .contains("note: scores_current is behind the published snapshot of 2026-10-31: run")
        .contains("run `credence score --date 2026-10-31` again")
        .contains("score " + published + ", tier ")
        .contains("recent snapshots:\n  2026-10-31  " + String.format("%5d", published))
        .doesNotContain("score " + old.getAs(SCORE) + ",");
    assertThat(lastAudit(wh.toString()).<Boolean>getAs("found")).isTrue();
    CliRun json =
        CliRun.of(
            "lookup",
            "--warehouse",
            wh.toString(),
            "--person",
            id,
            "--purpose",
            "call",
            "--format",
            "json");
    JsonNode answer = new ObjectMapper().readTree(json.stdout());
    assertThat(answer.get("score").asInt()).isEqualTo(published);
    assertThat(answer.get("run_id").asText()).isEqualTo("run-killed");
    assertThat(answer.get("note").asText()).contains("credence score --date 2026-10-31");
  }

  @Test
  void aPersonTheInterruptedRerunsSnapshotLacksIsNotFoundWithTheNoteInBothFormats()
      throws Exception {
    // scores_current held the person from the earlier run, the published snapshot did not, and
    // lookup said only "no published score", without a word that scores_current was behind.
    Path wh = dir.resolve("wh-interrupted-absent");
    TestFiles.copyTree(Path.of(warehouse), wh);
    String id = current("score IS NOT NULL").getAs(PERSON_ID);
    InterruptedRerun.publishSnapshotOnlyWithout(
        wh.toString(), SyntheticWarehouse.NEWEST, "run-killed", id);
    for (String format : new String[] {"text", "json"}) {
      long audited = audits(wh.toString());
      CliRun out =
          CliRun.of(
              "lookup",
              "--warehouse",
              wh.toString(),
              "--person",
              id,
              "--purpose",
              "call",
              "--format",
              format);
      assertThat(out.code()).as(format + ": " + out.stderr()).isEqualTo(2);
      assertThat(out.stdout()).as(format).isEmpty();
      assertThat(out.stderr())
          .as(format)
          .contains("no published score for that person id")
          .contains("why: the published snapshot of 2026-10-31 does not hold the id")
          .contains("fix: check the id")
          .contains(
              "note: scores_current is behind the published snapshot of 2026-10-31: run"
                  + " run-killed published it")
          .contains("run `credence score --date 2026-10-31` again")
          .doesNotContain(id);
      assertThat(out.logText()).as(format).doesNotContain(id);
      // lastAudit alone would find the text lookup's row again after an unaudited json one
      assertThat(audits(wh.toString())).as(format + ": lookup_audit rows").isEqualTo(audited + 1);
      Row audit = lastAudit(wh.toString());
      assertThat(audit.<String>getAs(PERSON_KEY)).isEqualTo(ConfigLoader.sha256(id));
      assertThat(audit.<Boolean>getAs("found")).isFalse();
    }
  }

  @Test
  void aPersonOnlyTheInterruptedRerunsSnapshotHoldsIsAnsweredFromItWithTheNote() throws Exception {
    // scores_current lacked the person (new in the rerun's inputs), so lookup had no row of theirs
    // to tell that it was behind, and said only "no published score" (exit 2), although the
    // published snapshot held them.
    Path wh = dir.resolve("wh-interrupted-new");
    TestFiles.copyTree(Path.of(warehouse), wh);
    String id = SyntheticWarehouse.person(300);
    InterruptedRerun.publishSnapshotOnlyWithNew(
        wh.toString(), SyntheticWarehouse.NEWEST, "run-killed", id);
    CliRun out =
        CliRun.of("lookup", "--warehouse", wh.toString(), "--person", id, "--purpose", "call");
    assertThat(out.code()).as(out.stderr()).isZero();
    assertThat(out.stdout())
        .contains("snapshot 2026-10-31 (scorecard expert-v1, run run-killed)")
        .contains(
            "note: scores_current is behind the published snapshot of 2026-10-31: run run-killed"
                + " published it")
        .contains("run `credence score --date 2026-10-31` again")
        .contains("recent snapshots:\n  2026-10-31")
        .doesNotContain(id);
    Row audit = lastAudit(wh.toString());
    assertThat(audit.<String>getAs(PERSON_KEY)).isEqualTo(ConfigLoader.sha256(id));
    assertThat(audit.<Boolean>getAs("found")).isTrue();
    long audited = audits(wh.toString());
    CliRun json =
        CliRun.of(
            "lookup",
            "--warehouse",
            wh.toString(),
            "--person",
            id,
            "--purpose",
            "call",
            "--format",
            "json");
    assertThat(json.code()).as(json.stderr()).isZero();
    JsonNode answer = new ObjectMapper().readTree(json.stdout());
    assertThat(answer.get("run_id").asText()).isEqualTo("run-killed");
    assertThat(answer.get("snapshot_date").asText()).isEqualTo("2026-10-31");
    assertThat(answer.get("note").asText()).contains("scores_current is behind");
    assertThat(audits(wh.toString())).as("lookup_audit rows").isEqualTo(audited + 1);
    assertThat(lastAudit(wh.toString()).<Boolean>getAs("found")).isTrue();
  }

  @Test
  void aRunOfANewDateKilledBeforeScoresCurrentIsNotedBesideTheStaleAnswer() throws Exception {
    // The headline was scores_current's older date, the history listed the newer one above it,
    // and nothing said why. A person new in the newer snapshot was "no published score" (exit 2),
    // although that snapshot was published and held them.
    Path wh = dir.resolve("wh-new-date");
    TestFiles.copyTree(Path.of(warehouse), wh);
    Row old = current("score IS NOT NULL");
    String id = old.getAs(PERSON_ID);
    String added = SyntheticWarehouse.person(300);
    java.time.LocalDate next = SyntheticWarehouse.NEWEST.plusDays(1);
    InterruptedRerun.publishNewDateOnlyWithNew(
        wh.toString(), SyntheticWarehouse.NEWEST, next, "run-new", added);
    CliRun out = lookupIn(wh, id);
    assertThat(out.code()).as(out.stderr()).isZero();
    assertThat(out.stdout())
        .contains("snapshot 2026-10-31 (")
        .contains("note: a newer snapshot, " + next + " (run run-new), is published")
        .contains("run `credence score --date " + next + "` again")
        .contains("recent snapshots:\n  " + next);

    for (String history : new String[] {"6", "0"}) {
      long audited = audits(wh.toString());
      CliRun fresh = lookupIn(wh, added, "--history", history);
      assertThat(fresh.code()).as(history + ": " + fresh.stderr()).isZero();
      assertThat(fresh.stdout())
          .as(history)
          .contains("snapshot " + next + " (scorecard expert-v1, run run-new)")
          .contains(
              "note: scores_current does not hold this person, and a newer snapshot, "
                  + next
                  + " (run run-new), is published: that run has not updated scores_current,"
                  + " which still holds 2026-10-31 (run ")
          .contains("this answer is the published snapshot's")
          .contains("run `credence score --date " + next + "` again")
          .doesNotContain(added);
      if (history.equals("6")) { // the newer snapshot is the first to hold them
        assertThat(fresh.stdout())
            .contains("recent snapshots:\n  " + next)
            .doesNotContain("  2026-10-31 ");
      }
      assertThat(audits(wh.toString())).as(history + ": lookup_audit rows").isEqualTo(audited + 1);
      Row audit = lastAudit(wh.toString());
      assertThat(audit.<String>getAs(PERSON_KEY)).isEqualTo(ConfigLoader.sha256(added));
      assertThat(audit.<Boolean>getAs("found")).isTrue();
    }
    JsonNode answer = new ObjectMapper().readTree(lookupIn(wh, added, "--format", "json").stdout());
    assertThat(answer.get("snapshot_date").asText()).isEqualTo(next.toString());
    assertThat(answer.get("run_id").asText()).isEqualTo("run-new");
    assertThat(answer.get("note").asText()).contains("scores_current does not hold this person");

    // Nor does any snapshot hold this one: still not found, and audited so.
    String unknown = SyntheticWarehouse.person(301);
    CliRun none = lookupIn(wh, unknown);
    assertThat(none.code()).as(none.stderr()).isEqualTo(2);
    assertThat(none.stderr()).contains("no published score for that person id");
    assertThat(lastAudit(wh.toString()).<Boolean>getAs("found")).isFalse();
  }

  @Test
  void nothingIsPrintedWhenTheLookupCannotBeAudited() throws Exception {
    Path wh = dir.resolve("wh");
    TestFiles.copyTree(Path.of(warehouse), wh, f -> !f.toString().contains("lookup_audit"));
    Files.writeString(wh.resolve("lookup_audit"), "not a table"); // the audit cannot be written
    String id = current("score IS NOT NULL").getAs(PERSON_ID);
    CliRun out =
        CliRun.of("lookup", "--warehouse", wh.toString(), "--person", id, "--purpose", "call");
    assertThat(out.code()).as(out.stderr()).isEqualTo(2);
    assertThat(out.stdout()).isEmpty();
    assertThat(out.stderr())
        .contains("credence: cannot write the audit row to lookup_audit")
        .contains("fix:")
        .doesNotContain("unexpected failure")
        .doesNotContain("\tat ");
  }

  /**
   * A warehouse whose lookup_audit cannot be written (here a link to /sys, which even root cannot
   * write; a read-only warehouse in practice) exits 2 saying why, and prints no answer.
   */
  @Test
  void aWarehouseWhoseAuditCannotBeWrittenExits2SayingWhy() throws Exception {
    Path wh = dir.resolve("readonly");
    TestFiles.copyTree(Path.of(warehouse), wh, f -> !f.toString().contains("lookup_audit"));
    Files.createSymbolicLink(wh.resolve("lookup_audit"), Path.of("/sys/credence-lookup-audit"));
    String id = current("score IS NOT NULL").getAs(PERSON_ID);
    CliRun out =
        CliRun.of("lookup", "--warehouse", wh.toString(), "--person", id, "--purpose", "call");
    assertThat(out.code()).as(out.stderr()).isEqualTo(2);
    assertThat(out.stdout()).isEmpty();
    assertThat(out.stderr())
        .contains("cannot write the audit row to lookup_audit")
        .contains("write access")
        .doesNotContain("\tat ")
        .doesNotContain(id);
    assertThat(out.logText()).doesNotContain(id);
  }

  @Test
  void looksUpPseudonymizedWarehousesWithTheirKeyOnly() throws Exception {
    PersonIds ids =
        PersonIds.pseudonymized(System.getenv(KEY_ENV).getBytes(StandardCharsets.UTF_8));
    String wh = SyntheticWarehouse.write(dir.resolve("pseudo"), 50, ids);
    Path config = dir.resolve("pseudo.yaml");
    Files.writeString(config, "privacy: {pseudonymize: true, key_env: " + KEY_ENV + "}\n");
    String id = SyntheticWarehouse.person(7);

    CliRun found = pseudoLookup(config, wh, id);
    assertThat(found.code()).as(found.stderr()).isZero();
    assertThat(found.stdout()).doesNotContain(id).contains("recent snapshots:");
    assertThat(lastAudit(wh).<String>getAs(PERSON_KEY)).isEqualTo(ids.personKey(id));

    spark()
        .sql(
            "ALTER TABLE delta.`"
                + Table.SCORES_CURRENT.path(wh)
                + "` SET TBLPROPERTIES ('"
                + PersonIds.FINGERPRINT_PROPERTY
                + "' = '"
                + "0".repeat(64)
                + "')");
    CliRun wrongKey = pseudoLookup(config, wh, id);
    assertThat(wrongKey.code()).isEqualTo(2);
    assertThat(wrongKey.stderr())
        .contains("the pseudonym key differs from the warehouse's: scores_current was written");
    assertThat(wrongKey.stdout()).isEmpty();
  }

  @Test
  void runsInAJvmWithoutSpark() throws Exception {
    List<String> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (!name.matches("(spark-|scala-|delta-spark|junit|assertj|opentest4j).*")) {
        classpath.add(entry);
      }
    }
    assertThat(classpath)
        .noneMatch(e -> e.contains("spark-sql"))
        .anyMatch(e -> e.contains("delta-kernel-api"));
    String id = current("score IS NOT NULL").getAs(PERSON_ID);
    Path output = dir.resolve("out.txt");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                String.join(File.pathSeparator, classpath),
                "io.credence.cli.Main",
                "lookup",
                "--warehouse",
                warehouse,
                "--person",
                id,
                "--purpose",
                "no spark")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String printed = Files.readString(output);
    assertThat(p.exitValue()).as(printed).isZero();
    assertThat(printed).doesNotContain(id).contains("recent snapshots:");
  }

  private static CliRun lookup(String id, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("lookup", "--warehouse", warehouse, "--person", id, "--purpose", "test"));
    args.addAll(Arrays.asList(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /**
   * {@code credence lookup} of {@code id} in warehouse {@code wh}, for a call, with {@code more}.
   */
  private static CliRun lookupIn(Path wh, String id, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("lookup", "--warehouse", wh.toString(), "--person", id, "--purpose", "call"));
    args.addAll(Arrays.asList(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static CliRun pseudoLookup(Path config, String wh, String id) {
    return CliRun.of(
        "lookup",
        "--config",
        config.toString(),
        "--warehouse",
        wh,
        "--person",
        id,
        "--purpose",
        "test");
  }

  private static Row current(String condition) {
    return spark()
        .read()
        .format("delta")
        .load(Table.SCORES_CURRENT.path(warehouse))
        .filter(condition)
        .orderBy(PERSON_ID)
        .first();
  }

  /** The rows of lookup_audit under {@code wh}, 0 before the first lookup creates it. */
  private static long audits(String wh) {
    String path = Table.LOOKUP_AUDIT.path(wh);
    return Files.exists(Path.of(path)) ? spark().read().format("delta").load(path).count() : 0;
  }

  private static Row lastAudit(String wh) {
    return spark()
        .read()
        .format("delta")
        .load(Table.LOOKUP_AUDIT.path(wh))
        .orderBy(col("looked_up_at").desc())
        .first();
  }
}
