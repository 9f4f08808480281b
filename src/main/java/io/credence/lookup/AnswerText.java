package io.credence.lookup;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints a lookup's answer for a person at a terminal: score, tier, reasons, recent snapshots. */
public final class AnswerText {
  private AnswerText() {}

  /** Writes {@code answer} to {@code out}. */
  public static void print(PersonLookup.Answer answer, PrintWriter out) {
    ScoreRecord r = answer.current();
    out.printf(
        Locale.ROOT,
        "snapshot %s (scorecard %s, run %s)%n", // never the raw id: stdout may go to a log
        r.snapshotDate(),
        r.scorecardId(),
        r.runId());
    answer.note().ifPresent(note -> out.println("note: " + note));
    printScore(r, out);
    if (!answer.history().isEmpty()) { // --history 0 asks for none
      out.println("recent snapshots:");
    }
    for (ScoreRecord p : answer.history()) {
      out.printf(
          Locale.ROOT,
          "  %s  %5s  %-13s %s%n",
          p.snapshotDate(),
          p.score() == null ? "-" : p.score(),
          p.tier() == null ? "-" : p.tier(),
          p.status());
    }
  }

  private static void printScore(ScoreRecord r, PrintWriter out) {
    if (r.score() == null) {
      out.printf(
          Locale.ROOT,
          "not scored: %s (%s)%n",
          r.unscorableReason(),
          explainUnscorable(r.unscorableReason()));
      return;
    }
    out.printf(Locale.ROOT, "score %d, tier %s%n", r.score(), r.tier());
    if (r.reasons().isEmpty()) {
      out.println("no adverse reasons: every feature is in its best bin");
      return;
    }
    out.println("main reasons the score is not higher:");
    for (ScoreRecord.Reason reason : r.reasons()) {
      out.printf(
          Locale.ROOT,
          "  %-5s %s (%.0f points)%n",
          reason.code(),
          reason.text(),
          -reason.pointsLost());
    }
  }

  /** Why a person is unscorable, in plain language. */
  public static String explainUnscorable(String reason) {
    return switch (String.valueOf(reason)) {
      case "thin_file" -> "too little history to score";
      case "inactive" -> "no record in the last 12 months";
      default -> "see the eligibility rules in docs/contract.md";
    };
  }
}
