package io.credence.publish;

import io.credence.schema.OutputSchemas;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;

/** One row of the runs table. */
public record RunRecord(
    String runId,
    LocalDate snapshotDate,
    Instant startedAt,
    Instant finishedAt,
    Status status,
    boolean forced,
    String message,
    String scorecardId,
    String configHash,
    List<Count> datasetCounts,
    Long persons,
    Long personsScored,
    Long personsUnscorable,
    Double scoreMean,
    Integer scoreMin,
    Integer scoreMax,
    Double psi,
    LocalDate previousSnapshotDate,
    List<GateResult> gates,
    List<Timing> stageTimings) {

  /** How a run ended. */
  public enum Status {
    PUBLISHED,
    BLOCKED,
    FAILED
  }

  /** Rows read, accepted and quarantined for one dataset. */
  public record Count(String dataset, long read, long accepted, long quarantined) {}

  /** How long one stage took and the rows it handled (-1 when it has no row count). */
  public record Timing(String stage, long rows, double seconds) {}

  /** A run that failed before it could measure anything; the message is cut to 2000 chars. */
  public static RunRecord failed(
      String runId,
      LocalDate snapshotDate,
      Instant startedAt,
      String message,
      String scorecardId,
      String configHash) {
    String cut = message.length() > 2000 ? message.substring(0, 2000) : message;
    return new RunRecord(
        runId,
        snapshotDate,
        startedAt,
        Instant.now(),
        Status.FAILED,
        false,
        cut,
        scorecardId,
        configHash,
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        List.of());
  }

  /** This record with the stage timings so far, finished now. */
  public RunRecord finished(List<Timing> timings) {
    return finishedNow(status, message, timings);
  }

  /** This record with another status and message, finished now. */
  public RunRecord withOutcome(Status outcome, String text) {
    return finishedNow(outcome, text, stageTimings);
  }

  private RunRecord finishedNow(Status outcome, String text, List<Timing> timings) {
    return new RunRecord(
        runId,
        snapshotDate,
        startedAt,
        Instant.now(),
        outcome,
        forced,
        text,
        scorecardId,
        configHash,
        datasetCounts,
        persons,
        personsScored,
        personsUnscorable,
        scoreMean,
        scoreMin,
        scoreMax,
        psi,
        previousSnapshotDate,
        gates,
        timings);
  }

  /** The record as a one-row DataFrame in the runs schema. */
  public Dataset<Row> toDataFrame(SparkSession spark) {
    return spark.createDataFrame(List.of(toRow()), OutputSchemas.RUNS);
  }

  /** The record as a row of the runs schema, times in microseconds as the table keeps them. */
  private Row toRow() {
    List<Row> counts =
        datasetCounts.stream()
            .map(c -> RowFactory.create(c.dataset(), c.read(), c.accepted(), c.quarantined()))
            .toList();
    List<Row> gateRows =
        gates.stream()
            .map(
                g ->
                    RowFactory.create(
                        g.gate(), g.value(), g.warnAt(), g.blockAt(), g.outcome().label()))
            .toList();
    List<Row> timingRows =
        stageTimings.stream()
            .map(t -> RowFactory.create(t.stage(), t.rows(), t.seconds()))
            .toList();
    return new GenericRowWithSchema(
        new Object[] {
          runId,
          Date.valueOf(snapshotDate),
          micros(startedAt),
          finishedAt == null ? null : micros(finishedAt),
          status.name(),
          forced,
          message,
          scorecardId,
          configHash,
          counts,
          persons,
          personsScored,
          personsUnscorable,
          scoreMean,
          scoreMin,
          scoreMax,
          psi,
          previousSnapshotDate == null ? null : Date.valueOf(previousSnapshotDate),
          gateRows,
          timingRows
        },
        OutputSchemas.RUNS);
  }

  private static Timestamp micros(Instant instant) {
    return Timestamp.from(instant.truncatedTo(ChronoUnit.MICROS));
  }
}
