package io.credence.report;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.credence.config.ReportConfig;
import io.credence.error.WarehouseErrors;
import io.credence.publish.ErasedRows;
import io.credence.publish.RunRecord;
import io.credence.publish.Table;
import io.credence.run.RunOutcome;
import io.credence.score.Scorecard;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Writes the run report of a published snapshot to {@code <warehouse>/reports/
 * score-report-<date>.html}, from the warehouse tables alone (runs, score_snapshots, quarantine,
 * monitoring, and erasures made since the run, which the page notes), so it can be rewritten at any
 * time without the inputs.
 */
public final class RunReport {
  private RunReport() {}

  /** Reason codes listed in the report. */
  static final int TOP_REASONS = 10;

  /** Where the report of {@code date} lives. */
  public static String path(String warehouse, LocalDate date) {
    return warehouse.replaceAll("/+$", "") + "/reports/score-report-" + date + ".html";
  }

  /**
   * Builds the report of the latest published run for {@code date} from the tables and writes it;
   * returns its path.
   */
  public static String write(
      SparkSession spark, String warehouse, LocalDate date, ReportConfig config) {
    return write(spark, warehouse, model(spark, warehouse, date, config));
  }

  /** Writes the report of {@code model}; returns its path. */
  public static String write(SparkSession spark, String warehouse, ReportModel model) {
    String html = HtmlReport.render(model);
    String path = path(warehouse, model.snapshotDate());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path);
    try (OutputStream out = fileSystem(spark, file).create(file, true)) {
      out.write(html.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw WarehouseErrors.reportUnwritable(path, e.toString(), e);
    }
    return path;
  }

  /** The warehouse's file system; on a local disk without Hadoop's .crc side files. */
  private static FileSystem fileSystem(SparkSession spark, org.apache.hadoop.fs.Path file)
      throws IOException {
    FileSystem fs = FileSystem.get(file.toUri(), spark.sparkContext().hadoopConfiguration());
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  /** The report's figures for the latest PUBLISHED run of {@code date}, from the tables. */
  public static ReportModel model(
      SparkSession spark, String warehouse, LocalDate date, ReportConfig config) {
    Dataset<Row> runs = runsOf(spark, warehouse, date);
    java.sql.Date day = java.sql.Date.valueOf(date);
    Row run =
        publishedRun(runs, warehouse, date, table(spark, warehouse, Table.SCORE_SNAPSHOTS, day));
    // Persons with an erasure on record, finished or not: an interrupted one leaves their rows.
    Optional<Dataset<Row>> erased = ErasedRows.keys(spark, warehouse);
    Dataset<Row> snapshot =
        ErasedRows.without(
                spark,
                warehouse,
                Table.SCORE_SNAPSHOTS,
                table(spark, warehouse, Table.SCORE_SNAPSHOTS, day),
                erased)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      requireWrittenBy(Table.SCORE_SNAPSHOTS, snapshot, run.getAs(RUN_ID), warehouse, date);
      Dataset<Row> quarantine = table(spark, warehouse, Table.QUARANTINE, day);
      quarantine =
          quarantine == null
              ? null
              : ErasedRows.without(spark, warehouse, Table.QUARANTINE, quarantine, erased);
      requireWrittenBy(Table.QUARANTINE, quarantine, run.getAs(RUN_ID), warehouse, date);
      Dataset<Row> monitoring = table(spark, warehouse, Table.MONITORING, day);
      requireWrittenBy(Table.MONITORING, monitoring, run.getAs(RUN_ID), warehouse, date);
      List<ReportModel.QuarantineCount> rejected =
          quarantine == null
              ? List.of()
              : collect(
                  ReportQueries.quarantine(
                      quarantine.filter(col(RUN_ID).equalTo(lit(run.<String>getAs(RUN_ID))))),
                  r ->
                      new ReportModel.QuarantineCount(
                          r.getString(0), r.getString(1), r.getLong(2)));
      RunOutcome outcome = RunRecord.outcome(run);
      // The snapshot the run compared with, from its row: a backfill of an earlier date since
      // then is no part of this run's page.
      return model(
          erasuresSince(spark, warehouse, run.getAs("finished_at")),
          laterRun(runs, run.getAs("finished_at")),
          date,
          outcome,
          SnapshotStats.of(snapshot),
          PreviousSnapshot.at(spark, warehouse, outcome.previousSnapshotDate(), erased),
          collect(
              ReportQueries.topReasons(snapshot, TOP_REASONS),
              r -> new ReportModel.ReasonCount(r.getString(0), r.getString(1), r.getLong(2))),
          rejected,
          groups(monitoring == null ? List.of() : monitoring.collectAsList()),
          config);
    } finally {
      snapshot.unpersist();
    }
  }

  /**
   * The report's most frequent reasons, from a snapshot held with its reasons' ranks (see {@link
   * ReportQueries#topReasons(Dataset, Scorecard, int, int)}): what the nightly run passes to {@link
   * #model(LocalDate, RunOutcome, SnapshotStats, PreviousSnapshot, List, List, List,
   * ReportConfig)}.
   */
  public static List<ReportModel.ReasonCount> topReasons(
      Dataset<Row> ranked, Scorecard card, int maxReasons) {
    return ReportQueries.topReasons(ranked, card, maxReasons, TOP_REASONS);
  }

  /**
   * The report's figures from the parts a run already holds: its outcome, the snapshot's stats, the
   * previous snapshot, the most frequent reasons, the quarantine counts and the monitoring groups.
   * The nightly run builds its report from these in memory; {@code credence report} reads the same
   * parts back from the tables.
   */
  public static ReportModel model(
      LocalDate date,
      RunOutcome run,
      SnapshotStats stats,
      PreviousSnapshot previous,
      List<ReportModel.ReasonCount> reasons,
      List<ReportModel.QuarantineCount> rejected,
      List<ReportModel.Group> groups,
      ReportConfig config) {
    return model(0, null, date, run, stats, previous, reasons, rejected, groups, config);
  }

  /**
   * As above, for a page rebuilt after {@code erasuresSince} erasures made since the run, and after
   * {@code laterRun} (null for none), a run of the date that did not publish.
   */
  private static ReportModel model(
      long erasuresSince,
      ReportModel.LaterRun laterRun,
      LocalDate date,
      RunOutcome run,
      SnapshotStats stats,
      PreviousSnapshot previous,
      List<ReportModel.ReasonCount> reasons,
      List<ReportModel.QuarantineCount> rejected,
      List<ReportModel.Group> groups,
      ReportConfig config) {
    return new ReportModel(
        date,
        run,
        stats.bands(),
        previous == null ? null : previous.date(),
        previous == null ? null : previous.stats().bands(),
        stats.tiersByLowestScore(),
        stats.unscorable(),
        reasons,
        rejected,
        groups,
        config.minGroupSize(),
        erasuresSince,
        laterRun);
  }

  /**
   * Erasures the erasures table records after {@code finishedAt} (all of them when it is unknown)
   * that removed rows, counted without reading whom they concern: each removed a person's rows from
   * the tables the page's person figures are read from, but not from the run's row.
   */
  private static long erasuresSince(
      SparkSession spark, String warehouse, java.sql.Timestamp finishedAt) {
    Dataset<Row> erasures = table(spark, warehouse, Table.ERASURES, null);
    if (erasures == null) {
      return 0;
    }
    // An erasure of an id the warehouse did not hold, or a repeat, removed nothing; one not yet
    // finished (tables null: interrupted, or running) may have removed rows already.
    Dataset<Row> removing =
        erasures.filter(expr("tables IS NULL OR exists(tables, t -> t.rows > 0)"));
    return finishedAt == null
        ? removing.count()
        : removing.filter(col("erased_at").gt(lit(finishedAt))).count();
  }

  /** The runs table's rows of {@code date}. */
  private static Dataset<Row> runsOf(SparkSession spark, String warehouse, LocalDate date) {
    Dataset<Row> runs = table(spark, warehouse, Table.RUNS, null);
    if (runs == null) {
      throw WarehouseErrors.noRunsTable(warehouse);
    }
    return runs.filter(col(SNAPSHOT_DATE).equalTo(lit(java.sql.Date.valueOf(date))));
  }

  /**
   * The last of the date's runs that finished after {@code finishedAt}, the published run's end,
   * with how many did, or null when none did. None of them published: the published run is the
   * date's latest PUBLISHED one.
   */
  private static ReportModel.LaterRun laterRun(Dataset<Row> ofDate, java.sql.Timestamp finishedAt) {
    if (finishedAt == null) {
      return null;
    }
    Dataset<Row> later = ofDate.filter(col("finished_at").gt(lit(finishedAt)));
    List<Row> last = latest(later);
    if (last.isEmpty()) {
      return null;
    }
    Row run = last.get(0);
    return new ReportModel.LaterRun(
        run.getAs(RUN_ID), run.getAs("status"), run.getAs("message"), later.count());
  }

  private static Row publishedRun(
      Dataset<Row> ofDate, String warehouse, LocalDate date, Dataset<Row> snapshot) {
    List<Row> found = latest(ofDate.filter(col("status").equalTo("PUBLISHED")));
    if (!found.isEmpty()) {
      return found.get(0);
    }
    // Runs of the date that did not publish: say which and why, not "score the date first".
    List<Row> unpublished = latest(ofDate);
    if (unpublished.isEmpty()) {
      // No run of the date recorded, yet a snapshot: its run was stopped before its runs row.
      List<Row> written =
          snapshot == null ? List.of() : snapshot.select(RUN_ID).limit(1).collectAsList();
      if (!written.isEmpty()) {
        throw WarehouseErrors.snapshotOfUnfinishedRun(
            date, warehouse, written.get(0).getString(0), null);
      }
      throw WarehouseErrors.noPublishedSnapshot(date, warehouse);
    }
    Row run = unpublished.get(0);
    throw WarehouseErrors.noPublishedRun(
        date, warehouse, run.getAs(RUN_ID), run.getAs("status"), run.getAs("message"));
  }

  /**
   * Refuses a table whose rows of the date are another run's than the published runs row's: a rerun
   * of the date stopped between its snapshot commit (the publication) and its runs row (the
   * snapshot), or one that failed after committing the tables it writes beside the snapshot
   * (quarantine, monitoring) and before the snapshot's. The page would mix the two runs.
   */
  private static void requireWrittenBy(
      Table table, Dataset<Row> rows, String runId, String warehouse, LocalDate date) {
    if (rows == null) {
      return;
    }
    List<Row> other =
        rows.select(RUN_ID).filter(col(RUN_ID).notEqual(lit(runId))).limit(1).collectAsList();
    if (other.isEmpty()) {
      return;
    }
    String otherRun = other.get(0).getString(0);
    throw table == Table.SCORE_SNAPSHOTS
        ? WarehouseErrors.snapshotOfUnfinishedRun(date, warehouse, otherRun, runId)
        : WarehouseErrors.tableOfUnpublishedRun(
            table.tableName(), date, warehouse, otherRun, runId);
  }

  /** The latest of {@code runs} by finished_at (none, or one row). */
  private static List<Row> latest(Dataset<Row> runs) {
    return runs.orderBy(col("finished_at").desc_nulls_last()).limit(1).collectAsList();
  }

  /**
   * The monitoring groups of one snapshot (rows of the monitoring table's schema; none when there
   * is no table), in the report's order: dimension descending, then group, as Spark orders strings
   * (their UTF-8 bytes; a missing value first among groups, last among dimensions).
   */
  public static List<ReportModel.Group> groups(List<Row> monitoring) {
    Comparator<String> strings = Comparator.nullsFirst(ReportQueries.SPARK_STRING_ORDER);
    return monitoring.stream()
        .sorted(
            Comparator.comparing((Row r) -> r.<String>getAs("dimension"), strings.reversed())
                .thenComparing(r -> r.<String>getAs("group"), strings))
        .map(
            r -> {
              Map<String, Long> tiers = new LinkedHashMap<>();
              r.<Row>getList(r.fieldIndex("tier_counts"))
                  .forEach(t -> tiers.put(t.getString(0), t.getLong(1)));
              return new ReportModel.Group(
                  r.getAs("dimension"),
                  r.getAs("group"),
                  r.<Long>getAs("persons"),
                  r.<Long>getAs("scored"),
                  r.getAs("mean_score"),
                  tiers);
            })
        .toList();
  }

  /** The table's rows (of {@code day} when given), or null when the table does not exist. */
  private static Dataset<Row> table(
      SparkSession spark, String warehouse, Table table, java.sql.Date day) {
    String path = table.path(warehouse);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return null;
    }
    Dataset<Row> rows = spark.read().format("delta").load(path);
    return day == null ? rows : rows.filter(col(SNAPSHOT_DATE).equalTo(lit(day)));
  }

  private static <T> List<T> collect(Dataset<Row> rows, Function<Row, T> map) {
    return new ArrayList<>(rows.collectAsList().stream().map(map).toList());
  }
}
