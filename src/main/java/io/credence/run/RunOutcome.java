package io.credence.run;

import io.credence.publish.GateResult;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one nightly run did: the one record that the runs table's row ({@code publish/RunRecord}),
 * the command's summary and the run report are derived from. The job builds it step by step with a
 * {@link Builder}; {@code credence report --date} reads it back from the runs row, which keeps
 * neither the breakdowns marked "not in the runs table" nor the report's path.
 *
 * @param runId the run's id, also in every row it wrote
 * @param snapshotDate the as-of date scored
 * @param startedAt when the run started, to the microsecond as the runs table keeps it
 * @param finishedAt when it finished, to the microsecond
 * @param status how the run ended
 * @param forced whether a blocking gate was overridden with --force
 * @param message what the gates said, or why the run failed
 * @param scorecardId the scorecard applied
 * @param configHash the hash of the job config
 * @param datasetCounts per input dataset, in input order: rows read, accepted, quarantined
 * @param quarantined per dataset, quarantined rows per reason (not in the runs table)
 * @param persons persons in the snapshot, scored or not; null when the run measured nothing
 * @param scored persons scored; null when the run measured nothing
 * @param scoreMean mean score of scored persons, or null when none
 * @param scoreMin lowest score, or null when none
 * @param scoreMax highest score, or null when none
 * @param tiers persons per tier (not in the runs table)
 * @param unscorable persons per unscorable reason (not in the runs table)
 * @param psi PSI against the previous published snapshot, or null when there is none
 * @param previousSnapshotDate the previous published snapshot's date, or null
 * @param gates every gate's result
 * @param timings the stages finished, in order; empty for runs recorded before timings were kept
 * @param reportPath the run report written, or null (blocked, not written, or read from the table)
 */
public record RunOutcome(
    String runId,
    LocalDate snapshotDate,
    Instant startedAt,
    Instant finishedAt,
    Status status,
    boolean forced,
    String message,
    String scorecardId,
    String configHash,
    Map<String, DatasetCount> datasetCounts,
    Map<String, Map<String, Long>> quarantined,
    Long persons,
    Long scored,
    Double scoreMean,
    Integer scoreMin,
    Integer scoreMax,
    Map<String, Long> tiers,
    Map<String, Long> unscorable,
    Double psi,
    LocalDate previousSnapshotDate,
    List<GateResult> gates,
    List<StageTiming> timings,
    String reportPath) {

  /** Longest message a failed run records. */
  private static final int MAX_MESSAGE = 2000;

  /** How a run ended. */
  public enum Status {
    PUBLISHED,
    BLOCKED,
    FAILED
  }

  /** Times to the microsecond; maps keep their order and, like the lists, cannot be changed. */
  public RunOutcome {
    Objects.requireNonNull(status, "status");
    startedAt = micros(startedAt);
    finishedAt = micros(finishedAt);
    datasetCounts = ordered(datasetCounts);
    quarantined = ordered(quarantined);
    tiers = ordered(tiers);
    unscorable = ordered(unscorable);
    gates = List.copyOf(gates);
    timings = List.copyOf(timings);
  }

  /** A run that failed before it could publish: nothing measured; the message cut to 2000. */
  public static RunOutcome failed(
      String runId,
      LocalDate snapshotDate,
      Instant startedAt,
      String message,
      String scorecardId,
      String configHash) {
    return builder(runId, snapshotDate, startedAt)
        .status(Status.FAILED)
        .message(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message)
        .scorecardId(scorecardId)
        .configHash(configHash)
        .finishedAt(Instant.now())
        .build();
  }

  /** A builder of the outcome of run {@code runId} of {@code snapshotDate}, nothing known yet. */
  public static Builder builder(String runId, LocalDate snapshotDate, Instant startedAt) {
    return new Builder(runId, snapshotDate, startedAt);
  }

  /** A builder holding everything this outcome holds. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Persons not scored; null when the run measured nothing. */
  public Long unscorablePersons() {
    return persons == null ? null : persons - scored;
  }

  private static Instant micros(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
  }

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** Collects a run's outcome as the run learns it; {@link #build} takes a snapshot of it. */
  public static final class Builder {
    private final String runId;
    private final LocalDate snapshotDate;
    private final Instant startedAt;
    private Instant finishedAt;
    private Status status;
    private boolean forced;
    private String message;
    private String scorecardId;
    private String configHash;
    private Map<String, DatasetCount> datasetCounts = Map.of();
    private Map<String, Map<String, Long>> quarantined = Map.of();
    private Long persons;
    private Long scored;
    private Double scoreMean;
    private Integer scoreMin;
    private Integer scoreMax;
    private Map<String, Long> tiers = Map.of();
    private Map<String, Long> unscorable = Map.of();
    private Double psi;
    private LocalDate previousSnapshotDate;
    private List<GateResult> gates = List.of();
    private List<StageTiming> timings = List.of();
    private String reportPath;

    private Builder(String runId, LocalDate snapshotDate, Instant startedAt) {
      this.runId = runId;
      this.snapshotDate = snapshotDate;
      this.startedAt = startedAt;
    }

    private Builder(RunOutcome o) {
      this(o.runId, o.snapshotDate, o.startedAt);
      finishedAt = o.finishedAt;
      status = o.status;
      forced = o.forced;
      message = o.message;
      scorecardId = o.scorecardId;
      configHash = o.configHash;
      datasetCounts = o.datasetCounts;
      quarantined = o.quarantined;
      persons = o.persons;
      scored = o.scored;
      scoreMean = o.scoreMean;
      scoreMin = o.scoreMin;
      scoreMax = o.scoreMax;
      tiers = o.tiers;
      unscorable = o.unscorable;
      psi = o.psi;
      previousSnapshotDate = o.previousSnapshotDate;
      gates = o.gates;
      timings = o.timings;
      reportPath = o.reportPath;
    }

    public Builder finishedAt(Instant at) {
      finishedAt = at;
      return this;
    }

    public Builder status(Status outcome) {
      status = outcome;
      return this;
    }

    /** Marks the run as published past a blocking gate (--force). */
    public Builder forced() {
      forced = true;
      return this;
    }

    public Builder message(String text) {
      message = text;
      return this;
    }

    public Builder scorecardId(String id) {
      scorecardId = id;
      return this;
    }

    public Builder configHash(String hash) {
      configHash = hash;
      return this;
    }

    /** Per dataset, in input order: rows read, accepted, quarantined. */
    public Builder datasetCounts(Map<String, DatasetCount> counts) {
      datasetCounts = counts;
      return this;
    }

    /** Per dataset, quarantined rows per reason. */
    public Builder quarantined(Map<String, Map<String, Long>> byReason) {
      quarantined = byReason;
      return this;
    }

    /** Persons in the snapshot and persons scored. */
    public Builder persons(Long all, Long scoredOnes) {
      persons = all;
      scored = scoredOnes;
      return this;
    }

    /** Mean, lowest and highest score of the scored persons (null when none). */
    public Builder scores(Double mean, Integer min, Integer max) {
      scoreMean = mean;
      scoreMin = min;
      scoreMax = max;
      return this;
    }

    /** Persons per tier and per unscorable reason. */
    public Builder breakdown(Map<String, Long> perTier, Map<String, Long> perUnscorableReason) {
      tiers = perTier;
      unscorable = perUnscorableReason;
      return this;
    }

    /** The previous published snapshot's date and the PSI against it (both null when none). */
    public Builder previous(LocalDate date, Double psiAgainstIt) {
      previousSnapshotDate = date;
      psi = psiAgainstIt;
      return this;
    }

    public Builder gates(List<GateResult> results) {
      gates = results;
      return this;
    }

    public Builder timings(List<StageTiming> finished) {
      timings = finished;
      return this;
    }

    public Builder reportPath(String path) {
      reportPath = path;
      return this;
    }

    /** The outcome as collected so far; the builder can go on. */
    public RunOutcome build() {
      return new RunOutcome(
          runId,
          snapshotDate,
          startedAt,
          finishedAt,
          status,
          forced,
          message,
          scorecardId,
          configHash,
          datasetCounts,
          quarantined,
          persons,
          scored,
          scoreMean,
          scoreMin,
          scoreMax,
          tiers,
          unscorable,
          psi,
          previousSnapshotDate,
          gates,
          timings,
          reportPath);
    }
  }
}
