package io.credence.report;

import io.credence.run.RunOutcome;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything the run report shows about one published snapshot: aggregates only, assembled from the
 * warehouse tables, so the report can be rebuilt at any time without the inputs.
 *
 * @param snapshotDate the as-of date of the snapshot
 * @param run the run that published it, as the runs table records it
 * @param bands persons per 50-point score band from 350 (12 bands)
 * @param previousDate the previous published snapshot's date, or null on the first one
 * @param previousBands its bands, or null on the first snapshot
 * @param tiers persons per tier, lowest tier first
 * @param unscorable persons per unscorable reason
 * @param topReasons the most frequent reason codes, most frequent first
 * @param quarantine quarantined rows per dataset and reason
 * @param groups fairness monitoring groups, per dimension in table order
 * @param minGroupSize groups with fewer persons are shown without figures
 * @param erasuresSince erasures the erasures table records after the run finished: 0 on the page
 *     the run writes, and on a page rebuilt from the tables while no one has been erased since
 */
public record ReportModel(
    LocalDate snapshotDate,
    RunOutcome run,
    long[] bands,
    LocalDate previousDate,
    long[] previousBands,
    Map<String, Long> tiers,
    Map<String, Long> unscorable,
    List<ReasonCount> topReasons,
    List<QuarantineCount> quarantine,
    List<Group> groups,
    int minGroupSize,
    long erasuresSince) {

  /**
   * What a page rebuilt after erasures says about its figures, or null when there were none: the
   * run's own counts stay as it measured them, while the figures read from the person tables no
   * longer hold the erased persons' rows.
   */
  public String erasureNote() {
    if (erasuresSince == 0) {
      return null;
    }
    return "Rebuilt after "
        + erasuresSince
        + " erasure(s) made since this run: the run's recorded counts (persons, scored,"
        + " unscorable, mean score, rows read, accepted and quarantined) are as it measured them;"
        + " the score distribution, tier, reason-code and quarantine-reason figures below come"
        + " from the tables, which no longer hold the erased persons' rows, so they may sum to"
        + " fewer.";
  }

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
