package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.SparkTestBase;
import io.credence.publish.Table;
import java.nio.file.Path;
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
  void vacuumsWithDefaultRetentionAndKeepsTimeTravel() {
    String path = tableWithTwoVersions();

    CliRun run = CliRun.of("maintain", "--warehouse", dir.toString());

    assertThat(run.code()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("vacuumed score_snapshots").contains("168 hours");
    assertThat(spark().read().format("delta").option("versionAsOf", 0).load(path).count())
        .isEqualTo(3);
    assertThat(spark().read().format("delta").load(path).count()).isEqualTo(2);
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
