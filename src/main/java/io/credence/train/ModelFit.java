package io.credence.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Matrices;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits the scorecard's model as one MLlib PipelineModel: the WoE encoding (SQLTransformer), a
 * VectorAssembler, and a LogisticRegression whose coefficients are bounded above by 0.
 *
 * <p>With WoE = ln(good/bad) and label 1 = bad, a coefficient ≤ 0 means a bin with better evidence
 * never lowers the score: since binning made each feature's bad rate monotonic in its business
 * direction, the points then move in that direction too.
 */
public final class ModelFit {
  private ModelFit() {}

  /** Name of the assembled WoE vector. */
  public static final String WOE_VECTOR = "woe_vector";

  /** Name of the optional weight column (bads weighted by {@code badWeight}). */
  public static final String WEIGHT = "class_weight";

  /**
   * The columns the fitted pipeline adds besides each feature's {@code woe_<feature>}: the WoE
   * vector, the weight, and the logistic regression's outputs (MLlib's default names).
   */
  public static final List<String> ADDED_COLUMNS =
      List.of(WOE_VECTOR, WEIGHT, "rawPrediction", "probability", "prediction");

  /** Fits the pipeline on rows with the feature columns and {@code label}. */
  public static PipelineModel fit(
      Dataset<Row> labelled, List<FeatureBins> bins, ModelConfig config) {
    String[] woeColumns = bins.stream().map(FeatureBins::woeColumn).toArray(String[]::new);
    LogisticRegression lr =
        new LogisticRegression()
            .setLabelCol(Labels.LABEL)
            .setFeaturesCol(WOE_VECTOR)
            .setFamily("binomial")
            .setElasticNetParam(0.0)
            .setRegParam(config.regParam())
            .setMaxIter(config.maxIter())
            .setTol(1e-10)
            .setUpperBoundsOnCoefficients(Matrices.zeros(1, woeColumns.length));
    Dataset<Row> input = labelled;
    if (config.badWeight() != 1.0) {
      lr.setWeightCol(WEIGHT);
      input =
          labelled.withColumn(
              WEIGHT, when(col(Labels.LABEL).equalTo(1.0), lit(config.badWeight())).otherwise(1.0));
    }
    PipelineStage[] stages = {
      new SQLTransformer().setStatement(WoeEncoding.statement(bins)),
      new VectorAssembler().setInputCols(woeColumns).setOutputCol(WOE_VECTOR),
      lr
    };
    return new Pipeline().setStages(stages).fit(input);
  }

  /** The fitted logistic regression inside a pipeline from {@link #fit}. */
  public static LogisticRegressionModel logistic(PipelineModel model) {
    return (LogisticRegressionModel) model.stages()[model.stages().length - 1];
  }
}
