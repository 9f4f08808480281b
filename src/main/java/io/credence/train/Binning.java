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
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * Fits the bins of every feature: quantile splits (Spark's approxQuantile, the algorithm behind
 * MLlib's QuantileDiscretizer), then adjacent bins merged until the bad rate is monotonic (see
 * {@link WoeMath}), then weight of evidence and information value.
 *
 * <p>String features are binned by category instead (see {@link #fitCategories}).
 *
 * <p>Needs the feature columns (numeric or string) and {@code label}. Collects only quantiles and
 * per-bin counts (at most features × (initial bins + 1) rows, or 1/min_category_share + 1 per
 * string feature), never a person's row.
 */
public final class Binning {
  private Binning() {}

  private static final double RELATIVE_ERROR = 1e-4;
  private static final int MISSING = -1;

  /**
   * Fitted bins per feature, in the order of {@code features}: string columns by category (see
   * {@link #fitCategories}), all others by quantiles.
   */
  public static List<FeatureBins> fit(
      Dataset<Row> labelled,
      List<String> features,
      BinningConfig config,
      Map<String, Direction> fixed) {
    StructType schema = labelled.schema();
    List<String> categorical =
        features.stream().filter(f -> schema.apply(f).dataType() instanceof StringType).toList();
    List<String> numeric = features.stream().filter(f -> !categorical.contains(f)).toList();
    Map<String, FeatureBins> byName = new HashMap<>();
    if (!numeric.isEmpty()) {
      fitNumeric(labelled, numeric, config, fixed).forEach(b -> byName.put(b.feature(), b));
    }
    if (!categorical.isEmpty()) {
      fitCategories(labelled, categorical, config.minCategoryShare())
          .forEach(b -> byName.put(b.feature(), b));
    }
    return features.stream().map(byName::get).toList();
  }

  private static List<FeatureBins> fitNumeric(
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
   * Bins string features by category: one bin per category held by at least {@code minShare} of the
   * rows (in string order), one "other" bin for the rarer ones, nulls in the missing bin. No
   * monotonic merging: categories have no order. One aggregation for all features; at most
   * 1/minShare categories per feature reach the driver, whatever the column's cardinality.
   */
  static List<FeatureBins> fitCategories(
      Dataset<Row> labelled, List<String> features, double minShare) {
    Row totals = labelled.agg(count(lit(1)), sum(col(Labels.LABEL))).first();
    long rows = totals.getLong(0);
    long bads = totals.isNullAt(1) ? 0 : Math.round(((Number) totals.get(1)).doubleValue());
    Column[] slots = new Column[features.size()];
    for (int f = 0; f < features.size(); f++) {
      slots[f] = struct(lit(f).as("f"), col(features.get(f)).as("v"));
    }
    List<Row> frequent =
        labelled
            .select(explode(array(slots)).as("s"), col(Labels.LABEL))
            .groupBy(col("s.f"), col("s.v"))
            .agg(count(lit(1)).as("n"), sum(col(Labels.LABEL)).as("bad"))
            .where(col("v").isNull().or(col("n").geq(lit(Math.ceil(minShare * rows)))))
            .orderBy(col("f"), col("v"))
            .collectAsList();
    List<FeatureBins> out = new ArrayList<>();
    for (int f = 0; f < features.size(); f++) {
      List<List<String>> categories = new ArrayList<>();
      List<Cell> cells = new ArrayList<>();
      Cell missing = new Cell(null, 0, 0);
      long[] other = {rows - bads, bads};
      for (Row r : frequent) {
        if (r.getInt(0) != f) {
          continue;
        }
        long bad = Math.round(((Number) r.get(3)).doubleValue());
        Cell cell = new Cell(null, r.getLong(2) - bad, bad);
        other[0] -= cell.good();
        other[1] -= cell.bad();
        if (r.isNullAt(1)) {
          missing = cell;
        } else {
          categories.add(List.of(r.getString(1)));
          cells.add(cell);
        }
      }
      categories.add(List.of());
      cells.add(new Cell(null, other[0], other[1]));
      out.add(FeatureBins.ofCategories(features.get(f), categories, cells, missing));
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
