package io.credence.train;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything a training run learned and measured: written as metadata.json and report.md.
 *
 * @param scorecardId the trained scorecard's id
 * @param observationDate D0, where features were taken and the outcome window starts
 * @param holdoutDate D1 of the out-of-time holdout
 * @param dataAsOf E, the as-of date of the inputs
 * @param config the training configuration used
 * @param kept features in the model, with bins, WoE, IV and coefficient
 * @param dropped features dropped for an IV under binning.min_iv
 * @param intercept the logistic regression's intercept
 * @param factor points per unit of ln(odds)
 * @param offset score at odds 1:1
 * @param basePoints offset − factor · intercept
 * @param train metrics on the training population
 * @param holdout metrics on the holdout population
 * @param psi population stability index of the scores, training vs holdout (50-point bands)
 */
public record TrainingReport(
    String scorecardId,
    @JsonSerialize(using = ToStringSerializer.class) LocalDate observationDate,
    @JsonSerialize(using = ToStringSerializer.class) LocalDate holdoutDate,
    @JsonSerialize(using = ToStringSerializer.class) LocalDate dataAsOf,
    TrainConfig config,
    List<KeptFeature> kept,
    List<DroppedFeature> dropped,
    double intercept,
    double factor,
    double offset,
    double basePoints,
    Evaluation.Metrics train,
    Evaluation.Metrics holdout,
    double psi) {

  /** A feature in the model. */
  public record KeptFeature(String feature, double iv, double coefficient, FeatureBins bins) {}

  /** A feature left out, and its IV. */
  public record DroppedFeature(String feature, double iv) {}
}
