package io.credence.job;

import static io.credence.schema.Columns.*;

import io.credence.config.ConfigLoader;
import io.credence.config.JobConfig;
import io.credence.error.CredenceException;
import io.credence.feature.FeatureBuilder;
import io.credence.privacy.PersonIds;
import io.credence.publish.DeltaWriter;
import io.credence.publish.GateResult;
import io.credence.publish.QualityGates;
import io.credence.publish.RunRecord;
import io.credence.publish.Table;
import io.credence.publish.WarehouseLock;
import io.credence.report.MonitoringGroups;
import io.credence.schema.InputDataset;
import io.credence.score.ScoreStage;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardYaml;
import io.credence.score.Tiers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly run: validate inputs, compute features, score, check the quality gates, and only then
 * publish quarantine, features, the snapshot, scores_current and the run record.
 */
public final class NightlyScoreJob {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyScoreJob.class);

  /** A lock older than this is stale whatever its owner's state: no nightly run takes longer. */
  private static final Duration MAX_RUN_TIME = Duration.ofHours(12);

  private final SparkSession spark;
  private final JobConfig config;
  private final String configHash;
  private final LocalDate asOf;
  private final boolean force;
  private final String runId;
  private final Instant startedAt = Instant.now();
  private final Progress progress = new Progress();
  private final PersonIds ids;

  private NightlyScoreJob(
      SparkSession spark,
      ConfigLoader.Loaded loaded,
      LocalDate asOf,
      boolean force,
      PersonIds ids) {
    this.spark = spark;
    this.ids = ids;
    this.config = loaded.config();
    this.configHash = loaded.hash();
    this.asOf = asOf;
    this.force = force;
    this.runId = RunIds.next(asOf, startedAt);
  }

  /** Whether gates may be overridden. */
  public enum GateMode {
    ENFORCE,
    FORCE
  }

  /** Runs the job for {@code asOf}; throws a {@link CredenceException} on a blocked gate. */
  public static RunSummary run(
      SparkSession spark, ConfigLoader.Loaded loaded, LocalDate asOf, GateMode mode) {
    return run(spark, loaded, asOf, mode, PersonIds.raw());
  }

  /** As above, storing person ids as {@code ids} says (see README "Privacy"). */
  public static RunSummary run(
      SparkSession spark,
      ConfigLoader.Loaded loaded,
      LocalDate asOf,
      GateMode mode,
      PersonIds ids) {
    if (loaded.config().privacy().pseudonymize() != ids.pseudonymized()) {
      throw new IllegalArgumentException("privacy.pseudonymize needs a pseudonym key, and only it");
    }
    return new NightlyScoreJob(spark, loaded, asOf, mode == GateMode.FORCE, ids).run();
  }

  private RunSummary run() {
    Scorecard card = ScorecardYaml.read(Path.of(config.scoring().scorecard()));
    card.requireFeaturesInput();
    Tiers tiers = new Tiers(config.scoring().tiers());
    spark.conf().set("spark.sql.shuffle.partitions", config.spark().shufflePartitions());
    LOG.info("run {} for {} with scorecard {}", runId, asOf, card.id());
    try (WarehouseLock lock =
        WarehouseLock.acquire(
            spark.sparkContext().hadoopConfiguration(), config.warehouse(), runId, MAX_RUN_TIME)) {
      PersonTables.requireMode(spark, config.warehouse(), ids);
      try {
        return scoreAndPublish(card, tiers);
      } catch (CredenceException e) {
        throw e; // bad input writes nothing; a blocked gate has recorded its own run row
      } catch (RuntimeException e) {
        recordFailure(card, e);
        throw e;
      }
    }
  }

  private RunSummary scoreAndPublish(Scorecard card, Tiers tiers) {
    try (ValidatedInputs inputs =
        ValidatedInputs.load(
            spark,
            config.inputs().root(),
            asOf,
            progress,
            ErasureJob.policy(spark, config.warehouse(), ids))) {
      Dataset<Row> features =
          FeatureBuilder.build(inputs.featureInputs(), asOf, config.features())
              .persist(StorageLevel.MEMORY_AND_DISK());
      progress.stage("features", features::count);
      Dataset<Row> scores =
          ScoreStage.score(
                  features, card, config.eligibility(), tiers, config.scoring().maxReasons())
              .persist(StorageLevel.MEMORY_AND_DISK());
      SnapshotStats[] stats = new SnapshotStats[1];
      progress.stage(
          "score",
          () -> {
            stats[0] = SnapshotStats.of(scores);
            return stats[0].persons();
          });
      try {
        return checkAndPublish(inputs, features, scores, stats[0], card);
      } finally {
        scores.unpersist();
        features.unpersist();
      }
    }
  }

  /** Best effort: a FAILED row in runs, so operators see the failure next to the good runs. */
  private void recordFailure(Scorecard card, RuntimeException failure) {
    String message = "FAILED: " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
    RunRecord record = RunRecord.failed(runId, asOf, startedAt, message, card.id(), configHash);
    try {
      DeltaWriter.append(Table.RUNS, config.warehouse(), record.toDataFrame(spark));
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private RunSummary checkAndPublish(
      ValidatedInputs inputs,
      Dataset<Row> features,
      Dataset<Row> scores,
      SnapshotStats stats,
      Scorecard card) {
    PreviousSnapshot previous = PreviousSnapshot.before(spark, config.warehouse(), asOf);
    List<GateResult> gates =
        QualityGates.evaluate(measure(inputs, stats, previous), config.quality());
    boolean blocked = QualityGates.blocks(gates);
    Double psi =
        previous == null ? null : QualityGates.psi(previous.stats().bands(), stats.bands());
    writeQuarantine(inputs);
    RunRecord.Status status =
        blocked && !force ? RunRecord.Status.BLOCKED : RunRecord.Status.PUBLISHED;
    if (status == RunRecord.Status.PUBLISHED) {
      publish(features, scores);
      writeMonitoring(inputs.accepted(InputDataset.PERSONS), scores);
    }
    String message = message(gates, blocked);
    writeRun(status, message, card, inputs, stats, psi, previous, gates);
    String report = status == RunRecord.Status.PUBLISHED ? writeReport() : null;
    RunSummary summary = summary(status, inputs, stats, psi, gates, report);
    if (status == RunRecord.Status.BLOCKED) {
      throw CredenceException.gateBlocked(
          "run " + runId + " for " + asOf + " was BLOCKED by quality gates: " + message,
          "inspect the runs and quarantine tables; if the change is expected, rerun with --force");
    }
    return summary;
  }

  private QualityGates.Measured measure(
      ValidatedInputs inputs, SnapshotStats stats, PreviousSnapshot previous) {
    Map<String, Double> rejectRatios = new LinkedHashMap<>();
    inputs
        .datasetCounts()
        .forEach(
            (dataset, c) ->
                rejectRatios.put(
                    dataset, c.read() == 0 ? 0.0 : c.quarantined() / (double) c.read()));
    Double populationChange = null;
    Double psi = null;
    if (previous != null && previous.stats().persons() > 0) {
      populationChange =
          Math.abs(stats.persons() - previous.stats().persons())
              / (double) previous.stats().persons();
      psi = QualityGates.psi(previous.stats().bands(), stats.bands());
    }
    double unscorableShare =
        stats.persons() == 0 ? 1.0 : (stats.persons() - stats.scored()) / (double) stats.persons();
    return new QualityGates.Measured(rejectRatios, populationChange, unscorableShare, psi);
  }

  private void writeQuarantine(ValidatedInputs inputs) {
    progress.stage(
        "write quarantine",
        () -> {
          Dataset<Row> all = null;
          for (InputDataset dataset : InputDataset.values()) {
            Dataset<Row> rows = inputs.rejected(dataset, asOf, runId);
            all = all == null ? rows : all.unionByName(rows);
          }
          PersonTables.create(spark, config.warehouse(), ids, Table.QUARANTINE);
          DeltaWriter.replacePartition(Table.QUARANTINE, config.warehouse(), all, asOf);
          return inputs.datasetCounts().values().stream().mapToLong(c -> c.quarantined()).sum();
        });
  }

  private void publish(Dataset<Row> features, Dataset<Row> scores) {
    java.sql.Date day = java.sql.Date.valueOf(asOf);
    Dataset<Row> snapshot =
        scores
            .withColumn(SNAPSHOT_DATE, functions.lit(day))
            .withColumn(RUN_ID, functions.lit(runId));
    PersonTables.create(
        spark,
        config.warehouse(),
        ids,
        Table.FEATURES,
        Table.SCORE_SNAPSHOTS,
        Table.SCORES_CURRENT);
    progress.stage(
        "write features",
        () -> {
          DeltaWriter.replacePartition(
              Table.FEATURES,
              config.warehouse(),
              features
                  .withColumn(SNAPSHOT_DATE, functions.lit(day))
                  .withColumn(RUN_ID, functions.lit(runId)),
              asOf);
          return -1L;
        });
    progress.stage(
        "write score_snapshots",
        () -> {
          DeltaWriter.replacePartition(Table.SCORE_SNAPSHOTS, config.warehouse(), snapshot, asOf);
          return -1L;
        });
    progress.stage(
        "merge scores_current",
        () -> {
          DeltaWriter.mergeCurrent(spark, config.warehouse(), snapshot, asOf);
          return -1L;
        });
  }

  /** Fairness monitoring aggregates (region, age band) of the snapshot; see MonitoringGroups. */
  private void writeMonitoring(Dataset<Row> persons, Dataset<Row> scores) {
    progress.stage(
        "write monitoring",
        () -> {
          DeltaWriter.replacePartition(
              Table.MONITORING,
              config.warehouse(),
              MonitoringGroups.of(scores, persons, asOf)
                  .withColumn(SNAPSHOT_DATE, functions.lit(java.sql.Date.valueOf(asOf)))
                  .withColumn(RUN_ID, functions.lit(runId)),
              asOf);
          return -1L;
        });
  }

  /**
   * The run report, from the tables just published. The snapshot is published by now, so a report
   * that cannot be written is a warning (rewrite it with {@code credence report}), not a failure.
   */
  private String writeReport() {
    String[] path = new String[1];
    try {
      progress.stage(
          "write report",
          () -> {
            path[0] = RunReport.write(spark, config.warehouse(), asOf, config.report());
            return -1L;
          });
    } catch (RuntimeException e) {
      LOG.warn("run report not written; rewrite it with `credence report --date {}`", asOf, e);
    }
    return path[0];
  }

  private void writeRun(
      RunRecord.Status status,
      String message,
      Scorecard card,
      ValidatedInputs inputs,
      SnapshotStats stats,
      Double psi,
      PreviousSnapshot previous,
      List<GateResult> gates) {
    List<RunRecord.Count> counts = new ArrayList<>();
    inputs
        .datasetCounts()
        .forEach(
            (d, c) -> counts.add(new RunRecord.Count(d, c.read(), c.accepted(), c.quarantined())));
    RunRecord record =
        new RunRecord(
            runId,
            asOf,
            startedAt,
            Instant.now(),
            status,
            force && QualityGates.blocks(gates),
            message,
            card.id(),
            configHash,
            counts,
            stats.persons(),
            stats.scored(),
            stats.persons() - stats.scored(),
            stats.mean(),
            stats.scoreMin(),
            stats.scoreMax(),
            psi,
            previous == null ? null : previous.date(),
            gates,
            progress.timings().stream()
                .map(t -> new RunRecord.Timing(t.stage(), t.rows(), t.seconds()))
                .toList());
    progress.stage(
        "write runs",
        () -> {
          DeltaWriter.append(Table.RUNS, config.warehouse(), record.toDataFrame(spark));
          return 1L;
        });
  }

  private String message(List<GateResult> gates, boolean blocked) {
    List<String> notable =
        gates.stream()
            .filter(
                g ->
                    g.outcome() == GateResult.Outcome.BLOCK
                        || g.outcome() == GateResult.Outcome.WARN)
            .map(GateResult::describe)
            .toList();
    String prefix = blocked && force ? "FORCED past blocking gates: " : "";
    return notable.isEmpty() ? "all gates passed" : prefix + String.join("; ", notable);
  }

  private RunSummary summary(
      RunRecord.Status status,
      ValidatedInputs inputs,
      SnapshotStats stats,
      Double psi,
      List<GateResult> gates,
      String report) {
    return new RunSummary(
        runId,
        asOf,
        status.name(),
        force && QualityGates.blocks(gates),
        inputs.quarantinedByReason(),
        inputs.datasetCounts(),
        stats.tiers(),
        stats.unscorable(),
        stats.mean(),
        psi,
        gates,
        progress.timings(),
        report);
  }
}
