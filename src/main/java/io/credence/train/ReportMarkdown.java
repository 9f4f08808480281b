package io.credence.train;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders a {@link TrainingReport} as a readable Markdown model report with its tables. */
public final class ReportMarkdown {
  private ReportMarkdown() {}

  /** How the report names a categorical feature's catch-all bin; categories are quoted. */
  public static final String ANY_OTHER = "(any other category)";

  /** The whole report. */
  public static String render(TrainingReport r) {
    StringBuilder md = new StringBuilder();
    md.append("# Scorecard ").append(r.scorecardId()).append("\n\n");
    sample(md, r.sample());
    md.append(
        f(
            "Scaling: %.0f points at odds %.0f:1, %.0f points to double the odds: factor %.4f,"
                + " offset %.3f; intercept %.6f, base points %.3f.%n%n",
            r.config().scaling().anchorScore(),
            r.config().scaling().anchorOdds(),
            r.config().scaling().pdo(),
            r.factor(),
            r.offset(),
            r.intercept(),
            r.basePoints()));
    md.append(
        "## Metrics\n\n| population | rows | bad rate | AUC | Gini | KS |\n|---|---|---|---|---|---|\n");
    metricsRow(md, "train", r.train());
    metricsRow(md, "holdout", r.holdout());
    md.append(f("%nPSI of scores, train vs holdout: %.4f%n%n", r.psi()));
    features(md, r);
    if (r.proxies() != null) {
      proxies(md, r.proxies());
    }
    bands(md, "train", r.train());
    bands(md, "holdout", r.holdout());
    return md.toString();
  }

  private static void sample(StringBuilder md, TrainingReport.Sample s) {
    if (s.observationDates().isEmpty()) {
      md.append(f("Trained on table %s; label: %s.%n%n", s.source(), s.label()));
    } else {
      md.append(
          f(
              "Trained from the inputs as of %s (latest date in the inputs: %s); label: %s.%n%n",
              s.dataAsOf(), s.latestInputDate(), s.label()));
      md.append("| observation date | outcomes to | rows | bads |\n|---|---|---|---|\n");
      for (TrainingReport.DateRows d : s.observationDates()) {
        md.append(
            f("| %s | %s | %d | %d |%n", d.date(), Labels.windowEnd(d.date()), d.rows(), d.bads()));
      }
      md.append('\n');
    }
    md.append("Holdout: ").append(s.holdout()).append(".\n\n");
  }

  private static void metricsRow(StringBuilder md, String name, Evaluation.Metrics m) {
    md.append(
        f(
            "| %s | %d | %.4f | %.4f | %.4f | %.4f |%n",
            name, m.rows(), m.badRate(), m.auc(), m.gini(), m.ks()));
  }

  private static void features(StringBuilder md, TrainingReport r) {
    md.append(
        "## Features\n\n| feature | IV | coefficient | bins (upper or categories: WoE) | missing WoE |\n");
    md.append("|---|---|---|---|---|\n");
    for (TrainingReport.KeptFeature k : r.kept()) {
      StringBuilder bins = new StringBuilder();
      for (int i = 0; i < k.bins().cells().size(); i++) {
        bins.append(i == 0 ? "" : ", ")
            .append(binName(k.bins(), i))
            .append(f(": %.3f", k.bins().woe().get(i)));
      }
      md.append(
          f(
              "| %s | %.4f | %.4f | %s | %.3f |%n",
              k.feature(), k.iv(), k.coefficient(), bins, k.bins().missingWoe()));
    }
    md.append("\nDropped (IV under ").append(r.config().binning().minIv()).append("):\n\n");
    md.append("| feature | IV |\n|---|---|\n");
    for (TrainingReport.DroppedFeature d : r.dropped()) {
      md.append(f("| %s | %.4f |%n", d.feature(), d.iv()));
    }
    md.append('\n');
  }

  private static void proxies(StringBuilder md, TrainingReport.Proxies p) {
    md.append("## Protected attributes and likely proxies\n\n");
    if (!p.allowed().isEmpty()) {
      md.append("**Warning: likely proxies kept by --allow-proxy.** Check that each is a lawful");
      md.append(" and legitimate predictor before using this scorecard.\n\n");
      md.append("| feature | why it was flagged |\n|---|---|\n");
      p.allowed().forEach(a -> md.append(f("| %s | %s |%n", a.feature(), a.reason())));
      md.append('\n');
    }
    if (p.protectedColumns().isEmpty()) {
      md.append("The table has no protected column (no column with a protected name, none");
      md.append(" declared with --protected), so only names were checked.\n\n");
      return;
    }
    md.append(
        f(
            "Each kept feature's strongest association with the protected columns %s"
                + " (bias-corrected Cramér's V of its bins; above %s is a likely proxy):%n%n",
            p.protectedColumns(), p.maxAssociation()));
    md.append("| feature | protected column | Cramér's V |\n|---|---|---|\n");
    p.associations()
        .forEach(
            a ->
                md.append(
                    f("| %s | %s | %.3f |%n", a.feature(), a.protectedColumn(), a.cramersV())));
    md.append('\n');
  }

  private static void bands(StringBuilder md, String name, Evaluation.Metrics m) {
    md.append("## Score bands, ").append(name).append("\n\n");
    md.append("| band | persons | bads | bad rate | predicted bad rate |\n|---|---|---|---|---|\n");
    for (Evaluation.Band b : m.bands()) {
      md.append(
          f(
              "| %d–%d | %d | %d | %.4f | %.4f |%n",
              b.from(), b.to(), b.persons(), b.bads(), b.badRate(), b.predictedBadRate()));
    }
    md.append('\n');
  }

  /** The name of bin i: an upper bound, quoted categories, or the catch-all "(any other)". */
  static String binName(FeatureBins b, int i) {
    if (b.categorical()) {
      List<String> values = b.categories().get(i);
      return values.isEmpty()
          ? ANY_OTHER
          : values.stream().map(ReportMarkdown::quoted).collect(Collectors.joining(" or "));
    }
    Double upper = b.cells().get(i).upper();
    return upper == null ? "rest" : f("<%s", trim(upper));
  }

  /** A category in double quotes, with a table cell's pipes and the quotes escaped. */
  private static String quoted(String category) {
    return '"' + category.replace("\\", "\\\\").replace("\"", "\\\"").replace("|", "\\|") + '"';
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
