package io.credence.score;

import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;

/**
 * The 50-point score bands every histogram of scores uses (the PSI gate, the run report, the
 * training evaluation): [350,400), [400,450), …, [900,950], the last band also holding 950.
 */
public final class ScoreBands {
  /** Width of a band in points. */
  public static final int WIDTH = 50;

  /** Number of bands between {@link Scorecard#MIN_SCORE} and {@link Scorecard#MAX_SCORE}. */
  public static final int COUNT = (Scorecard.MAX_SCORE - Scorecard.MIN_SCORE) / WIDTH;

  private ScoreBands() {}

  /** The band of a score in [350, 950]. */
  public static int of(int score) {
    return Math.min(COUNT - 1, Math.max(0, (score - Scorecard.MIN_SCORE) / WIDTH));
  }

  /** The band of a score column in [350, 950], as an int column. */
  public static Column of(Column score) {
    return least(lit(COUNT - 1), floor(score.minus(Scorecard.MIN_SCORE).divide(WIDTH))).cast("int");
  }

  /** The lowest score of band {@code band}. */
  public static int lowest(int band) {
    return Scorecard.MIN_SCORE + WIDTH * band;
  }
}
