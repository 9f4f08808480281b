package io.credence.job;

import static io.credence.schema.Columns.*;

import io.credence.config.ConfigLoader;
import io.credence.config.JobConfig;
import io.credence.error.CredenceException;
import io.credence.error.WarehouseErrors;
import io.credence.privacy.PersonIds;
import io.credence.publish.DeltaWriter;
import io.credence.publish.GateResult;
import io.credence.publish.PersonTables;
import io.credence.publish.QualityGates;
import io.credence.publish.RunRecord;
import io.credence.publish.Table;
import io.credence.publish.WarehouseLock;
import io.credence.quality.OnePassInputs;
import io.credence.report.MonitoringGroups;
import io.credence.report.PreviousSnapshot;
import io.credence.report.ReportModel;
import io.credence.report.RunReport;
import io.credence.report.SnapshotStats;
import io.credence.run.Progress;
import io.credence.run.RunSummary;
import io.credence.schema.InputDataset;
import io.credence.score.ScoreStage;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardYaml;
import io.credence.score.Tiers;
import io.credence.spark.CachedRows;
import io.credence.spark.ScopedConf;
import io.credence.spark.SparkSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
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

  /**
   * The run's record once its snapshot is committed (the publication), else null: a failure after
   * that point is recorded as a PUBLISHED run with the failure in its message, not as FAILED.
   */
  private final AtomicReference<RunRecord> published = new AtomicReference<>();

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

  /** As above, storing person ids as {@code ids} says (see docs/privacy.md). */
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
    LOG.info("run {} for {} with scorecard {}", runId, asOf, card.id());
    try (ScopedConf partitions =
            ScopedConf.set(
                spark, SparkSessions.SHUFFLE_PARTITIONS, config.spark().shufflePartitions());
        WarehouseLock lock =
            WarehouseLock.acquire(
                spark.sparkContext().hadoopConfiguration(),
                config.warehouse(),
                runId,
                MAX_RUN_TIME)) {
      PersonTables.requireMode(spark, config.warehouse(), ids);
      try {
        return scoreAndPublish(card, tiers);
      } catch (CredenceException e) {
        throw e; // bad input writes nothing; a blocked gate has recorded its own run row
      } catch (RuntimeException e) {
        recordFailure(card, e);
        if (published.get() != null) {
          throw new IllegalStateException(
              "the snapshot of "
                  + asOf
                  + " was published by run "
                  + runId
                  + ", but a later step failed (the runs table says so); rerun the date to"
                  + " complete it: "
                  + e.getMessage(),
              e);
        }
        throw e;
      }
    }
  }

  private RunSummary scoreAndPublish(Scorecard card, Tiers tiers) {
    try (OnePassInputs inputs =
            OnePassInputs.load(
                spark,
                config.inputs().root(),
                asOf,
                config.features(),
                ErasureJob.policy(spark, config.warehouse(), ids),
                new OnePassInputs.Plan(
                    config.spark().shufflePartitions(), config.spark().broadcastPersonsMax()),
                progress);
        CachedRows caches = new CachedRows()) {
      Dataset<Row> features = inputs.features();
      Dataset<Row> scoring =
          caches.persist(
              ScoreStage.score(
                  features, card, config.eligibility(), tiers, config.scoring().maxReasons()));
      SnapshotStats[] stats = new SnapshotStats[1];
      progress.stage(
          "score",
          () -> {
            stats[0] = SnapshotStats.of(scoring);
            return stats[0].persons();
          });
      return checkAndPublish(inputs, features, caches.view(scoring), stats[0], card);
    }
  }

  /**
   * Best effort: a FAILED row in runs, so operators see the failure next to the good runs. Once the
   * snapshot is committed the run is published whatever fails after it, so its row says PUBLISHED,
   * with the failure in its message (see {@link #published}).
   */
  private void recordFailure(Scorecard card, RuntimeException failure) {
    String message = "FAILED: " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
    RunRecord record =
        published.get() != null
            ? published.get().withOutcome(RunRecord.Status.PUBLISHED, laterFailure(failure))
            : RunRecord.failed(runId, asOf, startedAt, message, card.id(), configHash);
    try {
      DeltaWriter.append(Table.RUNS, config.warehouse(), record.toDataFrame(spark));
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private String laterFailure(RuntimeException failure) {
    return published.get().message()
        + "; the snapshot was published, then a later step failed: "
        + failure.getClass().getSimpleName()
        + ": "
        + failure.getMessage();
  }

  private RunSummary checkAndPublish(
      OnePassInputs inputs,
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
    RunRecord.Status status =
        blocked && !force ? RunRecord.Status.BLOCKED : RunRecord.Status.PUBLISHED;
    String message = message(gates, blocked);
    RunRecord pending = record(status, message, card, inputs, stats, psi, previous, gates);
    List<Row> groups = new ArrayList<>();
    progress.stage(
        "publish",
        () -> {
          groups.addAll(writeOutputs(status, inputs, features, scores, pending));
          return -1L;
        });
    RunRecord record = pending.finished(timings());
    progress.stage(
        "write runs",
        () -> {
          DeltaWriter.append(Table.RUNS, config.warehouse(), record.toDataFrame(spark));
          return 1L;
        });
    String report =
        status == RunRecord.Status.PUBLISHED
            ? writeReport(record, inputs, scores, stats, previous, groups)
            : null;
    RunSummary summary = summary(status, inputs, stats, psi, gates, report);
    if (status == RunRecord.Status.BLOCKED) {
      throw WarehouseErrors.gateBlocked(runId, asOf, message);
    }
    return summary;
  }

  /**
   * Writes the run's tables, the independent ones side by side (each is its own Delta commit): the
   * quarantine always; when publishing, the features, the monitoring groups, and the snapshot
   * followed by scores_current. The snapshot's commit is the publication: from then on {@link
   * #published} holds the run's record. Waits for every write, even after one fails, then throws
   * the first failure. Returns the monitoring groups written (empty when not publishing).
   */
  private List<Row> writeOutputs(
      RunRecord.Status status,
      OnePassInputs inputs,
      Dataset<Row> features,
      Dataset<Row> scores,
      RunRecord pending) {
    java.sql.Date day = java.sql.Date.valueOf(asOf);
    List<Row> groups = new ArrayList<>();
    List<Runnable> writes = new ArrayList<>();
    writes.add(() -> writeQuarantine(inputs, status));
    if (status == RunRecord.Status.PUBLISHED) {
      Dataset<Row> snapshot =
          scores
              .withColumn(SNAPSHOT_DATE, functions.lit(day))
              .withColumn(RUN_ID, functions.lit(runId));
      PersonTables.create(spark, config.warehouse(), ids, Table.FEATURES, Table.SCORE_SNAPSHOTS);
      writes.add(
          () ->
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
                  }));
      writes.add(() -> writeSnapshot(snapshot, pending));
      writes.add(
          () -> groups.addAll(writeMonitoring(inputs.accepted(InputDataset.PERSONS), scores)));
    }
    Parallel.runAll(writes);
    return groups;
  }

  /** The snapshot (the publication), then scores_current from it. */
  private void writeSnapshot(Dataset<Row> snapshot, RunRecord pending) {
    progress.stage(
        "write score_snapshots",
        () -> {
          DeltaWriter.replacePartition(Table.SCORE_SNAPSHOTS, config.warehouse(), snapshot, asOf);
          published.set(pending);
          return -1L;
        });
    progress.stage(
        "write scores_current",
        () -> {
          boolean replaced =
              DeltaWriter.replaceCurrent(
                  spark,
                  config.warehouse(),
                  ids,
                  snapshot,
                  asOf,
                  config.spark().shufflePartitions());
          if (!replaced) {
            LOG.info("scores_current holds a newer snapshot than {}; left as it is", asOf);
          }
          return -1L;
        });
  }

  private QualityGates.Measured measure(
      OnePassInputs inputs, SnapshotStats stats, PreviousSnapshot previous) {
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

  /**
   * The quarantine of the run. A published run replaces the date's rows; a blocked run adds its own
   * (tagged with its run id) beside them, so that the quarantine of the date's published run stays
   * what it was.
   */
  private void writeQuarantine(OnePassInputs inputs, RunRecord.Status status) {
    progress.stage(
        "write quarantine",
        () -> {
          PersonTables.create(spark, config.warehouse(), ids, Table.QUARANTINE);
          Dataset<Row> rows = inputs.quarantine(asOf, runId);
          if (status == RunRecord.Status.PUBLISHED) {
            DeltaWriter.replacePartition(Table.QUARANTINE, config.warehouse(), rows, asOf);
          } else {
            DeltaWriter.append(Table.QUARANTINE, config.warehouse(), rows);
          }
          return inputs.datasetCounts().values().stream().mapToLong(c -> c.quarantined()).sum();
        });
  }

  /**
   * Fairness monitoring aggregates (region, age band) of the snapshot; see MonitoringGroups.
   * Returns the rows written, which are few, for the run report.
   */
  private List<Row> writeMonitoring(Dataset<Row> persons, Dataset<Row> scores) {
    List<Row> rows = new ArrayList<>();
    progress.stage(
        "write monitoring",
        () -> {
          Dataset<Row> groups =
              MonitoringGroups.of(scores, persons, asOf)
                  .withColumn(SNAPSHOT_DATE, functions.lit(java.sql.Date.valueOf(asOf)))
                  .withColumn(RUN_ID, functions.lit(runId));
          rows.addAll(groups.collectAsList());
          DeltaWriter.replacePartition(
              Table.MONITORING,
              config.warehouse(),
              spark.createDataFrame(rows, groups.schema()),
              asOf);
          return (long) rows.size();
        });
    return rows;
  }

  /**
   * The run report, from what the run holds in memory (the same figures {@code credence report}
   * rebuilds from the tables). The snapshot is published by now, so a report that cannot be written
   * is a warning (rewrite it with {@code credence report}), not a failure.
   */
  private String writeReport(
      RunRecord record,
      OnePassInputs inputs,
      Dataset<Row> scores,
      SnapshotStats stats,
      PreviousSnapshot previous,
      List<Row> groups) {
    String[] path = new String[1];
    try {
      progress.stage(
          "write report",
          () -> {
            List<ReportModel.QuarantineCount> rejected = new ArrayList<>();
            new java.util.TreeMap<>(inputs.quarantinedByReason())
                .forEach(
                    (dataset, byReason) ->
                        byReason.forEach(
                            (reason, rows) ->
                                rejected.add(
                                    new ReportModel.QuarantineCount(dataset, reason, rows))));
            ReportModel model =
                RunReport.model(
                    asOf,
                    RunReport.run(spark, record),
                    stats,
                    previous,
                    scores,
                    rejected,
                    RunReport.groups(
                        groups.isEmpty()
                            ? null
                            : spark.createDataFrame(groups, groups.get(0).schema())),
                    config.report());
            path[0] = RunReport.write(spark, config.warehouse(), model);
            return -1L;
          });
    } catch (RuntimeException e) {
      LOG.warn("run report not written; rewrite it with `credence report --date {}`", asOf, e);
    }
    return path[0];
  }

  private RunRecord record(
      RunRecord.Status status,
      String message,
      Scorecard card,
      OnePassInputs inputs,
      SnapshotStats stats,
      Double psi,
      PreviousSnapshot previous,
      List<GateResult> gates) {
    List<RunRecord.Count> counts = new ArrayList<>();
    inputs
        .datasetCounts()
        .forEach(
            (d, c) -> counts.add(new RunRecord.Count(d, c.read(), c.accepted(), c.quarantined())));
    return new RunRecord(
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
        timings());
  }

  private List<RunRecord.Timing> timings() {
    return progress.timings().stream()
        .map(t -> new RunRecord.Timing(t.stage(), t.rows(), t.seconds()))
        .toList();
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
      OnePassInputs inputs,
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
