package io.credence.train;

import io.credence.score.Bin;
import io.credence.score.FeatureKind;
import io.credence.score.FeatureScore;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.classification.LogisticRegressionModel;

/**
 * Turns a fitted model into the points table every scorecard uses: base points = offset − factor ·
 * intercept, and each bin earns −factor · coefficient · WoE, so base + Σ points = offset + factor ·
 * ln(odds good) exactly.
 */
public final class PointsTable {
  private PointsTable() {}

  /**
   * The scorecard with id {@code id}; {@code bins} in the model's feature order. Reason codes are
   * T01, T02, ... by each feature's position in {@code codeOrder} (FeatureNames.ALL for the nightly
   * features, so a feature keeps its code across retrainings).
   */
  public static Scorecard export(
      String id,
      String description,
      ScorecardInput input,
      List<FeatureBins> bins,
      LogisticRegressionModel model,
      ScalingConfig scaling,
      List<String> codeOrder) {
    double factor = scaling.factor();
    double[] coefficients = model.coefficients().toArray();
    List<FeatureScore> features = new ArrayList<>();
    for (int f = 0; f < bins.size(); f++) {
      FeatureBins b = bins.get(f);
      double c = coefficients[f];
      List<Bin> points = new ArrayList<>();
      for (int i = 0; i < b.cells().size(); i++) {
        points.add(bin(b, i, points(factor, c, b.woe().get(i))));
      }
      features.add(
          new FeatureScore(
              b.feature(),
              b.categorical() ? FeatureKind.CATEGORY : FeatureKind.NUMERIC,
              reasonCode(b.feature(), codeOrder),
              ReasonTexts.of(b.feature()),
              points(factor, c, b.missingWoe()),
              points));
    }
    double base = scaling.offset() - factor * model.intercept();
    return new Scorecard(id, description, input, base, features);
  }

  private static Bin bin(FeatureBins b, int i, double points) {
    if (!b.categorical()) {
      return new Bin(b.cells().get(i).upper(), points);
    }
    List<String> values = b.categories().get(i);
    return values.isEmpty() ? Bin.otherCategories(points) : Bin.categories(values, points);
  }

  /** A stable code per feature: T01, T02, ... in {@code order}. */
  public static String reasonCode(String feature, List<String> order) {
    return String.format(Locale.ROOT, "T%02d", order.indexOf(feature) + 1);
  }

  // + 0.0 turns -0.0 into 0.0, so the YAML shows no negative zeros.
  private static double points(double factor, double coefficient, double woe) {
    return -factor * coefficient * woe + 0.0;
  }
}
