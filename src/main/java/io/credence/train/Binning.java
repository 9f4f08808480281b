package io.credence.train;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits the bins of every feature: quantile splits (Spark's approxQuantile, the algorithm behind
 * MLlib's QuantileDiscretizer), then adjacent bins merged until the bad rate is monotonic (see
 * {@link WoeMath}), then weight of evidence and information value.
 *
 * <p>Needs the feature columns (numeric) and {@code label}. Collects only quantiles and per-bin
 * counts (at most features × (initial bins + 1) rows), never a person's row.
 */
public final class Binning {
  private Binning() {}

  private static final double RELATIVE_ERROR = 1e-4;
  private static final int MISSING = -1;

  /** Fitted bins per feature, in the order of {@code features}. */
  public static List<FeatureBins> fit(
      Dataset<Row> labelled,
      List<String> features,
      BinningConfig config,
      Map<String, Direction> fixed) {
    List<List<Double>> splits = quantileSplits(labelled, features, config.initialBins());
    Map<String, long[]> counts = binCounts(labelled, features, splits);
    List<FeatureBins> out = new ArrayList<>();
    for (int f = 0; f < features.size(); f++) {
      List<Double> uppers = splits.get(f);
      List<Cell> cells = new ArrayList<>();
      for (int b = 0; b <= uppers.size(); b++) {
        long[] gb = counts.getOrDefault(f + ":" + b, new long[2]);
        cells.add(new Cell(b < uppers.size() ? uppers.get(b) : null, gb[0], gb[1]));
      }
      long[] m = counts.getOrDefault(f + ":" + MISSING, new long[2]);
      String name = features.get(f);
      Direction direction = fixed.getOrDefault(name, WoeMath.direction(cells));
      List<Cell> merged = WoeMath.mergeMonotonic(cells, direction, config.maxBins());
      out.add(FeatureBins.of(name, direction, merged, new Cell(null, m[0], m[1])));
    }
    return out;
  }

  /**
   * Distinct quantiles at 1/n .. (n-1)/n of each feature, ignoring nulls and NaN, plus the smallest
   * value above the highest quantile when quantiles coincide: rare events (a court record, a
   * chargeback) sit above every quantile, and without that split they would share one bin with
   * everyone else.
   */
  static List<List<Double>> quantileSplits(Dataset<Row> rows, List<String> features, int bins) {
    double[] probabilities = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      probabilities[i - 1] = i / (double) bins;
    }
    Column[] asDouble =
        features.stream().map(f -> col(f).cast("double").as(f)).toArray(Column[]::new);
    Dataset<Row> values = rows.select(asDouble);
    double[][] q =
        values
            .stat()
            .approxQuantile(features.toArray(String[]::new), probabilities, RELATIVE_ERROR);
    Column[] above = new Column[features.size()];
    for (int f = 0; f < features.size(); f++) {
      double top = Arrays.stream(q[f]).filter(Double::isFinite).max().orElse(Double.NaN);
      Column v = col(features.get(f));
      above[f] =
          min(when(isnan(v).or(v.leq(lit(top))).or(lit(Double.isNaN(top))), null).otherwise(v));
    }
    Row next = values.agg(above[0], Arrays.copyOfRange(above, 1, above.length)).first();
    List<List<Double>> out = new ArrayList<>();
    for (int f = 0; f < features.size(); f++) {
      TreeSet<Double> distinct = new TreeSet<>();
      Arrays.stream(q[f]).filter(Double::isFinite).forEach(distinct::add);
      if (distinct.size() < bins - 1 && !next.isNullAt(f)) {
        distinct.add(next.getDouble(f));
      }
      out.add(List.copyOf(distinct));
    }
    return out;
  }

  /** Goods and bads per "featureIndex:bin" (bin -1 is missing), one aggregation for all. */
  private static Map<String, long[]> binCounts(
      Dataset<Row> rows, List<String> features, List<List<Double>> splits) {
    Column[] slots = new Column[features.size()];
    for (int f = 0; f < features.size(); f++) {
      slots[f] = struct(lit(f).as("f"), binIndex(col(features.get(f)), splits.get(f)).as("b"));
    }
    List<Row> aggregated =
        rows.select(explode(array(slots)).as("s"), col(Labels.LABEL))
            .groupBy(col("s.f"), col("s.b"))
            .agg(count(lit(1)).as("n"), sum(col(Labels.LABEL)).as("bad"))
            .collectAsList();
    Map<String, long[]> out = new HashMap<>();
    for (Row r : aggregated) {
      long bad = Math.round(((Number) r.get(3)).doubleValue());
      out.put(r.getInt(0) + ":" + r.getInt(1), new long[] {r.getLong(2) - bad, bad});
    }
    return out;
  }

  /** The bin of a value: first bin with value < upper; -1 for null and NaN. */
  static Column binIndex(Column value, List<Double> uppers) {
    Column d = value.cast("double");
    Column bin = when(d.isNull().or(isnan(d)), lit(MISSING));
    for (int i = 0; i < uppers.size(); i++) {
      bin = bin.when(d.lt(lit(uppers.get(i))), lit(i));
    }
    return bin.otherwise(lit(uppers.size()));
  }
}
