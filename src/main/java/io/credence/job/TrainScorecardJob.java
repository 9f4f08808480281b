package io.credence.job;

import static io.credence.schema.Columns.SCORE_STATUS;
import static io.credence.schema.Columns.UNSCORABLE_REASON;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.credence.config.EligibilityConfig;
import io.credence.config.FeatureConfig;
import io.credence.feature.FeatureBuilder;
import io.credence.feature.FeatureInputs;
import io.credence.privacy.PrivacyPolicy;
import io.credence.schema.FeatureNames;
import io.credence.schema.InputDataset;
import io.credence.score.Eligibility;
import io.credence.score.ScorecardInput;
import io.credence.train.Labels;
import io.credence.train.TrainConfig;
import io.credence.train.TrainingReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains a scorecard from the validated inputs as of E: features at each observation date D0,
 * labels from the 12 months after it, the populations of all dates stacked (person × date rows),
 * then {@link ScorecardFit} on them, evaluated on an out-of-time holdout D1.
 */
public final class TrainScorecardJob {
  private TrainScorecardJob() {}

  /** What a training run needs besides the session; observation dates earliest first. */
  public record Request(
      String inputRoot,
      FeatureConfig features,
      EligibilityConfig eligibility,
      TrainConfig config,
      List<LocalDate> observationDates,
      LocalDate holdoutDate,
      LocalDate dataAsOf,
      Path out,
      int shufflePartitions,
      PrivacyPolicy privacy) {
    public Request {
      java.util.Objects.requireNonNull(privacy, "privacy (ids and erasures of the warehouse)");
      observationDates = observationDates.stream().distinct().sorted().toList();
      if (observationDates.isEmpty()) {
        throw new IllegalArgumentException("training needs at least one observation date");
      }
    }

    /** The latest observation date, from which the default holdout is counted. */
    public LocalDate latestObservationDate() {
      return observationDates.get(observationDates.size() - 1);
    }
  }

  /** The report and the directory holding the outputs. */
  public record Result(TrainingReport report, Path directory) {}

  /** Runs the training; refuses dates whose outcome windows are incomplete before reading data. */
  public static Result run(SparkSession spark, Request req, Progress progress) {
    req.observationDates().forEach(d -> Labels.requireCompleteWindow(d, req.dataAsOf()));
    Labels.requireCompleteWindow(req.holdoutDate(), req.dataAsOf());
    // The partitioning fixes the order of MLlib's sums, so the same config gives the same model.
    spark.conf().set("spark.sql.shuffle.partitions", req.shufflePartitions());
    List<Dataset<Row>> cached = new ArrayList<>();
    try (ValidatedInputs inputs =
        ValidatedInputs.load(spark, req.inputRoot(), req.dataAsOf(), progress, req.privacy())) {
      List<TrainingReport.DateRows> perDate = new ArrayList<>();
      Dataset<Row> train = null;
      for (LocalDate date : req.observationDates()) {
        Dataset<Row> population = population(inputs, req, date);
        cached.add(population);
        TrainingReport.DateRows[] counted = new TrainingReport.DateRows[1];
        progress.stage(
            "training population " + date,
            () -> {
              counted[0] = rows(date, population);
              return counted[0].rows();
            });
        perDate.add(counted[0]);
        train = train == null ? population : train.union(population);
      }
      Dataset<Row> holdout = population(inputs, req, req.holdoutDate());
      cached.add(holdout);
      progress.stage("holdout population " + req.holdoutDate(), holdout::count);
      return ScorecardFit.fitAndWrite(
          train, holdout, spec(req, perDate), req.config(), req.out(), progress);
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  private static TrainingReport.DateRows rows(LocalDate date, Dataset<Row> population) {
    Row r = population.agg(count(lit(1)), sum(col(Labels.LABEL))).first();
    long bads = r.isNullAt(1) ? 0 : Math.round(r.getDouble(1));
    return new TrainingReport.DateRows(date, r.getLong(0), bads);
  }

  private static ScorecardFit.Spec spec(Request req, List<TrainingReport.DateRows> perDate) {
    String dates =
        req.observationDates().stream().map(LocalDate::toString).collect(Collectors.joining(", "));
    String description =
        "Trained with MLlib at observation date"
            + (req.observationDates().size() > 1 ? "s " : " ")
            + dates
            + " on data as of "
            + req.dataAsOf()
            + "; see metadata.json and report.md next to this file.";
    TrainingReport.Sample sample =
        new TrainingReport.Sample(
            "inputs",
            "a serious delinquency in the "
                + Labels.OUTCOME_MONTHS
                + " months after the observation date (records under dispute at the window's"
                + " end do not count)",
            perDate,
            "out-of-time, the persons scorable at " + req.holdoutDate(),
            req.holdoutDate(),
            req.dataAsOf());
    String id = "trained-" + req.latestObservationDate().format(DateTimeFormatter.BASIC_ISO_DATE);
    return new ScorecardFit.Spec(
        FeatureNames.ALL, ScorecardInput.FEATURES, id, description, sample);
  }

  /** Eligible persons at {@code date} with their features and label, cached. */
  private static Dataset<Row> population(ValidatedInputs inputs, Request req, LocalDate date) {
    FeatureInputs fi = inputs.featureInputs();
    Dataset<Row> eligible =
        Eligibility.withStatus(FeatureBuilder.build(fi, date, req.features()), req.eligibility())
            .where(col(SCORE_STATUS).equalTo(Eligibility.SCORED))
            .drop(SCORE_STATUS, UNSCORABLE_REASON);
    return Labels.withBadFlag(
            eligible,
            inputs.accepted(InputDataset.PAYMENTS),
            inputs.accepted(InputDataset.COURT_RECORDS),
            inputs.accepted(InputDataset.DISPUTES),
            date,
            req.dataAsOf())
        .persist(StorageLevel.MEMORY_AND_DISK());
  }
}
