package io.credence.cli;

import io.credence.publish.GateResult;
import io.credence.run.RunOutcome;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a run's summary for the operator: tiers, unscorable, quarantine, gates, timings. */
final class SummaryPrinter {
  private SummaryPrinter() {}

  static void print(RunOutcome s, String warehouse, PrintWriter out) {
    long persons = s.persons();
    out.printf(
        Locale.ROOT,
        "credence score %s: %s%s (run %s)%n%n",
        s.snapshotDate(),
        s.status(),
        s.forced() ? " (FORCED past a blocking gate)" : "",
        s.runId());
    out.printf(Locale.ROOT, "persons %,d%n", persons);
    s.tiers().entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(t -> row(out, "  tier " + t.getKey(), t.getValue(), persons));
    s.unscorable().forEach((reason, n) -> row(out, "  unscorable: " + reason, n, persons));
    out.printf(
        Locale.ROOT,
        "score mean %s, PSI against previous snapshot %s%n%n",
        s.scoreMean() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", s.scoreMean()),
        s.psi() == null
            ? "n/a (no earlier snapshot)"
            : String.format(Locale.ROOT, "%.4f", s.psi()));
    out.printf(
        Locale.ROOT,
        "%-16s %12s %12s %12s  %s%n",
        "input",
        "read",
        "accepted",
        "quarantined",
        "reasons");
    s.datasetCounts()
        .forEach(
            (dataset, c) ->
                out.printf(
                    Locale.ROOT,
                    "%-16s %,12d %,12d %,12d  %s%n",
                    dataset,
                    c.read(),
                    c.accepted(),
                    c.quarantined(),
                    reasons(s.quarantined().get(dataset))));
    out.println();
    out.println("gates:");
    for (GateResult g : s.gates()) {
      out.println("  " + g.describe());
    }
    out.println();
    out.print("stages:");
    s.timings().forEach(t -> out.printf(Locale.ROOT, " %s %.1fs;", t.stage(), t.seconds()));
    if (s.status() == RunOutcome.Status.BLOCKED) {
      out.printf(
          Locale.ROOT,
          "%n%nnothing published; the run's quarantine rows and its runs row are under %s%n",
          warehouse);
    } else {
      out.printf(
          Locale.ROOT,
          "%n%ntables under %s: features, score_snapshots, scores_current, quarantine, runs,"
              + " monitoring%n",
          warehouse);
    }
    if (s.status() == RunOutcome.Status.PUBLISHED) {
      out.println(
          s.reportPath() != null
              ? "report: " + s.reportPath()
              : "report: not written (see the log); rewrite it with `credence report --date "
                  + s.snapshotDate()
                  + "`");
    }
    out.flush();
  }

  private static void row(PrintWriter out, String label, long n, long total) {
    out.printf(
        Locale.ROOT, "%-28s %,10d  %5.1f%%%n", label, n, total == 0 ? 0.0 : 100.0 * n / total);
  }

  private static String reasons(Map<String, Long> byReason) {
    if (byReason == null || byReason.isEmpty()) {
      return "-";
    }
    return byReason.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
