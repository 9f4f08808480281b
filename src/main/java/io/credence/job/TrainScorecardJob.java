package io.credence.job;

import static io.credence.schema.Columns.SCORE;
import static io.credence.schema.Columns.SCORE_STATUS;
import static io.credence.schema.Columns.UNSCORABLE_REASON;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.credence.config.ConfigLoader;
import io.credence.config.EligibilityConfig;
import io.credence.config.FeatureConfig;
import io.credence.error.CredenceException;
import io.credence.feature.FeatureBuilder;
import io.credence.feature.FeatureInputs;
import io.credence.publish.QualityGates;
import io.credence.schema.FeatureNames;
import io.credence.schema.InputDataset;
import io.credence.score.Eligibility;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardApplier;
import io.credence.score.ScorecardYaml;
import io.credence.train.Binning;
import io.credence.train.Directions;
import io.credence.train.Evaluation;
import io.credence.train.FeatureBins;
import io.credence.train.Labels;
import io.credence.train.ModelFit;
import io.credence.train.PointsTable;
import io.credence.train.ReportMarkdown;
import io.credence.train.TrainConfig;
import io.credence.train.TrainingReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains a scorecard: features at the observation date D0 from the validated inputs as of E, labels
 * from the 12 months after D0, bins and WoE, a sign-bounded logistic regression, PDO scaling,
 * evaluation on an out-of-time holdout D1, and the outputs under {@code <out>/<scorecard_id>/}:
 * scorecard.yaml, model/ (the MLlib PipelineModel), metadata.json and report.md.
 */
public final class TrainScorecardJob {
  private TrainScorecardJob() {}

  /** What a training run needs besides the session. */
  public record Request(
      String inputRoot,
      FeatureConfig features,
      EligibilityConfig eligibility,
      TrainConfig config,
      LocalDate observationDate,
      LocalDate holdoutDate,
      LocalDate dataAsOf,
      Path out,
      int shufflePartitions) {}

  /** The report and the directory holding the outputs. */
  public record Result(TrainingReport report, Path directory) {}

  /** Runs the training; refuses dates whose outcome windows are incomplete before reading data. */
  public static Result run(SparkSession spark, Request req, Progress progress) {
    Labels.requireCompleteWindow(req.observationDate(), req.dataAsOf());
    Labels.requireCompleteWindow(req.holdoutDate(), req.dataAsOf());
    // The partitioning fixes the order of MLlib's sums, so the same config gives the same model.
    spark.conf().set("spark.sql.shuffle.partitions", req.shufflePartitions());
    try (ValidatedInputs inputs =
        ValidatedInputs.load(spark, req.inputRoot(), req.dataAsOf(), progress)) {
      Dataset<Row> train = population(inputs, req, req.observationDate());
      Dataset<Row> holdout = population(inputs, req, req.holdoutDate());
      try {
        progress.stage("training population " + req.observationDate(), train::count);
        progress.stage("holdout population " + req.holdoutDate(), holdout::count);
        return fitAndWrite(train, holdout, req, progress);
      } finally {
        train.unpersist();
        holdout.unpersist();
      }
    }
  }

  /** Eligible persons at {@code date} with their features and label, cached. */
  private static Dataset<Row> population(ValidatedInputs inputs, Request req, LocalDate date) {
    FeatureInputs fi =
        new FeatureInputs(
            inputs.accepted(InputDataset.PERSONS),
            inputs.accepted(InputDataset.SHOPPING_ORDERS),
            inputs.accepted(InputDataset.PAYMENTS),
            inputs.accepted(InputDataset.COURT_RECORDS),
            inputs.accepted(InputDataset.DISPUTES));
    Dataset<Row> eligible =
        Eligibility.withStatus(FeatureBuilder.build(fi, date, req.features()), req.eligibility())
            .where(col(SCORE_STATUS).equalTo(Eligibility.SCORED))
            .drop(SCORE_STATUS, UNSCORABLE_REASON);
    return Labels.withBadFlag(
            eligible,
            inputs.accepted(InputDataset.PAYMENTS),
            inputs.accepted(InputDataset.COURT_RECORDS),
            date,
            req.dataAsOf())
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  private static Result fitAndWrite(
      Dataset<Row> train, Dataset<Row> holdout, Request req, Progress progress) {
    TrainConfig cfg = req.config();
    List<FeatureBins> all = Binning.fit(train, FeatureNames.ALL, cfg.binning(), Directions.FIXED);
    List<FeatureBins> kept = all.stream().filter(b -> b.iv() >= cfg.binning().minIv()).toList();
    if (kept.isEmpty()) {
      throw CredenceException.badInput(
          "no feature reaches the minimum information value " + cfg.binning().minIv(),
          "a scorecard needs at least one feature that separates good from bad",
          "lower binning.min_iv, or train on a larger population or another observation date");
    }
    PipelineModel model = ModelFit.fit(train, kept, cfg.model());
    LogisticRegressionModel lr = ModelFit.logistic(model);
    Scorecard card = export(req, kept, lr);
    Evaluation.Metrics trainMetrics = evaluate(train, card, cfg);
    Evaluation.Metrics holdoutMetrics = evaluate(holdout, card, cfg);
    TrainingReport report = report(req, card, all, kept, lr, trainMetrics, holdoutMetrics);
    Path dir = req.out().resolve(card.id());
    progress.stage("write " + dir, () -> write(dir, card, model, report));
    return new Result(report, dir);
  }

  /** The points table, its id "trained-D0-hash" naming the content so reruns give the same id. */
  private static Scorecard export(Request req, List<FeatureBins> kept, LogisticRegressionModel lr) {
    String date = req.observationDate().format(DateTimeFormatter.BASIC_ISO_DATE);
    String description =
        "Trained with MLlib at observation date "
            + req.observationDate()
            + " on data as of "
            + req.dataAsOf()
            + "; see metadata.json and report.md next to this file.";
    Scorecard draft =
        PointsTable.export("trained-" + date, description, kept, lr, req.config().scaling());
    String hash = ConfigLoader.sha256(draft.toString()).substring(0, 8);
    return PointsTable.export(
        "trained-" + date + "-" + hash, description, kept, lr, req.config().scaling());
  }

  private static Evaluation.Metrics evaluate(Dataset<Row> rows, Scorecard card, TrainConfig cfg) {
    Dataset<Row> scored =
        ScorecardApplier.apply(rows, card, 0).select(col(SCORE), col(Labels.LABEL));
    return Evaluation.evaluate(scored, cfg.scaling());
  }

  private static TrainingReport report(
      Request req,
      Scorecard card,
      List<FeatureBins> all,
      List<FeatureBins> kept,
      LogisticRegressionModel lr,
      Evaluation.Metrics trainMetrics,
      Evaluation.Metrics holdoutMetrics) {
    double[] coefficients = lr.coefficients().toArray();
    List<TrainingReport.KeptFeature> keptFeatures =
        java.util.stream.IntStream.range(0, kept.size())
            .mapToObj(
                i ->
                    new TrainingReport.KeptFeature(
                        kept.get(i).feature(), kept.get(i).iv(), coefficients[i], kept.get(i)))
            .toList();
    List<TrainingReport.DroppedFeature> dropped =
        all.stream()
            .filter(b -> !kept.contains(b))
            .map(b -> new TrainingReport.DroppedFeature(b.feature(), b.iv()))
            .toList();
    double psi = QualityGates.psi(trainMetrics.histogram(), holdoutMetrics.histogram());
    return new TrainingReport(
        card.id(),
        req.observationDate(),
        req.holdoutDate(),
        req.dataAsOf(),
        req.config(),
        keptFeatures,
        dropped,
        lr.intercept(),
        req.config().scaling().factor(),
        req.config().scaling().offset(),
        card.basePoints(),
        trainMetrics,
        holdoutMetrics,
        psi);
  }

  private static long write(Path dir, Scorecard card, PipelineModel model, TrainingReport report) {
    try {
      Files.createDirectories(dir);
      ScorecardYaml.write(card, dir.resolve("scorecard.yaml"));
      model.write().overwrite().save(dir.resolve("model").toString());
      Files.writeString(dir.resolve("metadata.json"), json().writeValueAsString(report));
      Files.writeString(dir.resolve("report.md"), ReportMarkdown.render(report));
      return -1L;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trained scorecard to " + dir, e);
    }
  }

  private static ObjectMapper json() {
    return new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  }
}
