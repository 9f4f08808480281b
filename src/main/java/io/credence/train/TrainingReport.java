package io.credence.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything a training run learned and measured: written as metadata.json and report.md.
 *
 * @param scorecardId the trained scorecard's id
 * @param sample where the training rows came from, their label and their holdout
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
 * @param proxies the likely-proxy check of a table (null from the inputs)
 */
public record TrainingReport(
    String scorecardId,
    Sample sample,
    TrainConfig config,
    List<KeptFeature> kept,
    List<DroppedFeature> dropped,
    double intercept,
    double factor,
    double offset,
    double basePoints,
    Evaluation.Metrics train,
    Evaluation.Metrics holdout,
    double psi,
    @JsonInclude(JsonInclude.Include.NON_NULL) Proxies proxies) {

  /**
   * The training sample. From the inputs: one population per observation date D0, stacked, labelled
   * by the 12 months after it, and an out-of-time holdout at D1. From a table: its rows and label
   * column, and a holdout table or a hashed share of the rows.
   *
   * @param source "inputs" or the path of the training table
   * @param label how the label was made
   * @param observationDates per observation date its rows and bads (empty for a table)
   * @param holdout how the holdout was chosen
   * @param holdoutDate D1 of the out-of-time holdout (null for a table)
   * @param dataAsOf E, the as-of date of the inputs (null for a table)
   * @param latestInputDate the latest event date in the inputs on or before E, which every outcome
   *     window must end by (null for a table)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Sample(
      String source,
      String label,
      List<DateRows> observationDates,
      String holdout,
      @JsonSerialize(using = ToStringSerializer.class) LocalDate holdoutDate,
      @JsonSerialize(using = ToStringSerializer.class) LocalDate dataAsOf,
      @JsonSerialize(using = ToStringSerializer.class) LocalDate latestInputDate) {

    public Sample {
      observationDates = List.copyOf(observationDates);
    }

    /** The latest observation date; null for a table. */
    public LocalDate latestObservationDate() {
      return observationDates.isEmpty()
          ? null
          : observationDates.get(observationDates.size() - 1).date();
    }
  }

  /** The rows and bads of one observation date. */
  public record DateRows(
      @JsonSerialize(using = ToStringSerializer.class) LocalDate date, long rows, long bads) {}

  /** A feature in the model. */
  public record KeptFeature(String feature, double iv, double coefficient, FeatureBins bins) {}

  /** A feature left out, and its IV. */
  public record DroppedFeature(String feature, double iv) {}

  /**
   * The likely-proxy check of a table (see {@link ProxyCheck}).
   *
   * @param protectedColumns the table's protected columns the kept features were compared with
   * @param maxAssociation the Cramér's V above which a feature is a likely proxy
   * @param associations per kept feature its strongest association (empty without protected
   *     columns)
   * @param allowed likely proxies kept because --allow-proxy named them, with why each was flagged
   */
  public record Proxies(
      List<String> protectedColumns,
      double maxAssociation,
      List<Association> associations,
      List<AllowedProxy> allowed) {
    public Proxies {
      protectedColumns = List.copyOf(protectedColumns);
      associations = List.copyOf(associations);
      allowed = List.copyOf(allowed);
    }
  }

  /** A kept feature's strongest association with a protected column. */
  public record Association(String feature, String protectedColumn, double cramersV) {}

  /** A likely proxy kept on the modeller's word, and why it was flagged. */
  public record AllowedProxy(String feature, String reason) {}
}
