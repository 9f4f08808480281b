package io.credence.publish;

import static io.credence.schema.Columns.*;

import io.credence.run.DatasetCount;
import io.credence.run.RunOutcome;
import io.credence.run.StageTiming;
import io.credence.schema.OutputSchemas;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructType;

/**
 * One row of the runs table ({@link OutputSchemas#RUNS}): a {@link RunOutcome} written as a row and
 * read back from one. Values are placed and read by field name, so the row cannot drift from the
 * schema's order, and a field the schema has but the mapping lacks (or the other way round) fails.
 */
public final class RunRecord {
  private RunRecord() {}

  private static final StructType DATASET_COUNT = element("dataset_counts");
  private static final StructType GATE = element("gates");
  private static final StructType TIMING = element("stage_timings");

  /** The outcome as a one-row DataFrame in the runs schema. */
  public static Dataset<Row> toDataFrame(SparkSession spark, RunOutcome outcome) {
    return spark.createDataFrame(List.of(row(outcome)), OutputSchemas.RUNS);
  }

  /** The outcome as a row of the runs schema; times in microseconds as the table keeps them. */
  static Row row(RunOutcome o) {
    return named(
        OutputSchemas.RUNS,
        RUN_ID,
        o.runId(),
        SNAPSHOT_DATE,
        date(o.snapshotDate()),
        "started_at",
        timestamp(o.startedAt()),
        "finished_at",
        timestamp(o.finishedAt()),
        "status",
        o.status().name(),
        "forced",
        o.forced(),
        "message",
        o.message(),
        SCORECARD_ID,
        o.scorecardId(),
        "config_hash",
        o.configHash(),
        "dataset_counts",
        o.datasetCounts().entrySet().stream().map(RunRecord::countRow).toList(),
        "persons",
        o.persons(),
        "persons_scored",
        o.scored(),
        "persons_unscorable",
        o.unscorablePersons(),
        "score_mean",
        o.scoreMean(),
        "score_min",
        o.scoreMin(),
        "score_max",
        o.scoreMax(),
        "psi",
        o.psi(),
        "previous_snapshot_date",
        date(o.previousSnapshotDate()),
        "gates",
        o.gates().stream().map(RunRecord::gateRow).toList(),
        "stage_timings",
        o.timings().stream().map(RunRecord::timingRow).toList());
  }

  private static Row countRow(Map.Entry<String, DatasetCount> c) {
    return named(
        DATASET_COUNT,
        DATASET,
        c.getKey(),
        "read",
        c.getValue().read(),
        "accepted",
        c.getValue().accepted(),
        "quarantined",
        c.getValue().quarantined());
  }

  private static Row gateRow(GateResult g) {
    return named(
        GATE,
        "gate",
        g.gate(),
        "value",
        g.value(),
        "warn_at",
        g.warnAt(),
        "block_at",
        g.blockAt(),
        "outcome",
        g.outcome().label());
  }

  private static Row timingRow(StageTiming t) {
    return named(TIMING, "stage", t.stage(), "rows", t.rows(), "seconds", t.seconds());
  }

  /**
   * The outcome a runs row records. What the table does not keep (tiers, reasons, the report's
   * path) is left empty; stage_timings may be absent in a table written before it existed.
   */
  public static RunOutcome outcome(Row r) {
    RunOutcome.Builder b =
        RunOutcome.builder(
                r.getAs(RUN_ID),
                r.<Date>getAs(SNAPSHOT_DATE).toLocalDate(),
                instant(r.getAs("started_at")))
            .finishedAt(instant(r.getAs("finished_at")))
            .status(RunOutcome.Status.valueOf(r.getAs("status")))
            .message(r.getAs("message"))
            .scorecardId(r.getAs(SCORECARD_ID))
            .configHash(r.getAs("config_hash"))
            .datasetCounts(counts(r.getList(r.fieldIndex("dataset_counts"))))
            .persons(r.getAs("persons"), r.getAs("persons_scored"))
            .scores(r.getAs("score_mean"), r.getAs("score_min"), r.getAs("score_max"))
            .previous(localDate(r.getAs("previous_snapshot_date")), r.getAs("psi"))
            .gates(r.<Row>getList(r.fieldIndex("gates")).stream().map(RunRecord::gate).toList())
            .timings(timings(r));
    if (Boolean.TRUE.equals(r.getAs("forced"))) {
      b.forced();
    }
    return b.build();
  }

  private static Map<String, DatasetCount> counts(List<Row> rows) {
    Map<String, DatasetCount> counts = new LinkedHashMap<>();
    rows.forEach(
        c ->
            counts.put(
                c.getAs(DATASET),
                new DatasetCount(c.getAs("read"), c.getAs("accepted"), c.getAs("quarantined"))));
    return counts;
  }

  private static GateResult gate(Row g) {
    return new GateResult(
        g.getAs("gate"),
        g.getAs("value"),
        g.getAs("warn_at"),
        g.getAs("block_at"),
        GateResult.Outcome.valueOf(g.<String>getAs("outcome").toUpperCase(Locale.ROOT)));
  }

  private static List<StageTiming> timings(Row r) {
    boolean kept = Arrays.asList(r.schema().fieldNames()).contains("stage_timings");
    if (!kept || r.isNullAt(r.fieldIndex("stage_timings"))) {
      return List.of();
    }
    return r.<Row>getList(r.fieldIndex("stage_timings")).stream()
        .map(t -> new StageTiming(t.getAs("stage"), t.<Long>getAs("rows"), t.getAs("seconds")))
        .toList();
  }

  /**
   * A row of {@code schema} from alternating field names and values, each value put at its name's
   * position; fails unless the names are exactly the schema's fields.
   */
  private static Row named(StructType schema, Object... namesAndValues) {
    Object[] values = new Object[schema.size()];
    Set<String> placed = new HashSet<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = (String) namesAndValues[i];
      if (!placed.add(name)) {
        throw new IllegalArgumentException("runs row: field " + name + " given twice");
      }
      values[schema.fieldIndex(name)] = namesAndValues[i + 1];
    }
    if (placed.size() != schema.size()) {
      throw new IllegalArgumentException(
          "runs row: fields " + placed + " do not match the schema's " + schema.simpleString());
    }
    return new GenericRowWithSchema(values, schema);
  }

  private static StructType element(String field) {
    return (StructType) ((ArrayType) OutputSchemas.RUNS.apply(field).dataType()).elementType();
  }

  private static Date date(LocalDate day) {
    return day == null ? null : Date.valueOf(day);
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static LocalDate localDate(Date d) {
    return d == null ? null : d.toLocalDate();
  }
}
