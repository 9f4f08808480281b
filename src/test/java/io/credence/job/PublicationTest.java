package io.credence.job;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.EndToEnd;
import io.credence.SeededWarehouse;
import io.credence.SparkTestBase;
import io.credence.config.ReportConfig;
import io.credence.privacy.PersonIds;
import io.credence.privacy.PrivacyPolicy;
import io.credence.publish.Table;
import io.credence.quality.ValidatedInputs;
import io.credence.report.MonitoringGroups;
import io.credence.report.RunReport;
import io.credence.run.Progress;
import io.credence.schema.InputDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runs table, the quarantine and the report say about a run agrees with what it published:
 * a failure after the snapshot commit is recorded as PUBLISHED, a blocked rerun leaves the
 * published run's quarantine alone, and the report a run writes from memory is the one {@code
 * credence report} rebuilds from the tables.
 */
@EndToEnd
class PublicationTest extends SparkTestBase {
  private static final LocalDate D = EndToEndTest.AS_OF;

  @TempDir static Path dir;

  /** The tests below start from the shared seeded inputs, or from copies of its warehouse. */
  @AfterAll
  static void leftTheSharedWarehouseAsItWas() {
    SeededWarehouse.warehouse();
  }

  private static Path config(String name, String quality) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        "inputs: {root: "
            + SeededWarehouse.input()
            + "}\nspark: {shuffle_partitions: 2}\nquality: {max_reject_ratio: 0.5"
            + quality
            + "}\n");
    return file;
  }

  private static CliRun score(Path config, String warehouse) {
    return CliRun.of(
        "score", "--config", config.toString(), "--warehouse", warehouse, "--date", D.toString());
  }

  private static Dataset<Row> table(String warehouse, Table t) {
    return spark().read().format("delta").load(t.path(warehouse));
  }

  @Test
  void aFailureAfterTheSnapshotCommitIsRecordedAsPublished() throws Exception {
    String wh = dir.resolve("late-failure").toString();
    // A plain file where the monitoring table belongs: that write fails, the others do not.
    Files.createDirectories(Path.of(wh));
    Files.writeString(Path.of(wh, Table.MONITORING.tableName()), "not a table");
    CliRun run = score(config("ok", ""), wh);
    assertThat(run.code()).as(run.stderr()).isEqualTo(1);
    assertThat(run.stderr()).contains("was published");
    long persons = SeededWarehouse.run().persons();
    assertThat(table(wh, Table.SCORE_SNAPSHOTS).count()).isEqualTo(persons);
    // The 2 shuffle partitions configured are the most a run uses: inputs of under a megabyte
    // (Spark's minimum coalesced partition) get one, so the snapshot is one file, not two.
    assertThat(table(wh, Table.SCORE_SNAPSHOTS).inputFiles())
        .as("the snapshot's files for inputs of %s", SeededWarehouse.input())
        .hasSize(1);
    List<Row> runs = table(wh, Table.RUNS).collectAsList();
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).<String>getAs("status")).isEqualTo("PUBLISHED");
    assertThat(runs.get(0).<String>getAs("message")).contains("a later step failed");
    assertThat(runs.get(0).<Long>getAs("persons")).isEqualTo(persons);
  }

  @Test
  void aBlockedRerunLeavesThePublishedRunsQuarantineAsItWas() throws Exception {
    String wh = SeededWarehouse.copy(dir.resolve("blocked-rerun"));
    String published =
        table(wh, Table.RUNS).filter(col("status").equalTo("PUBLISHED")).first().getAs(RUN_ID);
    assertThat(published).isEqualTo(SeededWarehouse.run().runId());
    List<Row> before = quarantineOf(wh, published);
    assertThat(before).isNotEmpty();

    CliRun blocked = score(config("strict", ", max_unscorable_share: 0.0"), wh);
    assertThat(blocked.code()).isEqualTo(3);
    assertThat(quarantineOf(wh, published)).isEqualTo(before);
    String blockedRun =
        table(wh, Table.RUNS).filter(col("status").equalTo("BLOCKED")).first().getAs(RUN_ID);
    assertThat(quarantineOf(wh, blockedRun)).hasSameSizeAs(before);
  }

  @Test
  void theReportWrittenFromMemoryIsTheOneRebuiltFromTheTables() throws Exception {
    String wh = SeededWarehouse.copy(dir.resolve("report"));
    Path report = Path.of(RunReport.path(wh, D));
    String fromMemory = Files.readString(report);
    Files.delete(report);
    RunReport.write(spark(), wh, D, new ReportConfig(10));
    assertThat(Files.readString(report)).isEqualTo(fromMemory);
  }

  /**
   * The monitoring groups the run computed from each person's groups carried beside their scores
   * (from the persons' rows through the features' merge) are those of the snapshot joined with the
   * accepted persons, as the job computed them before: the row-by-row path's accepted persons, kept
   * as the oracle.
   */
  @Test
  void theMonitoringGroupsAreThoseOfTheSnapshotJoinedWithTheAcceptedPersons() {
    String wh = SeededWarehouse.warehouse();
    java.sql.Date day = java.sql.Date.valueOf(D);
    Dataset<Row> snapshot = table(wh, Table.SCORE_SNAPSHOTS).where(col(SNAPSHOT_DATE).equalTo(day));
    List<org.apache.spark.sql.Column> personGroups =
        new java.util.ArrayList<>(List.of(col(PERSON_ID)));
    MonitoringGroups.groupColumns(D).forEach((name, value) -> personGroups.add(value.as(name)));
    List<Row> expected;
    try (ValidatedInputs inputs =
        ValidatedInputs.load(
            spark(),
            SeededWarehouse.input(),
            D,
            new Progress(),
            PrivacyPolicy.of(PersonIds.raw(), null))) {
      Dataset<Row> persons =
          inputs
              .accepted(InputDataset.PERSONS)
              .select(personGroups.toArray(org.apache.spark.sql.Column[]::new));
      expected = groupsInOrder(MonitoringGroups.of(snapshot.join(persons, PERSON_ID, "left")));
    }
    List<Row> written =
        groupsInOrder(table(wh, Table.MONITORING).where(col(SNAPSHOT_DATE).equalTo(day)));
    assertThat(written).hasSizeGreaterThan(2).isEqualTo(expected);
  }

  private static List<Row> groupsInOrder(Dataset<Row> groups) {
    return groups
        .select("dimension", "group", "persons", "scored", "mean_score", "tier_counts")
        .orderBy("dimension", "group")
        .collectAsList();
  }

  private static List<Row> quarantineOf(String warehouse, String runId) {
    return table(warehouse, Table.QUARANTINE)
        .filter(col(RUN_ID).equalTo(lit(runId)))
        .drop(RUN_ID)
        .orderBy(DATASET, REASON, ROW_JSON)
        .collectAsList();
  }
}
