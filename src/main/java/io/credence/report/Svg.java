package io.credence.report;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts drawn from numbers alone: no script, no fonts or styles fetched from anywhere.
 * Every bar is a {@code rect} of class {@code bar} with a {@code title} giving its exact value.
 */
final class Svg {
  private Svg() {}

  /** One series of a bar chart: its name, colour and one value per category. */
  record Series(String name, String color, double[] values) {}

  private static final int PLOT_HEIGHT = 220;
  private static final int LEFT = 48;
  private static final int TOP = 28;
  private static final int BOTTOM = 40;

  /**
   * Vertical bars, the series side by side in each category, values as percentages; a legend names
   * the series.
   */
  static String groupedBars(List<String> categories, List<Series> series, String yLabel) {
    double max = 1;
    for (Series s : series) {
      for (double v : s.values()) {
        max = Math.max(max, v);
      }
    }
    double top = Math.ceil(max / 5) * 5;
    int slot = 56;
    int width = LEFT + slot * categories.size() + 16;
    int height = TOP + PLOT_HEIGHT + BOTTOM;
    StringBuilder svg = open(width, height, yLabel);
    for (int tick = 0; tick <= 5; tick++) {
      double value = top * tick / 5;
      double y = TOP + PLOT_HEIGHT - PLOT_HEIGHT * value / top;
      svg.append(line(LEFT, y, width - 16, y, "#ddd"));
      svg.append(text(LEFT - 6, y + 4, "end", fmt("%.0f%%", value)));
    }
    double barWidth = (slot - 12.0) / series.size();
    for (int c = 0; c < categories.size(); c++) {
      double x0 = LEFT + slot * c + 6;
      for (int s = 0; s < series.size(); s++) {
        double v = series.get(s).values()[c];
        double h = PLOT_HEIGHT * v / top;
        String title = series.get(s).name() + ", " + categories.get(c) + ": " + fmt("%.1f%%", v);
        svg.append(
            bar(x0 + barWidth * s, TOP + PLOT_HEIGHT - h, barWidth - 1, h, series.get(s), title));
      }
      svg.append(text(x0 + (slot - 12) / 2.0, TOP + PLOT_HEIGHT + 16, "middle", categories.get(c)));
    }
    svg.append(line(LEFT, TOP + PLOT_HEIGHT, width - 16, TOP + PLOT_HEIGHT, "#333"));
    legend(svg, series, LEFT, 14);
    return svg.append("</svg>").toString();
  }

  /**
   * One horizontal bar split into segments whose widths are the shares of {@code counts} (for tier
   * shares); each segment's title gives its name, count and share.
   */
  static String stackedBar(List<String> names, List<String> colors, long[] counts, String label) {
    long total = 0;
    for (long n : counts) {
      total += n;
    }
    int width = 360;
    StringBuilder svg = open(width, 22, label);
    double x = 0;
    for (int i = 0; i < counts.length && total > 0; i++) {
      double w = width * counts[i] / (double) total;
      if (counts[i] > 0) {
        String title =
            names.get(i) + ": " + counts[i] + " (" + fmt("%.1f%%", 100.0 * counts[i] / total) + ")";
        svg.append(bar(x, 2, w, 18, new Series(names.get(i), colors.get(i), null), title));
      }
      x += w;
    }
    return svg.append("</svg>").toString();
  }

  /** Horizontal bars, one per label, with the value written after the bar (stage seconds). */
  static String horizontalBars(List<String> labels, double[] values, String unit, String color) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    int labelWidth = 270;
    int plot = 420;
    int row = 22;
    int width = labelWidth + plot + 70;
    StringBuilder svg = open(width, row * labels.size() + 8, "stage timings");
    Series series = new Series(unit, color, values);
    for (int i = 0; i < labels.size(); i++) {
      double y = 4 + row * i;
      double w = max <= 0 ? 0 : Math.max(1, plot * values[i] / max);
      String value = fmt("%.1f ", values[i]) + unit;
      svg.append(text(labelWidth - 6, y + 14, "end", labels.get(i)));
      svg.append(bar(labelWidth, y + 2, w, row - 6, series, labels.get(i) + ": " + value));
      svg.append(text(labelWidth + w + 6, y + 14, "start", value));
    }
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(int width, int height, String label) {
    return new StringBuilder()
        .append(
            fmt(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" height=\"%d\""
                    + " viewBox=\"0 0 %d %d\" aria-label=\"",
                width, height, width, height))
        .append(Html.escape(label))
        .append("\">");
  }

  private static void legend(StringBuilder svg, List<Series> series, int x, int y) {
    for (Series s : series) {
      svg.append(
          fmt(
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>",
              (double) x, y - 10.0, Html.escape(s.color())));
      svg.append(text(x + 16, y, "start", s.name()));
      x += 28 + 8 * s.name().length();
    }
  }

  private static String bar(double x, double y, double w, double h, Series s, String title) {
    return fmt(
            "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
            x, y, Math.max(0, w), Math.max(0, h), Html.escape(s.color()))
        + "<title>"
        + Html.escape(title)
        + "</title></rect>";
  }

  private static String line(double x1, double y1, double x2, double y2, String color) {
    return fmt(
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
        x1, y1, x2, y2, color);
  }

  private static String text(double x, double y, String anchor, String content) {
    return fmt("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y, anchor)
        + Html.escape(content)
        + "</text>";
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
