package io.credence.run;

import io.credence.publish.GateResult;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a nightly run did, for the command's summary and the tests.
 *
 * @param runId the run's id, also in every row it wrote
 * @param snapshotDate the as-of date scored
 * @param status PUBLISHED or BLOCKED
 * @param forced whether gates were overridden with --force
 * @param quarantined per dataset, rows quarantined per reason
 * @param datasetCounts per dataset: read, accepted, quarantined
 * @param tiers persons per tier
 * @param unscorable persons per unscorable reason
 * @param scoreMean mean score of scored persons (null when none)
 * @param psi PSI against the previous published snapshot (null when none)
 * @param gates every gate's result
 * @param timings stage timings
 * @param reportPath the run report written, or null (blocked, or it could not be written)
 */
public record RunSummary(
    String runId,
    LocalDate snapshotDate,
    String status,
    boolean forced,
    Map<String, Map<String, Long>> quarantined,
    Map<String, DatasetCount> datasetCounts,
    Map<String, Long> tiers,
    Map<String, Long> unscorable,
    Double scoreMean,
    Double psi,
    List<GateResult> gates,
    List<Progress.StageTiming> timings,
    String reportPath) {

  /** Rows read, accepted and quarantined for one dataset. */
  public record DatasetCount(long read, long accepted, long quarantined) {}

  /** Persons in the snapshot. */
  public long persons() {
    return tiers.values().stream().mapToLong(Long::longValue).sum()
        + unscorable.values().stream().mapToLong(Long::longValue).sum();
  }
}
