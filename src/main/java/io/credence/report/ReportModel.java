package io.credence.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything the run report shows about one published snapshot: aggregates only, assembled from the
 * warehouse tables, so the report can be rebuilt at any time without the inputs.
 *
 * @param snapshotDate the as-of date of the snapshot
 * @param run what the runs table recorded for the run that published it
 * @param bands persons per 50-point score band from 350 (12 bands)
 * @param previousDate the previous published snapshot's date, or null on the first one
 * @param previousBands its bands, or null on the first snapshot
 * @param tiers persons per tier, lowest tier first
 * @param unscorable persons per unscorable reason
 * @param topReasons the most frequent reason codes, most frequent first
 * @param quarantine quarantined rows per dataset and reason
 * @param groups fairness monitoring groups, per dimension in table order
 * @param minGroupSize groups with fewer persons are shown without figures
 */
public record ReportModel(
    LocalDate snapshotDate,
    Run run,
    long[] bands,
    LocalDate previousDate,
    long[] previousBands,
    Map<String, Long> tiers,
    Map<String, Long> unscorable,
    List<ReasonCount> topReasons,
    List<QuarantineCount> quarantine,
    List<Group> groups,
    int minGroupSize) {

  /**
   * The run row's figures.
   *
   * @param persons persons in the snapshot, scored or not
   * @param stageTimings empty for runs recorded before timings were kept
   */
  public record Run(
      String runId,
      String status,
      boolean forced,
      String message,
      String scorecardId,
      Instant finishedAt,
      long persons,
      long scored,
      Double meanScore,
      Double psi,
      List<DatasetCount> datasetCounts,
      List<Gate> gates,
      List<Timing> stageTimings) {}

  /** Rows read, accepted and quarantined for one input dataset. */
  public record DatasetCount(String dataset, long read, long accepted, long quarantined) {}

  /** One quality gate as the run measured it; value and limits may be null. */
  public record Gate(String gate, Double value, Double warnAt, Double blockAt, String outcome) {}

  /** One stage's duration and the rows it handled (-1 when it has no count). */
  public record Timing(String stage, long rows, double seconds) {}

  /** Persons whose reasons include a code, with the code's text. */
  public record ReasonCount(String code, String text, long persons) {}

  /** Quarantined rows of one dataset for one reason. */
  public record QuarantineCount(String dataset, String reason, long rows) {}

  /** One fairness monitoring group, e.g. region "north" or age band "25-34". */
  public record Group(
      String dimension,
      String group,
      long persons,
      long scored,
      Double meanScore,
      Map<String, Long> tiers) {}
}
