package io.credence.score;

import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.SCORE;
import static io.credence.schema.Columns.SCORECARD_ID;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.ml.feature.Bucketizer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The MLlib form of {@link ScorecardApplier}'s score: one multi-column Bucketizer (each feature
 * with its own splits), then points by bucket index. The job scores with {@link ScorecardApplier},
 * which measured at least as fast and also yields the reasons; this class exists so a test proves
 * both give identical scores, as the product requires.
 *
 * <p>Needs {@code person_id} and the scorecard's feature columns (numeric). Adds {@code score} and
 * {@code scorecard_id}; no reasons. Drops no rows.
 */
public final class ScorecardPipeline {
  private ScorecardPipeline() {}

  private static final String INPUT_PREFIX = "_bucketizer_in_";
  private static final String BUCKET_PREFIX = "_bucketizer_out_";

  /** Scores every row with a Bucketizer (splits {@code [-inf, u1, ..., +inf]}, invalid kept). */
  public static Dataset<Row> apply(Dataset<Row> features, Scorecard card) {
    String step = "scorecard pipeline " + card.id();
    List<String> needed = new ArrayList<>(card.featureNames());
    needed.add(0, PERSON_ID);
    StageColumns.requirePresent(features, step, needed);
    StageColumns.requireNumeric(features, step, card.featureNames());
    StageColumns.requireAbsent(features, step, SCORE, SCORECARD_ID);
    int n = card.features().size();
    String[] inputs = IntStream.range(0, n).mapToObj(i -> INPUT_PREFIX + i).toArray(String[]::new);
    String[] buckets =
        IntStream.range(0, n).mapToObj(i -> BUCKET_PREFIX + i).toArray(String[]::new);
    List<Column> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      points.add(pointsOfBucket(card.features().get(i), col(buckets[i])));
    }
    return bucketize(features, card, inputs, buckets)
        .withColumn(SCORE, ScorecardApplier.score(card.basePoints(), points))
        .withColumn(SCORECARD_ID, lit(card.id()))
        .drop(inputs)
        .drop(buckets);
  }

  /** Adds one bucket index column per feature, from a double copy of the feature. */
  private static Dataset<Row> bucketize(
      Dataset<Row> features, Scorecard card, String[] inputs, String[] buckets) {
    Dataset<Row> prepared = features;
    for (int i = 0; i < inputs.length; i++) {
      // Bucketizer needs doubles; a null becomes NaN so "keep" puts it in the extra bucket.
      Column value = col(card.features().get(i).feature()).cast(DataTypes.DoubleType);
      prepared = prepared.withColumn(inputs[i], coalesce(value, lit(Double.NaN)));
    }
    double[][] splits =
        card.features().stream().map(ScorecardPipeline::splits).toArray(double[][]::new);
    Bucketizer bucketizer =
        new Bucketizer()
            .setInputCols(inputs)
            .setOutputCols(buckets)
            .setSplitsArray(splits)
            .setHandleInvalid("keep");
    return bucketizer.transform(prepared);
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
