package io.credence.lookup;

import java.time.LocalDate;
import java.util.List;

/**
 * One row of scores_current or score_snapshots as the lookup reader returns it.
 *
 * @param personId the stored id (the pseudonym in a pseudonymized warehouse)
 * @param snapshotDate the as-of date of the snapshot the row belongs to
 * @param score null when the person is unscorable
 * @param tier null when the person is unscorable
 * @param status {@code scored} or {@code unscorable}
 * @param unscorableReason {@code thin_file}, {@code inactive}, or null when scored
 * @param reasons the adverse reasons, most points lost first
 * @param scorecardId the scorecard that scored the row
 * @param runId the run that published the row
 */
public record ScoreRecord(
    String personId,
    LocalDate snapshotDate,
    Integer score,
    String tier,
    String status,
    String unscorableReason,
    List<Reason> reasons,
    String scorecardId,
    String runId) {

  public ScoreRecord {
    reasons = List.copyOf(reasons);
  }

  /**
   * One reason the score is not higher.
   *
   * @param code the scorecard's reason code
   * @param feature the feature the reason is about
   * @param pointsLost points lost against the feature's best bin (positive)
   * @param text the plain-language text shown to the person
   */
  public record Reason(String code, String feature, double pointsLost, String text) {}
}
