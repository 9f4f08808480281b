package io.credence.job;

import static io.credence.schema.Columns.SCORE_STATUS;
import static io.credence.schema.Columns.UNSCORABLE_REASON;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.credence.config.EligibilityConfig;
import io.credence.config.FeatureConfig;
import io.credence.error.TrainErrors;
import io.credence.feature.FeatureBuilder;
import io.credence.feature.FeatureInputs;
import io.credence.privacy.PrivacyPolicy;
import io.credence.quality.ValidatedInputs;
import io.credence.run.Progress;
import io.credence.schema.FeatureNames;
import io.credence.schema.InputDataset;
import io.credence.score.Eligibility;
import io.credence.score.ScorecardInput;
import io.credence.source.InputReader;
import io.credence.spark.ScopedConf;
import io.credence.spark.SparkSessions;
import io.credence.train.DataEnd;
import io.credence.train.Labels;
import io.credence.train.ScorecardFit;
import io.credence.train.TrainConfig;
import io.credence.train.TrainedScorecard;
import io.credence.train.TrainingReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains a scorecard from the validated inputs as of E: features at each observation date D0,
 * labels from the 12 months after it, the populations of all dates stacked (person × date rows),
 * then {@link ScorecardFit} on them, evaluated on an out-of-time holdout D1.
 *
 * <p>Phases: refuse dates that cannot give honest labels (a holdout overlapping training outcomes,
 * a window past E); read the inputs once; find their latest date (E when none is given) and refuse
 * windows past it; validate the inputs as of E under the warehouse's privacy policy; build and
 * count each date's population and the holdout's, refusing one without both goods and bads; fit and
 * write.
 */
public final class TrainScorecardJob {
  private TrainScorecardJob() {}

  /**
   * What a training run needs besides the session; observation dates earliest first.
   *
   * @param dataAsOf E, the as-of date of the inputs; null: the latest date in the inputs (on or
   *     before today in UTC), see {@link DataEnd}
   */
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
      java.util.Objects.requireNonNull(holdoutDate, "holdoutDate");
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

  /** Runs the training; refuses dates that cannot be labelled honestly before validating data. */
  public static TrainedScorecard run(SparkSession spark, Request req, Progress progress) {
    // The partitioning fixes the order of MLlib's sums, so the same config gives the same model.
    try (ScopedConf partitions =
        ScopedConf.set(spark, SparkSessions.SHUFFLE_PARTITIONS, req.shufflePartitions())) {
      return train(spark, req, progress);
    }
  }

  private static TrainedScorecard train(SparkSession spark, Request req, Progress progress) {
    Labels.requireOutOfTime(req.observationDates(), req.holdoutDate());
    if (req.dataAsOf() != null) {
      req.observationDates().forEach(d -> Labels.requireCompleteWindow(d, false, req.dataAsOf()));
      Labels.requireCompleteWindow(req.holdoutDate(), true, req.dataAsOf());
    }
    // Read once: the latest date and the validation take the same datasets.
    Map<InputDataset, Dataset<Row>> read = InputReader.readAll(spark, req.inputRoot());
    LocalDate latest = latestInputDate(read, req, progress);
    req.observationDates().forEach(d -> Labels.requireCoveredByInputs(d, false, latest));
    Labels.requireCoveredByInputs(req.holdoutDate(), true, latest);
    LocalDate asOf = req.dataAsOf() != null ? req.dataAsOf() : latest;
    List<Dataset<Row>> cached = new ArrayList<>();
    try (ValidatedInputs inputs = ValidatedInputs.load(read, asOf, progress, req.privacy())) {
      List<TrainingReport.DateRows> perDate = new ArrayList<>();
      Dataset<Row> train = null;
      for (LocalDate date : req.observationDates()) {
        Dataset<Row> population = population(inputs, req, date, asOf);
        cached.add(population);
        perDate.add(counted("training population " + date, date, population, progress));
        train = train == null ? population : train.union(population);
      }
      TrainingReport.DateRows trained = total(perDate);
      if (!bothClasses(trained)) {
        throw TrainErrors.trainingPopulationOneClass(trained.rows(), trained.bads(), asOf);
      }
      Dataset<Row> holdout = population(inputs, req, req.holdoutDate(), asOf);
      cached.add(holdout);
      TrainingReport.DateRows held =
          counted("holdout population " + req.holdoutDate(), req.holdoutDate(), holdout, progress);
      if (!bothClasses(held)) {
        throw TrainErrors.holdoutPopulationOneClass(
            req.holdoutDate(),
            held.rows(),
            held.bads(),
            Labels.windowEnd(req.latestObservationDate()),
            asOf.minusMonths(Labels.OUTCOME_MONTHS));
      }
      return ScorecardFit.fitAndWrite(
          train, holdout, spec(req, perDate, asOf, latest), req.config(), req.out(), progress);
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  /** The latest date of the inputs, on or before E (or today when E is not given). */
  private static LocalDate latestInputDate(
      Map<InputDataset, Dataset<Row>> read, Request req, Progress progress) {
    LocalDate cap = req.dataAsOf() != null ? req.dataAsOf() : LocalDate.now(ZoneOffset.UTC);
    LocalDate latest =
        progress.stage(
            "latest input date",
            () -> {
              Row r = DataEnd.latestDate(read, cap).first();
              return r.isNullAt(0) ? null : r.getDate(0).toLocalDate();
            },
            date -> date == null ? 0L : 1L);
    if (latest == null) {
      throw TrainErrors.noInputDate(req.inputRoot(), cap);
    }
    return latest;
  }

  private static TrainingReport.DateRows counted(
      String stage, LocalDate date, Dataset<Row> population, Progress progress) {
    return progress.stage(stage, () -> rows(date, population), TrainingReport.DateRows::rows);
  }

  private static TrainingReport.DateRows total(List<TrainingReport.DateRows> perDate) {
    return new TrainingReport.DateRows(
        perDate.get(0).date(),
        perDate.stream().mapToLong(TrainingReport.DateRows::rows).sum(),
        perDate.stream().mapToLong(TrainingReport.DateRows::bads).sum());
  }

  /** Whether a population holds both goods and bads: WoE, AUC and KS need both. */
  private static boolean bothClasses(TrainingReport.DateRows counts) {
    return counts.rows() > 0 && counts.bads() > 0 && counts.bads() < counts.rows();
  }

  private static TrainingReport.DateRows rows(LocalDate date, Dataset<Row> population) {
    Row r = population.agg(count(lit(1)), sum(col(Labels.LABEL))).first();
    long bads = r.isNullAt(1) ? 0 : Math.round(r.getDouble(1));
    return new TrainingReport.DateRows(date, r.getLong(0), bads);
  }

  private static ScorecardFit.Spec spec(
      Request req, List<TrainingReport.DateRows> perDate, LocalDate asOf, LocalDate latest) {
    String dates =
        req.observationDates().stream().map(LocalDate::toString).collect(Collectors.joining(", "));
    String description =
        "Trained with MLlib at observation date"
            + (req.observationDates().size() > 1 ? "s " : " ")
            + dates
            + " on data as of "
            + asOf
            + "; see metadata.json and report.md next to this file.";
    TrainingReport.Sample sample =
        new TrainingReport.Sample(
            "inputs",
            "a serious delinquency in the "
                + Labels.OUTCOME_MONTHS
                + " months after the observation date: a payment reaching 90 days past due, or an"
                + " enforcement or defaulter listing filed, as things stood at the window's end"
                + " (records under dispute then do not count)",
            perDate,
            "out-of-time, the persons scorable at " + req.holdoutDate(),
            req.holdoutDate(),
            asOf,
            latest);
    String id = "trained-" + req.latestObservationDate().format(DateTimeFormatter.BASIC_ISO_DATE);
    return new ScorecardFit.Spec(
        FeatureNames.ALL, ScorecardInput.FEATURES, id, description, sample, null);
  }

  /** Eligible persons at {@code date} with their features and label, cached. */
  private static Dataset<Row> population(
      ValidatedInputs inputs, Request req, LocalDate date, LocalDate asOf) {
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
            asOf)
        .persist(StorageLevel.MEMORY_AND_DISK());
  }
}
