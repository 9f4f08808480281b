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
import java.util.Arrays;
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
    for (long rows = 4; rows > 0; rows--) { // versions 0 to 3, each replacing the rows before
      spark().range(rows).write().format("delta").mode("overwrite").save(path);
    }
    Set<Path> version0 = filesOf(path, 0);
    Set<Path> version1 = filesOf(path, 1);
    Set<Path> version2 = filesOf(path, 2);
    Set<Path> version3 = filesOf(path, 3);
    // Each version removed the files of the one before: version 1 200 hours ago, past the
    // 168-hour retention; version 2 100 hours ago and version 3 an hour ago, within it. Every data
    // file is 300 hours old, so only the time of removal tells them apart.
    Instant now = Instant.now();
    age(path, 0, now.minus(Duration.ofHours(300)));
    age(path, 1, now.minus(Duration.ofHours(200)));
    age(path, 2, now.minus(Duration.ofHours(100)));
    age(path, 3, now.minus(Duration.ofHours(1)));
    for (Path file : dataFiles(path)) {
      Files.setLastModifiedTime(file, FileTime.from(now.minus(Duration.ofHours(300))));
    }
    DeltaLog.clearCache(); // the session caches the log as it was before it was aged

    CliRun run = CliRun.of("maintain", "--warehouse", dir.toString());

    assertThat(run.code()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("vacuumed score_snapshots").contains("168 hours");
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
    for (long rows = 3; rows > 0; rows--) { // versions 0 to 2
      spark().range(rows).write().format("delta").mode("overwrite").save(path);
    }
    Set<Path> version0 = filesOf(path, 0);
    Set<Path> version1 = filesOf(path, 1);
    Instant now = Instant.now();
    age(path, 0, now.minus(Duration.ofHours(300)));
    age(path, 1, now.minus(Duration.ofHours(200)));
    age(path, 2, now.minus(Duration.ofHours(1)));
    for (Path file : dataFiles(path)) {
      Files.setLastModifiedTime(file, FileTime.from(now.minus(Duration.ofHours(300))));
    }
    DeltaLog.clearCache();

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
