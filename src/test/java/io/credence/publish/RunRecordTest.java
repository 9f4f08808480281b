package io.credence.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordTest extends SparkTestBase {
  @TempDir Path dir;

  private static RunRecord failed(String runId) {
    return RunRecord.failed(
        runId, LocalDate.of(2026, 10, 31), Instant.EPOCH, "FAILED: boom", "expert-v1", "abc");
  }

  @Test
  void appendAddsStageTimingsToARunsTableWrittenBeforeTheColumnExisted() {
    String wh = dir.toString();
    failed("old")
        .toDataFrame(spark())
        .drop("stage_timings")
        .write()
        .format("delta")
        .save(Table.RUNS.path(wh));
    DeltaWriter.append(Table.RUNS, wh, failed("new").toDataFrame(spark()));
    List<Row> rows =
        spark()
            .read()
            .format("delta")
            .load(Table.RUNS.path(wh))
            .selectExpr("run_id", "stage_timings IS NULL")
            .orderBy("run_id")
            .collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getString(0)).isEqualTo("new");
    assertThat(rows.get(0).getBoolean(1)).isFalse();
    assertThat(rows.get(1).getString(0)).isEqualTo("old");
    assertThat(rows.get(1).getBoolean(1)).isTrue();
  }
}
