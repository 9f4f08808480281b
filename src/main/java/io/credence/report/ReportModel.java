package io.credence.report;

import io.credence.error.ErrorText;
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
 * @param laterRun the last run of the same date that finished after this one and did not publish,
 *     or null: always on the page the run writes, and on a rebuilt page while no run followed
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
    long erasuresSince,
    LaterRun laterRun) {

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

  /**
   * What a page rebuilt after a later run of its date that did not publish says, or null when no
   * run followed: that run's id, status and message, and that the snapshot shown is still this
   * run's, so a reader does not take the page for the date's last run.
   */
  public String laterRunNote() {
    if (laterRun == null) {
      return null;
    }
    return "A later run of "
        + snapshotDate
        + " did not publish: "
        + laterRun.runId()
        + " was "
        + laterRun.status()
        + " ("
        + ErrorText.firstLine(laterRun.message())
        + ")"
        + (laterRun.runsSince() > 1
            ? ", the last of " + laterRun.runsSince() + " runs of the date since this one"
            : "")
        + ". The snapshot and figures below are still those run "
        + run.runId()
        + " published.";
  }

  /**
   * The last run of the page's date that finished after the page's run (so it did not publish), as
   * the runs table records it, and how many runs of the date finished after the page's run.
   */
  public record LaterRun(String runId, String status, String message, long runsSince) {}

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
