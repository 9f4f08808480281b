package io.credence.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.run.DatasetCount;
import io.credence.run.RunOutcome;
import io.credence.run.StageTiming;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordTest extends SparkTestBase {
  @TempDir Path dir;

  private static RunOutcome failed(String runId) {
    return RunOutcome.failed(
        runId, LocalDate.of(2026, 10, 31), Instant.EPOCH, "FAILED: boom", "expert-v1", "abc");
  }

  @Test
  void appendAddsStageTimingsToARunsTableWrittenBeforeTheColumnExisted() {
    String wh = dir.toString();
    RunRecord.toDataFrame(spark(), failed("old"))
        .drop("stage_timings")
        .write()
        .format("delta")
        .save(Table.RUNS.path(wh));
    DeltaWriter.append(Table.RUNS, wh, RunRecord.toDataFrame(spark(), failed("new")));
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

  @Test
  void writesEveryFieldByNameAndReadsTheSameOutcomeBack() {
    Map<String, DatasetCount> counts = new LinkedHashMap<>();
    counts.put("persons", new DatasetCount(71, 70, 1));
    counts.put("payments", new DatasetCount(300, 290, 10));
    RunOutcome written =
        RunOutcome.builder(
                "run-1", LocalDate.of(2026, 10, 31), Instant.parse("2026-11-01T01:00:00Z"))
            .finishedAt(Instant.parse("2026-11-01T01:02:03.123456789Z"))
            .status(RunOutcome.Status.PUBLISHED)
            .forced()
            .message("FORCED past blocking gates: psi")
            .scorecardId("expert-v1")
            .configHash("abc")
            .datasetCounts(counts)
            .persons(70L, 60L)
            .scores(612.5, 410, 890)
            .previous(LocalDate.of(2026, 9, 30), 0.31)
            .gates(
                List.of(
                    new GateResult("score_psi", 0.31, 0.1, 0.25, GateResult.Outcome.BLOCK),
                    new GateResult(
                        "population_change", null, null, 0.5, GateResult.Outcome.SKIPPED)))
            .timings(List.of(new StageTiming("score", 70, 1.5), new StageTiming("publish", -1, 2)))
            .build();
    Row row = RunRecord.toDataFrame(spark(), written).first();
    assertThat(row.<Long>getAs("persons_unscorable")).isEqualTo(10L);
    assertThat(row.<String>getAs("status")).isEqualTo("PUBLISHED");
    assertThat(written.finishedAt()).isEqualTo(Instant.parse("2026-11-01T01:02:03.123456Z"));
    assertThat(RunRecord.outcome(row)).isEqualTo(written);
  }
}
