package io.credence.report;

import static io.credence.report.Html.escape;

import io.credence.publish.GateResult;
import io.credence.run.DatasetCount;
import io.credence.run.RunOutcome;
import io.credence.run.StageTiming;
import io.credence.score.ScoreBands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link ReportModel} as one self-contained HTML page: inline CSS and SVG, no script,
 * nothing fetched from the network. Every string from the tables is escaped.
 */
public final class HtmlReport {
  private HtmlReport() {}

  private static final String TODAY = "#2b6cb0";
  private static final String PREVIOUS = "#a0aec0";
  private static final String[] TIER_COLORS = {
    "#c53030", "#dd6b20", "#d69e2e", "#38a169", "#2b6cb0", "#6b46c1", "#718096"
  };

  private static final String CSS =
      "body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:980px;color:#1a202c}"
          + "h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #e2e8f0}"
          + "table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;text-align:left;"
          + "border-bottom:1px solid #edf2f7}td.n,th.n{text-align:right}"
          + ".cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #e2e8f0;"
          + "border-radius:6px;padding:8px 14px}.card b{display:block;font-size:20px}"
          + "svg text{font:11px system-ui,sans-serif;fill:#2d3748}.muted{color:#718096}"
          + ".BLOCK{color:#c53030}.WARN{color:#b7791f}";

  /** The whole page. */
  public static String render(ReportModel m) {
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>credence run report ")
        .append(escape(m.snapshotDate()))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>\n");
    header(html, m);
    distribution(html, m);
    tiers(html, m);
    gates(html, m.run().gates());
    reasons(html, m);
    inputs(html, m);
    fairness(html, m);
    timings(html, m.run().timings());
    html.append("<p class=\"muted\">Aggregates only, from the warehouse tables; rebuild with ")
        .append("<code>credence report --date ")
        .append(escape(m.snapshotDate()))
        .append("</code>.</p>\n</body></html>\n");
    return html.toString();
  }

  private static void header(StringBuilder html, ReportModel m) {
    RunOutcome r = m.run();
    html.append("<h1>credence run report: snapshot ")
        .append(escape(m.snapshotDate()))
        .append("</h1>\n<p>Run <code>")
        .append(escape(r.runId()))
        .append("</code>, ")
        .append(escape(r.status()))
        .append(r.forced() ? " (FORCED past a blocking gate)" : "")
        .append(", scorecard <code>")
        .append(escape(r.scorecardId()))
        .append("</code>, finished ")
        .append(escape(r.finishedAt()))
        .append(".<br><span class=\"muted\">")
        .append(escape(r.message()))
        .append("</span></p>\n");
    if (m.laterRunNote() != null) {
      html.append("<p id=\"later-run\" class=\"WARN\"><b>")
          .append(escape(m.laterRunNote()))
          .append("</b></p>\n");
    }
    if (m.erasureNote() != null) {
      html.append("<p id=\"erasures\" class=\"WARN\"><b>")
          .append(escape(m.erasureNote()))
          .append("</b></p>\n");
    }
    html.append("<div class=\"cards\">");
    card(html, "persons", count(r.persons()));
    card(html, "scored", count(r.scored()));
    card(html, "unscorable", count(r.persons() - r.scored()));
    card(html, "mean score", r.scoreMean() == null ? "n/a" : fmt("%.1f", r.scoreMean()));
    card(html, "PSI vs previous", r.psi() == null ? "n/a" : fmt("%.4f", r.psi()));
    html.append("</div>\n");
  }

  private static void distribution(StringBuilder html, ReportModel m) {
    html.append("<h2>Score distribution</h2>\n");
    List<String> bands = new ArrayList<>();
    for (int i = 0; i < m.bands().length; i++) {
      bands.add(String.valueOf(ScoreBands.lowest(i)));
    }
    List<Svg.Series> series = new ArrayList<>();
    series.add(new Svg.Series("snapshot " + m.snapshotDate(), TODAY, shares(m.bands())));
    if (m.previousBands() != null) {
      series.add(
          new Svg.Series("previous " + m.previousDate(), PREVIOUS, shares(m.previousBands())));
    }
    html.append("<figure id=\"distribution\">")
        .append(Svg.groupedBars(bands, series, "share of scored persons per 50-point band"))
        .append("<figcaption class=\"muted\">Share of scored persons per band of 50 points")
        .append(" (the label is the band's lowest score; the last band includes 950)")
        .append(m.previousBands() == null ? "; no earlier published snapshot." : ".")
        .append("</figcaption></figure>\n");
  }

  private static void tiers(StringBuilder html, ReportModel m) {
    long persons = m.run().persons();
    html.append("<h2>Tiers</h2>\n<table><tr><th>tier</th><th class=\"n\">persons</th>")
        .append("<th class=\"n\">share</th></tr>");
    m.tiers().forEach((tier, n) -> row(html, escape(tier), count(n), pct(n, persons)));
    m.unscorable()
        .forEach((why, n) -> row(html, "unscorable: " + escape(why), count(n), pct(n, persons)));
    html.append("</table>\n");
  }

  private static void gates(StringBuilder html, List<GateResult> gates) {
    html.append("<h2>Quality gates</h2>\n<table><tr><th>gate</th><th class=\"n\">value</th>")
        .append("<th class=\"n\">warn at</th><th class=\"n\">block at</th><th>outcome</th></tr>");
    for (GateResult g : gates) {
      html.append("<tr><td>")
          .append(escape(g.gate()))
          .append("</td><td class=\"n\">")
          .append(number(g.value()))
          .append("</td><td class=\"n\">")
          .append(number(g.warnAt()))
          .append("</td><td class=\"n\">")
          .append(number(g.blockAt()))
          .append("</td><td class=\"")
          .append(escape(g.outcome().label()))
          .append("\">")
          .append(escape(g.outcome().label()))
          .append("</td></tr>");
    }
    html.append("</table>\n");
  }

  private static void reasons(StringBuilder html, ReportModel m) {
    html.append("<h2>Most frequent reason codes</h2>\n<table><tr><th>code</th><th>reason</th>")
        .append("<th class=\"n\">persons</th><th class=\"n\">of scored</th></tr>");
    for (ReportModel.ReasonCount r : m.topReasons()) {
      row(
          html,
          2,
          escape(r.code()),
          escape(r.text()),
          count(r.persons()),
          pct(r.persons(), m.run().scored()));
    }
    html.append("</table>\n");
  }

  private static void inputs(StringBuilder html, ReportModel m) {
    html.append("<h2>Inputs and quarantine</h2>\n<table><tr><th>dataset</th>")
        .append("<th class=\"n\">read</th><th class=\"n\">accepted</th>")
        .append("<th class=\"n\">quarantined</th></tr>");
    for (Map.Entry<String, DatasetCount> e : m.run().datasetCounts().entrySet()) {
      DatasetCount c = e.getValue();
      row(html, escape(e.getKey()), count(c.read()), count(c.accepted()), count(c.quarantined()));
    }
    html.append("</table>\n<table><tr><th>dataset</th><th>reason</th>")
        .append("<th class=\"n\">rows quarantined</th></tr>");
    for (ReportModel.QuarantineCount q : m.quarantine()) {
      row(html, 2, escape(q.dataset()), escape(q.reason()), count(q.rows()));
    }
    if (m.quarantine().isEmpty()) {
      html.append("<tr><td colspan=\"3\" class=\"muted\">no rows quarantined</td></tr>");
    }
    html.append("</table>\n");
  }

  private static void fairness(StringBuilder html, ReportModel m) {
    html.append("<h2>Fairness monitoring</h2>\n<p class=\"muted\">Region and age are never score")
        .append(" inputs. Groups of fewer than ")
        .append(m.minGroupSize())
        .append(" persons are shown without figures.</p>\n");
    if (m.groups().isEmpty()) {
      html.append("<p>No monitoring aggregates were recorded for this snapshot.</p>\n");
      return;
    }
    Map<String, List<ReportModel.Group>> byDimension = new LinkedHashMap<>();
    m.groups()
        .forEach(g -> byDimension.computeIfAbsent(g.dimension(), d -> new ArrayList<>()).add(g));
    List<String> tierNames = new ArrayList<>(m.tiers().keySet());
    byDimension.forEach((dimension, groups) -> groupTable(html, dimension, groups, tierNames, m));
  }

  private static void groupTable(
      StringBuilder html,
      String dimension,
      List<ReportModel.Group> groups,
      List<String> tierNames,
      ReportModel m) {
    html.append("<h3>By ")
        .append(escape(dimension.replace('_', ' ')))
        .append("</h3>\n<p class=\"muted\">Tier shares, lowest tier first: ")
        .append(legend(tierNames))
        .append("</p><table><tr><th>group</th><th class=\"n\">persons</th>")
        .append("<th class=\"n\">scored</th><th class=\"n\">mean score</th>")
        .append("<th>tier shares of scored</th></tr>");
    for (ReportModel.Group g : groups) {
      if (g.persons() < m.minGroupSize()) {
        row(html, escape(g.group()), "&lt; " + m.minGroupSize(), "", "", "suppressed");
        continue;
      }
      long[] counts = tierNames.stream().mapToLong(t -> g.tiers().getOrDefault(t, 0L)).toArray();
      row(
          html,
          escape(g.group()),
          count(g.persons()),
          count(g.scored()),
          g.meanScore() == null ? "n/a" : fmt("%.1f", g.meanScore()),
          Svg.stackedBar(tierNames, colors(tierNames.size()), counts, "tier shares " + g.group()));
    }
    html.append("</table>\n");
  }

  private static void timings(StringBuilder html, List<StageTiming> timings) {
    html.append("<h2>Stage timings</h2>\n");
    if (timings.isEmpty()) {
      html.append("<p>This run recorded no stage timings.</p>\n");
      return;
    }
    List<String> labels = new ArrayList<>();
    double[] seconds = new double[timings.size()];
    for (int i = 0; i < timings.size(); i++) {
      StageTiming t = timings.get(i);
      labels.add(t.rows() < 0 ? t.stage() : t.stage() + " (" + count(t.rows()) + " rows)");
      seconds[i] = t.seconds();
    }
    html.append("<figure id=\"timings\">")
        .append(Svg.horizontalBars(labels, seconds, "s", TODAY))
        .append("</figure>\n");
  }

  private static String legend(List<String> tierNames) {
    StringBuilder out = new StringBuilder();
    List<String> colors = colors(tierNames.size());
    for (int i = 0; i < tierNames.size(); i++) {
      out.append("<span style=\"color:")
          .append(colors.get(i))
          .append("\">&#9632;</span> ")
          .append(escape(tierNames.get(i)))
          .append(' ');
    }
    return out.toString();
  }

  private static List<String> colors(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TIER_COLORS[Math.min(i, TIER_COLORS.length - 1)]);
    }
    return out;
  }

  private static double[] shares(long[] bands) {
    long total = 0;
    for (long n : bands) {
      total += n;
    }
    double[] out = new double[bands.length];
    for (int i = 0; i < bands.length; i++) {
      out[i] = total == 0 ? 0 : 100.0 * bands[i] / total;
    }
    return out;
  }

  /** A table row whose first cell is a label; cells are already escaped or generated markup. */
  private static void row(StringBuilder html, String label, String... cells) {
    row(html, 1, label, cells);
  }

  /** A row whose first {@code left} cells are text and the rest right-aligned figures. */
  private static void row(StringBuilder html, int left, String first, String... cells) {
    html.append("<tr><td>").append(first).append("</td>");
    for (int i = 0; i < cells.length; i++) {
      html.append(i + 1 < left ? "<td>" : "<td class=\"n\">").append(cells[i]).append("</td>");
    }
    html.append("</tr>");
  }

  private static void card(StringBuilder html, String label, String value) {
    html.append("<div class=\"card\"><b>")
        .append(escape(value))
        .append("</b>")
        .append(escape(label))
        .append("</div>");
  }

  private static String count(long n) {
    return fmt("%,d", n);
  }

  private static String pct(long n, long total) {
    return total == 0 ? "n/a" : fmt("%.1f%%", 100.0 * n / total);
  }

  private static String number(Double v) {
    return v == null ? "" : fmt("%.4f", v);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
