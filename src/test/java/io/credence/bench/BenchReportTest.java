package io.credence.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.run.StageTiming;
import io.credence.schema.InputDataset;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Medians, ratios and target checks of the benchmark, from hand-made repetitions. */
class BenchReportTest {

  private static Benchmark.Rep rep(double floor, double score, double quarantine, double report) {
    return new Benchmark.Rep(
        1000,
        floor,
        0,
        floor * 2,
        score,
        0,
        300L << 20,
        new ShuffleBytes.Counts(5000, 50),
        10,
        List.of(
            new StageTiming("validate payments", 900, score - quarantine - report - 4),
            new StageTiming("score", 10, 1),
            new StageTiming("write quarantine", 5, quarantine),
            new StageTiming("write features", -1, 1),
            new StageTiming("write score_snapshots", -1, 1),
            new StageTiming("write scores_current", -1, 1),
            new StageTiming("write monitoring", -1, 7),
            new StageTiming("publish", -1, quarantine + 3),
            new StageTiming("write report", -1, report)),
        new OutputWrites.Result(25, 2.0, 2.5));
  }

  @SuppressWarnings("unchecked")
  @Test
  void reportsMediansRatiosAndTheWritesOfThePublishedRowsOnly() {
    Benchmark bench = new Benchmark();
    bench.asOf = LocalDate.of(2026, 10, 31);
    bench.input = "in";
    bench.loadBefore = "0.1";
    bench.shufflePartitionsUsed = 8;
    Map<String, Object> r =
        BenchReport.build(
            bench,
            Map.of(InputDataset.PAYMENTS, List.of("person_id")),
            List.of(rep(10, 50, 3, 9), rep(12, 70, 5, 9), rep(11, 60, 4, 9)),
            new PointLookup.Result(1, 3, 1, 0.2));

    Map<String, Object> score = (Map<String, Object>) r.get("score");
    assertThat(score.get("median_seconds")).isEqualTo(60.0);
    assertThat(score.get("ratio_to_floor")).isEqualTo(5.455); // 60 / 11
    assertThat(r.get("score_to_shuffle_floor")).isEqualTo(2.727); // 60 / 22
    Map<String, Object> writes = (Map<String, Object>) r.get("writes");
    // the publish stage: the parallel writes' wall time (median 4 + 3), not the report
    assertThat(writes.get("job_delta_seconds")).isEqualTo(7.0);
    assertThat(writes.get("ratio_to_parquet")).isEqualTo(3.5);
    assertThat(r.get("plain_delta_to_parquet")).isEqualTo(1.25);
    List<Map<String, Object>> targets = (List<Map<String, Object>>) r.get("targets");
    assertThat(targets.get(0))
        .containsEntry("target", "score / floor")
        .containsEntry("pass", false);
    assertThat(targets.get(1)).containsEntry("pass", true); // scoring 1 s of 60
    assertThat(r.get("peak_live_heap_mb")).isEqualTo(300L);
    assertThat((Map<String, Object>) r.get("score_shuffle"))
        .containsEntry("bytes_per_input_row", 5.0);
    BenchReport.addScaling(r, Map.of("persons", 1, "score", Map.of("median_seconds", 6.0)));
    assertThat(targets.get(targets.size() - 1))
        .containsEntry("measured", 10.0) // 60 s for 10 times the persons, against 6 s
        .containsEntry("limit", 11.0)
        .containsEntry("pass", true);
    assertThat(BenchReport.table(r))
        .contains("8 shuffle partitions")
        .contains("FAIL score / floor");
  }
}
