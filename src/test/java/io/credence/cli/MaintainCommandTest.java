package io.credence.cli;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.SparkTestBase;
import io.credence.publish.Table;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintainCommandTest extends SparkTestBase {
  @TempDir Path dir;

  /** Writes score_snapshots twice: version 0 with three rows, version 1 replacing them with two. */
  private String tableWithTwoVersions() {
    String path = Table.SCORE_SNAPSHOTS.path(dir.toString());
    spark().range(3).write().format("delta").save(path);
    spark().range(2).write().format("delta").mode("overwrite").save(path);
    return path;
  }

  @Test
  void vacuumKeepsFilesRemovedWithinTheRetentionAndDeletesOlderOnes() throws IOException {
    String path = Table.SCORE_SNAPSHOTS.path(dir.toString());
    // Each version removed the files of the one before: version 1 200 hours ago, past the
    // 168-hour retention; version 2 100 hours ago and version 3 an hour ago, within it. Every data
    // file is 300 hours old, so only the time of removal tells them apart.
    List<Set<Path>> versions = agedVersions(path, 300, 200, 100, 1);
    Set<Path> version0 = versions.get(0);
    Set<Path> version1 = versions.get(1);
    Set<Path> version2 = versions.get(2);
    Set<Path> version3 = versions.get(3);

    CliRun run = CliRun.of("maintain", "--warehouse", dir.toString());

    assertThat(run.code()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        .contains("vacuumed score_snapshots")
        .contains("168 hours")
        // Delta's own "Deleted N files ..." line named no table; the count is in credence's line.
        .containsPattern("files and folders deleted: score_snapshots [1-9]")
        .doesNotContain("Deleted ");
    assertThat(version0).as("removed 200 hours ago").isNotEmpty().noneMatch(Files::exists);
    assertThat(version1).as("removed 100 hours ago").isNotEmpty().allMatch(Files::exists);
    assertThat(version2).as("removed an hour ago").isNotEmpty().allMatch(Files::exists);
    assertThat(version3).as("current").isNotEmpty().allMatch(Files::exists);
    // time travel works to a version committed within the retention (version 2, 100 hours ago)
    assertThat(spark().read().format("delta").option("versionAsOf", 2).load(path).count())
        .isEqualTo(2);
    assertThat(spark().read().format("delta").load(path).count()).isEqualTo(1);
  }

  @Test
  void aLongerRetentionKeepsWhatTheDefaultWouldDeleteAndTimeTravelReachesIt() throws IOException {
    // Delta 4 ignores VACUUM's retention argument and keeps the table's own property, 7 days by
    // default: --retention-hours 250 deleted the files removed 200 hours ago all the same.
    String path = Table.SCORE_SNAPSHOTS.path(dir.toString());
    List<Set<Path>> versions = agedVersions(path, 300, 200, 1);
    Set<Path> version0 = versions.get(0);
    Set<Path> version1 = versions.get(1);

    CliRun run = CliRun.of("maintain", "--warehouse", dir.toString(), "--retention-hours", "250");

    assertThat(run.code()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("keeping 250 hours of history");
    assertThat(version0).as("removed 200 hours ago").isNotEmpty().allMatch(Files::exists);
    assertThat(version1).as("removed an hour ago").isNotEmpty().allMatch(Files::exists);
    assertThat(io.credence.publish.PersonTables.properties(spark(), path))
        .containsEntry("delta.deletedFileRetentionDuration", "interval 250 hours")
        .containsEntry("delta.logRetentionDuration", "interval 720 hours");
    // time travel works to the version committed 200 hours ago, inside the 250 hours
    assertThat(spark().read().format("delta").option("versionAsOf", 1).load(path).count())
        .isEqualTo(2);
    assertThat(Path.of(dir.toString(), "_credence.lock")).as("the lock is released").doesNotExist();
  }

  @Test
  void scoresCurrentKeepsItsSevenDayLogWhateverTheRetention() {
    // Its log names persons as files' first and last ids: maintain set it to 30 days for good.
    String path = Table.SCORES_CURRENT.path(dir.toString());
    spark()
        .range(3)
        .write()
        .format("delta")
        .option("delta.logRetentionDuration", "interval 7 days")
        .save(path);

    for (String hours : List.of("168", "250")) {
      CliRun run = CliRun.of("maintain", "--warehouse", dir.toString(), "--retention-hours", hours);

      assertThat(run.code()).as(run.stderr()).isZero();
      assertThat(io.credence.publish.PersonTables.properties(spark(), path))
          .containsEntry("delta.deletedFileRetentionDuration", "interval 168 hours")
          .containsEntry("delta.logRetentionDuration", "interval 7 days");
    }
  }

  /**
   * Writes one version of the table per entry of {@code hoursAgo}, each replacing the rows before,
   * then dates commit i back by {@code hoursAgo[i]} hours and every data file by the first. Returns
   * each version's data files, listed before the aging (time travel past the retention is refused).
   */
  private static List<Set<Path>> agedVersions(String path, long... hoursAgo) throws IOException {
    List<Set<Path>> files = new ArrayList<>();
    for (int v = 0; v < hoursAgo.length; v++) {
      spark().range(hoursAgo.length - v).write().format("delta").mode("overwrite").save(path);
    }
    for (int v = 0; v < hoursAgo.length; v++) {
      files.add(filesOf(path, v));
    }
    Instant now = Instant.now();
    for (int v = 0; v < hoursAgo.length; v++) {
      age(path, v, now.minus(Duration.ofHours(hoursAgo[v])));
    }
    for (Path file : dataFiles(path)) {
      Files.setLastModifiedTime(file, FileTime.from(now.minus(Duration.ofHours(hoursAgo[0]))));
    }
    DeltaLog.clearCache(); // the session caches the log as it was before it was aged
    return files;
  }

  /** The data files of version {@code version} of the table, as its log lists them. */
  private static Set<Path> filesOf(String table, long version) {
    String[] files =
        spark().read().format("delta").option("versionAsOf", version).load(table).inputFiles();
    return Arrays.stream(files).map(f -> Path.of(URI.create(f))).collect(toSet());
  }

  /** Every Parquet file in the table's folder, in its log or not. */
  private static Set<Path> dataFiles(String table) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(table))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).collect(toSet());
    }
  }

  /**
   * Dates commit {@code version} back to {@code when}: its commit timestamp, the removal time of
   * the files it removed, and the log file's modification time.
   */
  private static void age(String table, long version, Instant when) throws IOException {
    Path log = Path.of(table, "_delta_log");
    Path commit = log.resolve(String.format("%020d.json", version));
    String json = Files.readString(commit);
    String aged =
        json.replaceAll(
                "\"deletionTimestamp\":\\d+", "\"deletionTimestamp\":" + when.toEpochMilli())
            .replaceAll("\"timestamp\":\\d+", "\"timestamp\":" + when.toEpochMilli());
    assertThat(aged).isNotEqualTo(json);
    Files.writeString(commit, aged);
    // Hadoop's local file system checks a file against its hidden .crc sidecar, now stale
    Files.deleteIfExists(log.resolve("." + commit.getFileName() + ".crc"));
    Files.setLastModifiedTime(commit, FileTime.from(when));
  }

  @Test
  void refusesRetentionUnderSevenDays() {
    tableWithTwoVersions();

    CliRun run = CliRun.of("maintain", "--warehouse", dir.toString(), "--retention-hours", "24");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("maintenance.retention_hours")
        .contains("'24'")
        .contains("168");
  }

  @Test
  void refusesAnEmptyWarehouse() {
    CliRun run = CliRun.of("maintain", "--warehouse", dir.resolve("nothing").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.stderr()).contains("no credence tables under");
  }
}
