package io.credence.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.publish.GateResult;
import io.credence.run.DatasetCount;
import io.credence.run.RunOutcome;
import io.credence.run.StageTiming;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static ReportModel model(String reasonText, List<ReportModel.Group> groups) {
    return model(reasonText, groups, 0);
  }

  private static ReportModel model(
      String reasonText, List<ReportModel.Group> groups, long erasuresSince) {
    return model(reasonText, groups, erasuresSince, null);
  }

  private static ReportModel model(
      String reasonText,
      List<ReportModel.Group> groups,
      long erasuresSince,
      ReportModel.LaterRun laterRun) {
    Map<String, Long> tiers = new LinkedHashMap<>();
    tiers.put("standard", 40L);
    tiers.put("premium", 20L);
    long[] bands = new long[12];
    bands[3] = 40;
    bands[9] = 20;
    RunOutcome run =
        RunOutcome.builder("run-1", LocalDate.of(2026, 10, 31), Instant.EPOCH)
            .status(RunOutcome.Status.PUBLISHED)
            .message("all gates passed")
            .scorecardId("expert-v1")
            .finishedAt(Instant.parse("2026-11-01T02:00:00Z"))
            .persons(70L, 60L)
            .scores(612.5, null, null)
            .datasetCounts(Map.of("persons", new DatasetCount(71, 70, 1)))
            .gates(
                List.of(new GateResult("score_psi", null, 0.1, 0.25, GateResult.Outcome.SKIPPED)))
            .timings(List.of(new StageTiming("score", 70, 1.5)))
            .build();
    return new ReportModel(
        LocalDate.of(2026, 10, 31),
        run,
        bands,
        null,
        null,
        tiers,
        Map.of("thin_file", 10L),
        List.of(new ReportModel.ReasonCount("P01", reasonText, 30)),
        List.of(new ReportModel.QuarantineCount("persons", "missing_id", 1)),
        groups,
        10,
        erasuresSince,
        laterRun);
  }

  @Test
  void saysAboveTheFiguresThatALaterRunOfTheDateDidNotPublish() {
    ReportModel.LaterRun blocked =
        new ReportModel.LaterRun(
            "run-2", "BLOCKED", "score_psi 0.4 > 0.25 <blocked>\nsecond line", 1);
    String html = HtmlReport.render(model("text", List.of(), 2, blocked));
    assertThat(html)
        .contains(
            "A later run of 2026-10-31 did not publish: run-2 was BLOCKED (score_psi 0.4 &gt; 0.25"
                + " &lt;blocked&gt;). The snapshot and figures below are still those run run-1"
                + " published.")
        .doesNotContain("second line");
    assertThat(html.indexOf("id=\"later-run\"")).isLessThan(html.indexOf("id=\"erasures\""));
    assertThat(html.indexOf("id=\"erasures\"")).isLessThan(html.indexOf("class=\"cards\""));
    ReportModel.LaterRun many = new ReportModel.LaterRun("run-4", "FAILED", "FAILED: boom", 3);
    assertThat(HtmlReport.render(model("text", List.of(), 0, many)))
        .contains(
            "run-4 was FAILED (FAILED: boom), the last of 3 runs of the date since this one.");
    assertThat(HtmlReport.render(model("text", List.of()))).doesNotContain("later-run");
  }

  @Test
  void saysAboveTheFiguresThatErasuresSinceTheRunLeftTheTablesShort() {
    String html = HtmlReport.render(model("text", List.of(), 2));
    assertThat(html).contains("Rebuilt after 2 erasure(s) made since this run");
    assertThat(html.indexOf("id=\"erasures\"")).isLessThan(html.indexOf("class=\"cards\""));
    assertThat(HtmlReport.render(model("text", List.of()))).doesNotContain("erasure");
  }

  @Test
  void escapesEveryStringFromTheTables() {
    String html =
        HtmlReport.render(model("late <script>alert('x')</script> & \"more\"", List.of()));
    assertThat(html)
        .doesNotContain("<script")
        .contains("late &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;");
  }

  @Test
  void showsGroupsSmallerThanTheMinimumWithoutFigures() {
    String html =
        HtmlReport.render(
            model(
                "text",
                List.of(
                    new ReportModel.Group(
                        "region", "big", 50, 45, 640.25, Map.of("standard", 30L, "premium", 15L)),
                    new ReportModel.Group("region", "tiny", 9, 9, 901.0, Map.of("premium", 9L)))));
    assertThat(html).contains("big", "640.3", "tiny", "&lt; 10", "suppressed");
    assertThat(html).doesNotContain("901.0");
    assertThat(html.split("tier shares tiny", -1)).hasSize(1);
  }

  @Test
  void drawsABarPerBandAndNoComparisonOnTheFirstSnapshot() {
    String html = HtmlReport.render(model("text", List.of()));
    String chart = html.substring(html.indexOf("id=\"distribution\""), html.indexOf("</figure>"));
    assertThat(chart.split("class=\"bar\"", -1)).hasSize(13);
    assertThat(chart).contains("no earlier published snapshot").doesNotContain("previous ");
    assertThat(html).contains("No monitoring aggregates were recorded");
  }
}
