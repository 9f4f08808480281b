package io.credence.job;

import static io.credence.schema.Columns.*;

import io.credence.config.ConfigLoader;
import io.credence.config.JobConfig;
import io.credence.config.QualityConfig;
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
import io.credence.run.Parallel;
import io.credence.run.Progress;
import io.credence.run.RunOutcome;
import io.credence.score.ScoreStage;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardYaml;
import io.credence.score.Tiers;
import io.credence.spark.CachedRows;
import io.credence.spark.ScopedConf;
import io.credence.spark.SparkSessions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
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

  /**
   * A lock from before heartbeats older than this is stale whatever its owner's state (a lock that
   * beats is judged by its beats): no nightly run takes longer.
   */
  private static final Duration MAX_RUN_TIME = Duration.ofHours(12);

  /** The tables a run may write (a blocked run writes only quarantine and runs). */
  private static final List<Table> OUTPUT_TABLES =
      List.of(
          Table.QUARANTINE,
          Table.FEATURES,
          Table.SCORE_SNAPSHOTS,
          Table.SCORES_CURRENT,
          Table.MONITORING,
          Table.RUNS);

  private final SparkSession spark;
  private final JobConfig config;
  private final Scorecard card;

  /** The config's hash and the scorecard's: the runs row then tells which points were applied. */
  private final String configHash;

  private final LocalDate asOf;
  private final boolean force;
  private final String runId;
  private final Instant startedAt = Instant.now();
  private final Progress progress = new Progress();
  private final PersonIds ids;

  /** What the run has learnt so far; {@link RunOutcome.Builder#build} takes a snapshot of it. */
  private final RunOutcome.Builder outcome;

  /**
   * The run's outcome once its snapshot is committed (the publication), else null: a failure after
   * that point is recorded as a PUBLISHED run with the failure in its message, not as FAILED.
   */
  private final AtomicReference<RunOutcome> published = new AtomicReference<>();

  /** The warehouse lock while the run holds it; each commit first checks it is still held. */
  private WarehouseLock lock;

  private NightlyScoreJob(
      SparkSession spark,
      ConfigLoader.Loaded loaded,
      Scorecard card,
      LocalDate asOf,
      boolean force,
      PersonIds ids) {
    this.spark = spark;
    this.ids = ids;
    this.config = loaded.config();
    this.card = card;
    this.configHash = configHash(loaded, card);
    this.asOf = asOf;
    this.force = force;
    this.runId = RunIds.next(asOf, startedAt);
    this.outcome = RunOutcome.builder(runId, asOf, startedAt).configHash(configHash);
  }

  /**
   * The runs row's config_hash: of the effective job config and of the scorecard's points, so that
   * two runs with one scorecard id but other points (a file edited in place) differ.
   */
  static String configHash(ConfigLoader.Loaded loaded, Scorecard card) {
    return ConfigLoader.sha256(loaded.hash() + "\n" + ScorecardYaml.canonical(card));
  }

  /** Whether gates may be overridden. */
  public enum GateMode {
    ENFORCE,
    FORCE
  }

  /** Runs the job for {@code asOf}; throws a {@link CredenceException} on a blocked gate. */
  public static RunOutcome run(
      SparkSession spark, ConfigLoader.Loaded loaded, LocalDate asOf, GateMode mode) {
    return run(spark, loaded, asOf, mode, PersonIds.raw());
  }

  /** As above, storing person ids as {@code ids} says (see docs/privacy.md). */
  public static RunOutcome run(
      SparkSession spark,
      ConfigLoader.Loaded loaded,
      LocalDate asOf,
      GateMode mode,
      PersonIds ids) {
    RunOutcome outcome = outcome(spark, loaded, asOf, mode, ids);
    if (outcome.status() == RunOutcome.Status.BLOCKED) {
      throw blocked(outcome, loaded.config().quality());
    }
    return outcome;
  }

  /**
   * Runs the job for {@code asOf} and returns what it did, a blocked run included (its outcome has
   * status BLOCKED; {@link #blocked} makes the failure a caller throws after showing it). Reads the
   * config's scorecard.
   */
  public static RunOutcome outcome(
      SparkSession spark,
      ConfigLoader.Loaded loaded,
      LocalDate asOf,
      GateMode mode,
      PersonIds ids) {
    Scorecard card = ScorecardYaml.readForNightlyRun(loaded.config().scoring().scorecard());
    return outcome(spark, loaded, card, asOf, mode, ids);
  }

  /**
   * As above, applying {@code card}, the config's scorecard as the caller read it (see {@link
   * ScorecardYaml#readForNightlyRun}): {@code score} reads it once, before Spark starts, so the run
   * applies the very file it checked.
   */
  public static RunOutcome outcome(
      SparkSession spark,
      ConfigLoader.Loaded loaded,
      Scorecard card,
      LocalDate asOf,
      GateMode mode,
      PersonIds ids) {
    if (loaded.config().privacy().pseudonymize() != ids.pseudonymized()) {
      throw new IllegalArgumentException("privacy.pseudonymize needs a pseudonym key, and only it");
    }
    return new NightlyScoreJob(spark, loaded, card, asOf, mode == GateMode.FORCE, ids).run();
  }

  /** The failure (exit 3) of a run its gates blocked, with a backfill's way out when it is one. */
  public static CredenceException blocked(RunOutcome outcome, QualityConfig quality) {
    return WarehouseErrors.gateBlocked(
        outcome.runId(),
        outcome.snapshotDate(),
        outcome.message(),
        QualityGates.blockedOnlyByLaterRows(
            outcome.gates(), outcome.datasetCounts(), outcome.quarantined(), quality));
  }

  private RunOutcome run() {
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
      this.lock = lock.onLost(spark.sparkContext()::cancelAllJobs);
      PersonTables.requireMode(spark, config.warehouse(), ids);
      try {
        return scoreAndPublish(tiers);
      } catch (CredenceException e) {
        // A job the lost lock cancelled may surface as a reader's error (an input "not Parquet").
        throw lock.lostError(e).orElse(e); // else bad input, which writes nothing
      } catch (Exception e) { // Spark throws its checked SparkException undeclared
        Optional<CredenceException> lost = lock.lostError(e); // its jobs were cancelled
        if (lost.isPresent()) {
          throw lost.get();
        }
        recordFailure(e);
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

  private RunOutcome scoreAndPublish(Tiers tiers) {
    // Each person's monitoring groups, carried from their persons row beside their scores.
    Map<String, Column> groupColumns = MonitoringGroups.groupColumns(asOf);
    // Read beside the inputs' validation and scoring (which in a small run wait on Spark's jobs
    // more than they use the cores): the snapshot the gates compare against, and the Delta state
    // of the tables the run writes, which their writes then find loaded.
    try (Parallel.Started<PreviousSnapshot> previous =
            Parallel.start(
                () -> {
                  PreviousSnapshot before =
                      PreviousSnapshot.before(spark, config.warehouse(), asOf);
                  DeltaWriter.loadState(spark, config.warehouse(), OUTPUT_TABLES);
                  return before;
                });
        OnePassInputs inputs =
            OnePassInputs.load(
                spark,
                config.inputs().root(),
                asOf,
                config.features(),
                ErasureJob.policy(spark, config.warehouse(), ids),
                new OnePassInputs.Plan(
                    config.spark().shufflePartitions(), config.spark().broadcastPersonsMax(), true),
                groupColumns,
                progress);
        CachedRows caches = new CachedRows()) {
      Dataset<Row> features = inputs.features();
      int maxReasons = config.scoring().maxReasons();
      // Kept in memory with the reasons as ranks: a million persons' scores took 571 MB with the
      // reasons' texts, which pushed the run's other cached results to disk, and take 62 MB so.
      // Laid out as scores_current is written (by person_id ranges, sorted), so that neither the
      // snapshot nor scores_current shuffles the scores again. The features come in the merge's
      // person_id ranges, so laying the scores out only sorts each range.
      // Each person's monitoring groups ride beside their scores, so that the groups' aggregates
      // need no join of the scores with the persons; ScoreStage.withReasons leaves them out of
      // every table but monitoring.
      Dataset<Row> scoring =
          caches.persist(
              DeltaWriter.layOutForLookup(
                  ScoreStage.scoreRanked(
                      inputs.featuresWithPersonColumns(),
                      card,
                      config.eligibility(),
                      tiers,
                      maxReasons,
                      List.copyOf(groupColumns.keySet())),
                  inputs.partitions()));
      SnapshotStats stats =
          progress.stage("score", () -> SnapshotStats.of(scoring), SnapshotStats::persons);
      return checkAndPublish(inputs, features, caches.view(scoring), stats, previous.join());
    }
  }

  /**
   * Best effort: a FAILED row in runs, so operators see the failure next to the good runs. Once the
   * snapshot is committed the run is published whatever fails after it, so its row says PUBLISHED,
   * with the failure in its message (see {@link #published}).
   */
  private void recordFailure(Exception failure) {
    String message = "FAILED: " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
    RunOutcome record =
        published.get() != null
            ? published.get().toBuilder()
                .message(laterFailure(failure))
                .finishedAt(Instant.now())
                .build()
            : RunOutcome.failed(runId, asOf, startedAt, message, card.id(), configHash);
    if (!lock.held()) {
      LOG.warn("run {} lost the warehouse lock: its runs row is not written", runId);
      return;
    }
    try {
      DeltaWriter.append(Table.RUNS, config.warehouse(), RunRecord.toDataFrame(spark, record));
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      failure.addSuppressed(e);
    }
  }

  private String laterFailure(Exception failure) {
    return published.get().message()
        + "; the snapshot was published, then a later step failed: "
        + failure.getClass().getSimpleName()
        + ": "
        + failure.getMessage();
  }

  private RunOutcome checkAndPublish(
      OnePassInputs inputs,
      Dataset<Row> features,
      Dataset<Row> ranked,
      SnapshotStats stats,
      PreviousSnapshot previous) {
    Dataset<Row> scores = ScoreStage.withReasons(ranked, card, config.scoring().maxReasons());
    Double psi =
        previous == null ? null : QualityGates.psi(previous.stats().bands(), stats.bands());
    List<GateResult> gates =
        QualityGates.evaluate(measure(inputs, stats, previous, psi), config.quality());
    boolean blocked = QualityGates.blocks(gates);
    RunOutcome.Status status =
        blocked && !force ? RunOutcome.Status.BLOCKED : RunOutcome.Status.PUBLISHED;
    String message = message(gates, blocked);
    RunOutcome pending =
        measured(status, message, inputs, stats, psi, previous, gates, blocked && force);
    List<Row> groups =
        progress.stage(
            "publish",
            () -> writeOutputs(status, inputs, features, ranked, scores, pending),
            g -> -1L);
    RunOutcome record = finishedNow();
    progress.stage(
        "write runs",
        () -> {
          lock.requireHeld();
          DeltaWriter.append(Table.RUNS, config.warehouse(), RunRecord.toDataFrame(spark, record));
          return 1L;
        });
    String report =
        status == RunOutcome.Status.PUBLISHED
            ? writeReport(record, inputs, ranked, stats, previous, groups)
            : null;
    return outcome.timings(progress.timings()).reportPath(report).build();
  }

  /**
   * Writes the run's tables, the independent ones side by side (each is its own Delta commit): the
   * quarantine always; when publishing, the features, the monitoring groups, and the snapshot
   * followed by scores_current. The snapshot's commit is the publication: from then on {@link
   * #published} holds the run's record. Waits for every write, even after one fails, then throws
   * the first failure. Returns the monitoring groups written (empty when not publishing).
   */
  private List<Row> writeOutputs(
      RunOutcome.Status status,
      OnePassInputs inputs,
      Dataset<Row> features,
      Dataset<Row> ranked,
      Dataset<Row> scores,
      RunOutcome pending) {
    java.sql.Date day = java.sql.Date.valueOf(asOf);
    // Each write is a step; the monitoring step alone returns rows.
    List<Supplier<List<Row>>> writes = new ArrayList<>();
    writes.add(
        () -> {
          writeQuarantine(inputs, status);
          return List.of();
        });
    if (status == RunOutcome.Status.PUBLISHED) {
      writes.add(
          () -> {
            writeFeatures(
                features
                    .withColumn(SNAPSHOT_DATE, functions.lit(day))
                    .withColumn(RUN_ID, functions.lit(runId)));
            return List.of();
          });
      writes.add(
          () -> {
            writeSnapshot(
                scores
                    .withColumn(SNAPSHOT_DATE, functions.lit(day))
                    .withColumn(RUN_ID, functions.lit(runId)),
                pending);
            return List.of();
          });
      writes.add(() -> writeMonitoring(ranked));
    }
    return Parallel.callAll(writes).stream().flatMap(List::stream).toList();
  }

  private void writeFeatures(Dataset<Row> rows) {
    progress.stage(
        "write features",
        () -> {
          lock.requireHeld();
          DeltaWriter.replacePartition(spark, config.warehouse(), ids, Table.FEATURES, rows, asOf);
          return -1L;
        });
  }

  /**
   * The snapshot (the publication), then scores_current from it. How scores_current takes the
   * snapshot (created, replaced, or kept for holding a newer one) does not depend on the snapshot:
   * it is decided while the snapshot is written, so that only scores_current's commit follows it.
   */
  private void writeSnapshot(Dataset<Row> snapshot, RunOutcome pending) {
    DeltaWriter.CurrentReplacement current =
        Parallel.callBeside(
            () -> DeltaWriter.planCurrent(spark, config.warehouse(), asOf),
            () ->
                progress.stage(
                    "write score_snapshots",
                    () -> {
                      lock.requireHeld();
                      DeltaWriter.replacePartition(
                          spark, config.warehouse(), ids, Table.SCORE_SNAPSHOTS, snapshot, asOf);
                      published.set(pending);
                      return -1L;
                    }));
    progress.stage(
        "write scores_current",
        () -> {
          lock.requireHeld();
          boolean replaced =
              DeltaWriter.replaceCurrentLaidOut(
                  spark, config.warehouse(), ids, snapshot, asOf, current);
          if (!replaced) {
            LOG.info("scores_current holds a newer snapshot than {}; left as it is", asOf);
          }
          return -1L;
        });
  }

  /** The gates' inputs; population change and PSI only against a previous snapshot with persons. */
  private QualityGates.Measured measure(
      OnePassInputs inputs, SnapshotStats stats, PreviousSnapshot previous, Double psi) {
    Map<String, Double> rejectRatios = QualityGates.rejectRatios(inputs.datasetCounts());
    Double populationChange = null;
    Double gatedPsi = null;
    if (previous != null && previous.stats().persons() > 0) {
      populationChange =
          Math.abs(stats.persons() - previous.stats().persons())
              / (double) previous.stats().persons();
      gatedPsi = psi;
    }
    double unscorableShare =
        stats.persons() == 0 ? 1.0 : (stats.persons() - stats.scored()) / (double) stats.persons();
    return new QualityGates.Measured(rejectRatios, populationChange, unscorableShare, gatedPsi);
  }

  /**
   * The quarantine of the run. A published run replaces the date's rows; a blocked run adds its own
   * (tagged with its run id) beside them, so that the quarantine of the date's published run stays
   * what it was.
   */
  private void writeQuarantine(OnePassInputs inputs, RunOutcome.Status status) {
    progress.stage(
        "write quarantine",
        () -> {
          Dataset<Row> rows = inputs.quarantine(asOf, runId);
          lock.requireHeld();
          if (status == RunOutcome.Status.PUBLISHED) {
            DeltaWriter.replacePartition(
                spark, config.warehouse(), ids, Table.QUARANTINE, rows, asOf);
          } else {
            DeltaWriter.append(spark, config.warehouse(), ids, Table.QUARANTINE, rows);
          }
          return inputs.datasetCounts().values().stream().mapToLong(c -> c.quarantined()).sum();
        });
  }

  /**
   * Fairness monitoring aggregates (region, age band) of the snapshot, from the scores with each
   * person's groups beside them ({@code ranked}); see MonitoringGroups. Returns the rows written,
   * which are few, for the run report.
   */
  private List<Row> writeMonitoring(Dataset<Row> ranked) {
    return progress.stage(
        "write monitoring",
        () -> {
          Dataset<Row> groups =
              MonitoringGroups.of(ranked)
                  .withColumn(SNAPSHOT_DATE, functions.lit(java.sql.Date.valueOf(asOf)))
                  .withColumn(RUN_ID, functions.lit(runId));
          List<Row> rows = groups.collectAsList();
          lock.requireHeld();
          DeltaWriter.replacePartition(
              Table.MONITORING,
              config.warehouse(),
              spark.createDataFrame(rows, groups.schema()),
              asOf);
          return rows;
        },
        List::size);
  }

  /**
   * The run report, from the outcome the runs table records and what the run holds in memory (the
   * same figures {@code credence report} rebuilds from the tables). The snapshot is published by
   * now, so a report that cannot be written is a warning (rewrite it with {@code credence report}),
   * not a failure; then the path is null.
   */
  private String writeReport(
      RunOutcome record,
      OnePassInputs inputs,
      Dataset<Row> ranked,
      SnapshotStats stats,
      PreviousSnapshot previous,
      List<Row> groups) {
    try {
      return progress.stage(
          "write report",
          () ->
              RunReport.write(
                  spark,
                  config.warehouse(),
                  RunReport.model(
                      asOf,
                      record,
                      stats,
                      previous,
                      RunReport.topReasons(ranked, card, config.scoring().maxReasons()),
                      quarantineCounts(inputs),
                      RunReport.groups(groups),
                      config.report())),
          path -> -1L);
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      LOG.warn("run report not written; rewrite it with `credence report --date {}`", asOf, e);
      return null;
    }
  }

  /** Quarantined rows per dataset and reason, ordered by dataset and reason. */
  private static List<ReportModel.QuarantineCount> quarantineCounts(OnePassInputs inputs) {
    List<ReportModel.QuarantineCount> rejected = new ArrayList<>();
    new java.util.TreeMap<>(inputs.quarantinedByReason())
        .forEach(
            (dataset, byReason) ->
                byReason.forEach(
                    (reason, rows) ->
                        rejected.add(new ReportModel.QuarantineCount(dataset, reason, rows))));
    return rejected;
  }

  /**
   * What the run measured, into its outcome: the scorecard, the inputs' and the snapshot's counts,
   * the previous snapshot and the gates. Returns the outcome so far, finished now.
   */
  private RunOutcome measured(
      RunOutcome.Status status,
      String message,
      OnePassInputs inputs,
      SnapshotStats stats,
      Double psi,
      PreviousSnapshot previous,
      List<GateResult> gates,
      boolean forced) {
    outcome
        .status(status)
        .message(message)
        .scorecardId(card.id())
        .datasetCounts(inputs.datasetCounts())
        .quarantined(inputs.quarantinedByReason())
        .persons(stats.persons(), stats.scored())
        .scores(stats.mean(), stats.scoreMin(), stats.scoreMax())
        .breakdown(stats.tiers(), stats.unscorable())
        .previous(previous == null ? null : previous.date(), psi)
        .gates(gates);
    if (forced) {
      outcome.forced();
    }
    return finishedNow();
  }

  /** The outcome so far with the stages finished so far, finished now. */
  private RunOutcome finishedNow() {
    return outcome.finishedAt(Instant.now()).timings(progress.timings()).build();
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
}
