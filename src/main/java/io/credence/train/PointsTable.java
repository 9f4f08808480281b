package io.credence.train;

import io.credence.schema.FeatureNames;
import io.credence.score.Bin;
import io.credence.score.FeatureScore;
import io.credence.score.Scorecard;
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

  /** The scorecard with id {@code id}; {@code bins} in the model's feature order. */
  public static Scorecard export(
      String id,
      String description,
      List<FeatureBins> bins,
      LogisticRegressionModel model,
      ScalingConfig scaling) {
    double factor = scaling.factor();
    double[] coefficients = model.coefficients().toArray();
    List<FeatureScore> features = new ArrayList<>();
    for (int f = 0; f < bins.size(); f++) {
      FeatureBins b = bins.get(f);
      double c = coefficients[f];
      List<Bin> points = new ArrayList<>();
      for (int i = 0; i < b.cells().size(); i++) {
        points.add(new Bin(b.cells().get(i).upper(), points(factor, c, b.woe().get(i))));
      }
      features.add(
          new FeatureScore(
              b.feature(),
              reasonCode(b.feature()),
              ReasonTexts.BY_FEATURE.get(b.feature()),
              points(factor, c, b.missingWoe()),
              points));
    }
    double base = scaling.offset() - factor * model.intercept();
    return new Scorecard(id, description, base, features);
  }

  /** A stable code per feature across retrainings: T01..T20 in FeatureNames order. */
  public static String reasonCode(String feature) {
    return String.format(Locale.ROOT, "T%02d", FeatureNames.ALL.indexOf(feature) + 1);
  }

  // + 0.0 turns -0.0 into 0.0, so the YAML shows no negative zeros.
  private static double points(double factor, double coefficient, double woe) {
    return -factor * coefficient * woe + 0.0;
  }
}
