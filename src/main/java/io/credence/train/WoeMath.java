package io.credence.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Weight of evidence, information value and monotonic merging of bins, on small per-bin counts.
 *
 * <p>WoE of a bin = ln((good / G) / (bad / B)), G and B the totals over all bins and the missing
 * bin; a bin with no goods or no bads gets {@value #SMOOTHING} added to both its counts so its WoE
 * stays finite. IV = Σ (good / G − bad / B) · WoE over the same (smoothed) counts.
 */
public final class WoeMath {
  private WoeMath() {}

  /** Added to both counts of a bin with no goods or no bads. */
  public static final double SMOOTHING = 0.5;

  /** WoE of a bin with {@code good} and {@code bad} persons out of totals G and B. */
  public static double woe(long good, long bad, long totalGood, long totalBad) {
    double[] s = smoothed(good, bad);
    return Math.log((s[0] / totalGood) / (s[1] / totalBad));
  }

  /** This bin's part of the information value; 0 for an empty bin. */
  public static double ivPart(long good, long bad, long totalGood, long totalBad) {
    if (good + bad == 0) {
      return 0.0;
    }
    double[] s = smoothed(good, bad);
    return (s[0] / totalGood - s[1] / totalBad) * woe(good, bad, totalGood, totalBad);
  }

  private static double[] smoothed(long good, long bad) {
    double add = good == 0 || bad == 0 ? SMOOTHING : 0.0;
    return new double[] {good + add, bad + add};
  }

  /** The direction of the bad rate over the bins: the sign of its count-weighted covariance. */
  public static Direction direction(List<Cell> cells) {
    double n = cells.stream().mapToLong(Cell::total).sum();
    if (n == 0) {
      return Direction.RISING;
    }
    double meanIndex = 0;
    double meanRate = cells.stream().mapToLong(Cell::bad).sum() / n;
    for (int i = 0; i < cells.size(); i++) {
      meanIndex += i * cells.get(i).total() / n;
    }
    double cov = 0;
    for (int i = 0; i < cells.size(); i++) {
      Cell c = cells.get(i);
      cov += c.total() * (i - meanIndex) * (c.badRate() - meanRate);
    }
    return cov >= 0 ? Direction.RISING : Direction.FALLING;
  }

  /**
   * Merges adjacent bins until none is empty, the bad rate moves strictly in {@code direction}, and
   * at most {@code maxBins} remain (merging the two adjacent bins whose bad rates are closest).
   */
  public static List<Cell> mergeMonotonic(List<Cell> cells, Direction direction, int maxBins) {
    List<Cell> out = new ArrayList<>(cells);
    for (int i = 0; i < out.size() && out.size() > 1; ) {
      if (out.get(i).total() == 0) {
        merge(out, i == out.size() - 1 ? i - 1 : i);
      } else {
        i++;
      }
    }
    int violation;
    while ((violation = firstViolation(out, direction)) >= 0) {
      merge(out, violation);
    }
    while (out.size() > maxBins) {
      merge(out, closestPair(out));
    }
    return out;
  }

  private static int firstViolation(List<Cell> cells, Direction direction) {
    for (int i = 0; i + 1 < cells.size(); i++) {
      double step = cells.get(i + 1).badRate() - cells.get(i).badRate();
      if (direction == Direction.RISING ? step <= 0 : step >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static int closestPair(List<Cell> cells) {
    int best = 0;
    double bestGap = Double.POSITIVE_INFINITY;
    for (int i = 0; i + 1 < cells.size(); i++) {
      double gap = Math.abs(cells.get(i + 1).badRate() - cells.get(i).badRate());
      if (gap < bestGap) {
        best = i;
        bestGap = gap;
      }
    }
    return best;
  }

  private static void merge(List<Cell> cells, int i) {
    cells.set(i, cells.get(i).mergeWithNext(cells.get(i + 1)));
    cells.remove(i + 1);
  }
}
