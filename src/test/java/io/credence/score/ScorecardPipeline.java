package io.credence.score;

import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.SCORE;
import static io.credence.schema.Columns.SCORECARD_ID;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;

import io.credence.schema.ColumnChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.ml.feature.Bucketizer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The MLlib form of {@link ScorecardApplier}'s score: one multi-column Bucketizer for the numeric
 * features (each with its own splits) and one multi-column StringIndexerModel for the categorical
 * ones (labels fixed by the scorecard, not fitted), then points by bucket or label index. The job
 * scores with {@link ScorecardApplier}, which measured at least as fast and also yields the
 * reasons; this test-only reference implementation lets a test prove both give identical scores, as
 * the product requires.
 *
 * <p>Needs {@code person_id} and the scorecard's feature columns (numeric or string). Adds {@code
 * score} and {@code scorecard_id}; no reasons. Drops no rows.
 */
public final class ScorecardPipeline {
  private ScorecardPipeline() {}

  private static final String INPUT_PREFIX = "_bucketizer_in_";
  private static final String BUCKET_PREFIX = "_bucketizer_out_";

  /** Stands for a null category; a control character no real category uses. */
  static final String MISSING_LABEL = "\u0000missing";

  /** Scores every row with a Bucketizer (splits {@code [-inf, u1, ..., +inf]}, invalid kept). */
  public static Dataset<Row> apply(Dataset<Row> features, Scorecard card) {
    String step = "scorecard pipeline " + card.id();
    List<String> needed = new ArrayList<>(card.featureNames());
    needed.add(0, PERSON_ID);
    ColumnChecks.requirePresent(features, step, needed);
    ScorecardApplier.requireFeatureTypes(features, step, card);
    ColumnChecks.requireAbsent(features, step, SCORE, SCORECARD_ID);
    int n = card.features().size();
    String[] inputs = IntStream.range(0, n).mapToObj(i -> INPUT_PREFIX + i).toArray(String[]::new);
    String[] buckets =
        IntStream.range(0, n).mapToObj(i -> BUCKET_PREFIX + i).toArray(String[]::new);
    List<Column> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      FeatureScore f = card.features().get(i);
      points.add(
          f.kind() == FeatureKind.CATEGORY
              ? pointsOfLabel(f, col(buckets[i]))
              : pointsOfBucket(f, col(buckets[i])));
    }
    return index(bucketize(features, card, inputs, buckets), card, inputs, buckets)
        .withColumn(SCORE, ScorecardApplier.score(card.basePoints(), points))
        .withColumn(SCORECARD_ID, lit(card.id()))
        .drop(inputs)
        .drop(buckets);
  }

  /** Adds one bucket index column per numeric feature, from a double copy of the feature. */
  private static Dataset<Row> bucketize(
      Dataset<Row> features, Scorecard card, String[] inputs, String[] buckets) {
    List<Integer> numeric = positions(card, FeatureKind.NUMERIC);
    if (numeric.isEmpty()) {
      return features;
    }
    Dataset<Row> prepared = features;
    for (int i : numeric) {
      // Bucketizer needs doubles; a null becomes NaN so "keep" puts it in the extra bucket.
      Column value = col(card.features().get(i).feature()).cast(DataTypes.DoubleType);
      prepared = prepared.withColumn(inputs[i], coalesce(value, lit(Double.NaN)));
    }
    double[][] splits =
        numeric.stream().map(i -> splits(card.features().get(i))).toArray(double[][]::new);
    Bucketizer bucketizer =
        new Bucketizer()
            .setInputCols(select(inputs, numeric))
            .setOutputCols(select(buckets, numeric))
            .setSplitsArray(splits)
            .setHandleInvalid("keep");
    return bucketizer.transform(prepared);
  }

  /**
   * Adds one label index column per categorical feature: label 0 is the missing value (a null
   * becomes {@link #MISSING_LABEL}), then every listed category in bin order; "keep" gives unseen
   * categories the index after the last label, the other bin.
   */
  private static Dataset<Row> index(
      Dataset<Row> features, Scorecard card, String[] inputs, String[] buckets) {
    List<Integer> categorical = positions(card, FeatureKind.CATEGORY);
    if (categorical.isEmpty()) {
      return features;
    }
    Dataset<Row> prepared = features;
    for (int i : categorical) {
      // A boolean column's categories are its strings "true" and "false".
      Column value = col(card.features().get(i).feature()).cast("string");
      prepared = prepared.withColumn(inputs[i], coalesce(value, lit(MISSING_LABEL)));
    }
    String[][] labels =
        categorical.stream().map(i -> labels(card.features().get(i))).toArray(String[][]::new);
    StringIndexerModel indexer =
        new StringIndexerModel(labels)
            .setInputCols(select(inputs, categorical))
            .setOutputCols(select(buckets, categorical))
            .setHandleInvalid("keep");
    return indexer.transform(prepared);
  }

  private static List<Integer> positions(Scorecard card, FeatureKind kind) {
    return IntStream.range(0, card.features().size())
        .filter(i -> card.features().get(i).kind() == kind)
        .boxed()
        .toList();
  }

  private static String[] select(String[] names, List<Integer> positions) {
    return positions.stream().map(i -> names[i]).toArray(String[]::new);
  }

  /** The indexer's labels of a categorical feature: the missing marker, then each category. */
  static String[] labels(FeatureScore feature) {
    List<String> labels = new ArrayList<>(List.of(MISSING_LABEL));
    feature.bins().stream().filter(b -> b.values() != null).forEach(b -> labels.addAll(b.values()));
    return labels.toArray(String[]::new);
  }

  /** Points by label index: missing, each listed category's bin, then the other bin. */
  private static Column pointsOfLabel(FeatureScore feature, Column index) {
    List<Column> byLabel = new ArrayList<>(List.of(lit(feature.missingPoints())));
    for (Bin b : feature.bins()) {
      if (b.values() != null) {
        b.values().forEach(v -> byLabel.add(lit(b.points())));
      } else {
        byLabel.add(lit(b.points()));
      }
    }
    return element_at(array(byLabel.toArray(Column[]::new)), index.cast("int").plus(1));
  }

  /**
   * Bucketizer splits for a feature: {@code [-inf, u1, ..., +inf]}. Bucketizer needs at least two
   * buckets, so a single open bin is split at Double.MAX_VALUE into two buckets with equal points.
   */
  static double[] splits(FeatureScore feature) {
    List<Bin> bins = feature.bins();
    if (bins.size() == 1) {
      return new double[] {Double.NEGATIVE_INFINITY, Double.MAX_VALUE, Double.POSITIVE_INFINITY};
    }
    double[] splits = new double[bins.size() + 1];
    splits[0] = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < bins.size() - 1; i++) {
      splits[i + 1] = bins.get(i).upper();
    }
    splits[bins.size()] = Double.POSITIVE_INFINITY;
    return splits;
  }

  /** Points by bucket index; the index after the last bin is Bucketizer's bucket for NaN. */
  private static Column pointsOfBucket(FeatureScore feature, Column bucket) {
    List<Column> byBucket = new ArrayList<>();
    feature.bins().forEach(b -> byBucket.add(lit(b.points())));
    if (feature.bins().size() == 1) {
      byBucket.add(lit(feature.bins().get(0).points()));
    }
    byBucket.add(lit(feature.missingPoints()));
    return element_at(array(byBucket.toArray(Column[]::new)), bucket.cast("int").plus(1));
  }
}
