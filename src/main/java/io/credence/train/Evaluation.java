package io.credence.train;

import static io.credence.schema.Columns.SCORE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.credence.score.ScoreBands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Measures how well scores rank outcomes: AUC (MLlib's BinaryClassificationEvaluator), Gini = 2 ·
 * AUC − 1, KS, and per 50-point band the persons, the observed and the predicted bad rate.
 *
 * <p>Needs {@code score} (int) and {@code label}. Collects the evaluator's result and one row per
 * distinct score (at most 601), never a person's row.
 */
public final class Evaluation {
  private Evaluation() {}

  /** One score band. */
  public record Band(int from, int to, long persons, long bads, double predictedBadRate) {
    /** Observed share of bads; 0 when the band is empty. */
    @JsonProperty("bad_rate")
    public double badRate() {
      return persons == 0 ? 0.0 : bads / (double) persons;
    }
  }

  /** The metrics of one population. */
  public record Metrics(
      long rows, long bads, double auc, double gini, double ks, List<Band> bands) {
    /** Share of bads. */
    @JsonProperty("bad_rate")
    public double badRate() {
      return rows == 0 ? 0.0 : bads / (double) rows;
    }

    /** Persons per band, for PSI. */
    public long[] histogram() {
      return bands.stream().mapToLong(Band::persons).toArray();
    }
  }

  /** Evaluates scores against labels; {@code scaling} turns a score into a predicted bad rate. */
  public static Metrics evaluate(Dataset<Row> scored, ScalingConfig scaling) {
    double auc =
        new BinaryClassificationEvaluator()
            .setLabelCol(Labels.LABEL)
            .setRawPredictionCol("_risk")
            .setMetricName("areaUnderROC")
            .evaluate(
                scored.select(
                    col(SCORE).cast("double").multiply(-1).as("_risk"), col(Labels.LABEL)));
    Map<Integer, long[]> byScore = new TreeMap<>();
    for (Row r :
        scored.groupBy(col(SCORE)).agg(count(lit(1)), sum(col(Labels.LABEL))).collectAsList()) {
      byScore.put(r.getInt(0), new long[] {r.getLong(1), Math.round(r.getDouble(2))});
    }
    long rows = byScore.values().stream().mapToLong(v -> v[0]).sum();
    long bads = byScore.values().stream().mapToLong(v -> v[1]).sum();
    return new Metrics(
        rows, bads, auc, 2 * auc - 1, ks(byScore, rows, bads), bands(byScore, scaling));
  }

  /** Largest gap between the cumulative shares of bads and of goods below a score. */
  static double ks(Map<Integer, long[]> byScore, long rows, long bads) {
    long goods = rows - bads;
    if (bads == 0 || goods == 0) {
      return 0.0;
    }
    double ks = 0;
    long cumBad = 0;
    long cumGood = 0;
    for (long[] v : byScore.values()) {
      cumBad += v[1];
      cumGood += v[0] - v[1];
      ks = Math.max(ks, Math.abs(cumBad / (double) bads - cumGood / (double) goods));
    }
    return ks;
  }

  private static List<Band> bands(Map<Integer, long[]> byScore, ScalingConfig scaling) {
    long[] persons = new long[ScoreBands.COUNT];
    long[] bads = new long[ScoreBands.COUNT];
    double[] predicted = new double[ScoreBands.COUNT];
    byScore.forEach(
        (score, v) -> {
          int band = ScoreBands.of(score);
          persons[band] += v[0];
          bads[band] += v[1];
          // A score s means ln(odds good) = (s - offset) / factor, so P(bad) = 1 / (1 + odds).
          predicted[band] += v[0] / (1 + Math.exp((score - scaling.offset()) / scaling.factor()));
        });
    List<Band> out = new ArrayList<>();
    for (int b = 0; b < ScoreBands.COUNT; b++) {
      int from = ScoreBands.lowest(b);
      double p = persons[b] == 0 ? 0.0 : predicted[b] / persons[b];
      out.add(new Band(from, from + ScoreBands.WIDTH - 1, persons[b], bads[b], p));
    }
    return out;
  }
}
