package io.credence.publish;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.privacy.PersonIds;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.plans.physical.RangePartitioning;
import org.apache.spark.sql.execution.SparkPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the output tables. Each write is one Delta commit: a snapshot-date partition is replaced
 * with {@code replaceWhere} (readers see the old or the new partition, never a mix), scores_current
 * is replaced by the newest snapshot, and runs are appended.
 */
public final class DeltaWriter {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaWriter.class);

  /** The log's domain of a clustered table's columns ({@code {"clusteringColumns":[[...]]}}). */
  private static final String CLUSTERING_DOMAIN = "delta.clustering";

  private static final ObjectMapper JSON = new ObjectMapper();

  private DeltaWriter() {}

  /** Replaces the {@code date} partition of {@code table} with {@code rows} in one commit. */
  public static void replacePartition(
      Table table, String warehouse, Dataset<Row> rows, LocalDate date) {
    conform(table, rows)
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", SNAPSHOT_DATE + " = DATE'" + date + "'")
        .partitionBy(SNAPSHOT_DATE)
        .save(table.path(warehouse));
  }

  /**
   * As {@link #replacePartition(Table, String, Dataset, LocalDate)}, into a person table (see
   * {@link PersonTables}): one that does not exist yet is created with the rows in one commit.
   */
  public static void replacePartition(
      SparkSession spark,
      String warehouse,
      PersonIds ids,
      Table table,
      Dataset<Row> rows,
      LocalDate date) {
    if (!PersonTables.createWith(spark, warehouse, ids, table, conform(table, rows))) {
      replacePartition(table, warehouse, rows, date);
    }
  }

  /**
   * As {@link #append(Table, String, Dataset)}, into a person table (see {@link PersonTables}): one
   * that does not exist yet is created with the rows in one commit.
   */
  public static void append(
      SparkSession spark, String warehouse, PersonIds ids, Table table, Dataset<Row> rows) {
    if (!PersonTables.createWith(spark, warehouse, ids, table, conform(table, rows))) {
      append(table, warehouse, rows);
    }
  }

  /**
   * Appends rows to an unpartitioned table. Schema merge lets a table written by an older version
   * gain the columns added since (runs.stage_timings); its old rows read them as null.
   */
  public static void append(Table table, String warehouse, Dataset<Row> rows) {
    conform(table, rows)
        .write()
        .format("delta")
        .mode("append")
        .option("mergeSchema", "true")
        .save(table.path(warehouse));
  }

  /**
   * Makes scores_current the snapshot of {@code date} when no row of it is newer, in one commit,
   * and leaves it as it is otherwise: scores_current always equals the newest published snapshot,
   * whatever order the dates were run in (a backfill of an older date changes nothing, and a person
   * absent from the newest snapshot is absent from scores_current). The rows are written laid out
   * for point lookups: range-partitioned by person_id into {@code files} files and sorted, so that
   * each file covers its own person_id range and a lookup of one person reads one file, without an
   * OPTIMIZE that rewrites the table on every run. The table is liquid-clustered by person_id (a
   * table created before that gets the clustering added), so {@code credence maintain}'s OPTIMIZE
   * keeps that layout too. Returns whether the table was replaced.
   */
  public static boolean replaceCurrent(
      SparkSession spark,
      String warehouse,
      PersonIds ids,
      Dataset<Row> snapshot,
      LocalDate date,
      int files) {
    return replaceCurrentLaidOut(
        spark,
        warehouse,
        ids,
        layOutForLookup(snapshot, files),
        date,
        planCurrent(spark, warehouse, date));
  }

  /**
   * {@code rows} range-partitioned by person_id into {@code files} partitions, each sorted by
   * person_id: the layout scores_current is written in (see {@link #replaceCurrent}). Rows whose
   * partitions are person_id ranges already keep them (and their number) and are only sorted. The
   * nightly job lays out its scores so once, before it caches them, so that neither the snapshot
   * nor scores_current written from them shuffles again.
   */
  public static Dataset<Row> layOutForLookup(Dataset<Row> rows, int files) {
    Dataset<Row> ranged =
        inPersonIdRanges(rows) ? rows : rows.repartitionByRange(Math.max(1, files), col(PERSON_ID));
    return ranged.sortWithinPartitions(PERSON_ID);
  }

  /**
   * Whether the partitions of {@code rows} already hold ascending ranges of person_id, as the
   * features' merge leaves them (and so everything computed from its rows row by row): then {@link
   * #layOutForLookup} sorts each range where it is and shuffles nothing.
   */
  static boolean inPersonIdRanges(Dataset<Row> rows) {
    SparkPlan plan = rows.queryExecution().sparkPlan();
    if (!(plan.outputPartitioning() instanceof RangePartitioning ranges)
        || ranges.ordering().size() != 1) {
      return false;
    }
    SortOrder order = ranges.ordering().head();
    return order.isAscending()
        && plan.output().exists(a -> a.name().equals(PERSON_ID) && a.semanticEquals(order.child()));
  }

  /**
   * What replacing scores_current by the snapshot of a date does. Nothing in it depends on the
   * snapshot's rows, so the nightly job decides it while the snapshot is written, and only
   * scores_current's own commit follows the publication.
   */
  public enum CurrentReplacement {
    /** scores_current does not exist yet: it is created with the rows. */
    CREATE,
    /** No row of scores_current is newer than the date: its rows are replaced. */
    REPLACE,
    /** scores_current holds a newer snapshot: it is left as it is. */
    KEEP_NEWER
  }

  /**
   * Reads the Delta state of each of {@code tables} that exists under {@code warehouse} (its log
   * and its list of files), so that a write to it that follows finds the state loaded and only
   * checks the log for newer commits. Changes nothing, and fails nothing: a table whose state
   * cannot be read is logged and left to its write, which reports what is wrong with it.
   */
  public static void loadState(SparkSession spark, String warehouse, List<Table> tables) {
    for (Table table : tables) {
      String path = table.path(warehouse);
      try {
        if (DeltaTable.isDeltaTable(spark, path)) {
          DeltaTable.forPath(spark, path).toDF().inputFiles();
        }
      } catch (Exception e) { // Spark throws its checked SparkException undeclared
        LOG.warn(
            "could not read the Delta state of {} ahead of its write: {}",
            table.tableName(),
            e.getMessage());
      }
    }
  }

  /**
   * Decides how scores_current takes the snapshot of {@code date} (see {@link CurrentReplacement});
   * a table created by an earlier version is first altered to be what {@link
   * PersonTables#createWith} creates (see {@link #upgradeCurrent}). Writes no row. The table's
   * state comes from its log, read with Delta Kernel: as a rule no Spark job runs, so nothing waits
   * behind the tasks of the writes it runs beside (Spark's scheduler serves jobs in the order they
   * came), where Delta's table detail and a scan of the table took 3 to 6 s at 1M persons.
   */
  public static CurrentReplacement planCurrent(
      SparkSession spark, String warehouse, LocalDate date) {
    String path = qualified(spark, Table.SCORES_CURRENT.path(warehouse));
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return CurrentReplacement.CREATE;
    }
    Engine engine = PersonTables.engine(spark);
    Snapshot current = PersonTables.snapshot(engine, path);
    upgradeCurrent(spark, path, current);
    return hasRowsNewerThan(spark, engine, path, current, date)
        ? CurrentReplacement.KEEP_NEWER
        : CurrentReplacement.REPLACE;
  }

  /**
   * As {@link #replaceCurrent}, from a snapshot already laid out by {@link #layOutForLookup} (whose
   * rows are written in the order they come, one file per partition), as {@code plan} (from {@link
   * #planCurrent} for the same date, under the same warehouse lock) says.
   */
  public static boolean replaceCurrentLaidOut(
      SparkSession spark,
      String warehouse,
      PersonIds ids,
      Dataset<Row> snapshot,
      LocalDate date,
      CurrentReplacement plan) {
    if (plan == CurrentReplacement.KEEP_NEWER) {
      return false;
    }
    Dataset<Row> laidOut = conform(Table.SCORES_CURRENT, snapshot);
    if (plan == CurrentReplacement.CREATE) {
      if (PersonTables.createWith(spark, warehouse, ids, Table.SCORES_CURRENT, laidOut)) {
        return true;
      }
      // Created since it was planned: plan again.
      return replaceCurrentLaidOut(
          spark, warehouse, ids, snapshot, date, planCurrent(spark, warehouse, date));
    }
    // Every row is replaced: the plan found none newer than the date, and the warehouse lock keeps
    // other writers out. replaceWhere, not a plain overwrite, which would drop the clustering that
    // ALTER TABLE added to an older table; and a predicate without columns, which Delta applies to
    // its log alone (one on snapshot_date, not a partition column, made it read and rewrite every
    // old file).
    laidOut
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", "true")
        .save(Table.SCORES_CURRENT.path(warehouse));
    return true;
  }

  /**
   * Whether scores_current ({@code current}, at {@code path}) holds a row of a snapshot after
   * {@code date}. Its log's snapshot_date statistics answer as a rule: when they rule out every
   * file, no file is read. A file they cannot rule out (one written before the table kept them, or
   * one that holds such a row) is read with Spark, for the exact answer.
   */
  private static boolean hasRowsNewerThan(
      SparkSession spark, Engine engine, String path, Snapshot current, LocalDate date) {
    Predicate newer =
        new Predicate(
            ">",
            new io.delta.kernel.expressions.Column(SNAPSHOT_DATE),
            Literal.ofDate((int) date.toEpochDay()));
    Scan scan = current.getScanBuilder().withFilter(newer).build();
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine)) {
      boolean anyFile = false;
      while (!anyFile && batches.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> files = batches.next().getRows()) {
          anyFile = files.hasNext();
        }
      }
      if (!anyFile) {
        return false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files of " + path, e);
    }
    return !DeltaTable.forPath(spark, path)
        .toDF()
        .filter(col(SNAPSHOT_DATE).gt(lit(java.sql.Date.valueOf(date))))
        .limit(1)
        .isEmpty();
  }

  /**
   * Alters scores_current ({@code current}, at {@code path}) where it differs from what {@link
   * PersonTables#createWith} creates: clustered by person_id (tables created before clustering),
   * with statistics on the columns {@link PersonTables#statsColumns} names (tables created when
   * they were person_id alone; the files the next write adds have them, and that write replaces
   * every file).
   */
  private static void upgradeCurrent(SparkSession spark, String path, Snapshot current) {
    if (!clusteredByPerson(current)) {
      spark.sql("ALTER TABLE delta.`" + path + "` CLUSTER BY (" + PERSON_ID + ")");
    }
    String stats = PersonTables.statsColumns(Table.SCORES_CURRENT);
    if (!stats.equals(current.getTableProperties().get(PersonTables.STATS_COLUMNS))) {
      spark.sql(
          "ALTER TABLE delta.`"
              + path
              + "` SET TBLPROPERTIES ('"
              + PersonTables.STATS_COLUMNS
              + "' = '"
              + stats
              + "')");
    }
  }

  /** Whether the log's clustering metadata names person_id as the table's one clustering column. */
  private static boolean clusteredByPerson(Snapshot current) {
    Optional<String> clustering = current.getDomainMetadata(CLUSTERING_DOMAIN);
    if (clustering.isEmpty()) {
      return false;
    }
    try {
      JsonNode columns = JSON.readTree(clustering.get()).path("clusteringColumns");
      return columns.size() == 1
          && columns.get(0).size() == 1
          && PERSON_ID.equals(columns.get(0).get(0).asText());
    } catch (JsonProcessingException e) {
      // Not what Delta writes: altering the table again sets it right.
      return false;
    }
  }

  /**
   * {@code path} fully qualified ({@code file:/abs/warehouse/t}). Delta's table builder takes a
   * relative location such as {@code warehouse/quarantine} for a table name and refuses it.
   */
  public static String qualified(SparkSession spark, String path) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration())
          .makeQualified(p)
          .toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot resolve the table path " + path, e);
    }
  }

  /** Selects exactly the table's fields, cast to its types, in its order. */
  static Dataset<Row> conform(Table table, Dataset<Row> rows) {
    Column[] columns =
        Arrays.stream(table.schema().fields())
            .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new);
    return rows.select(columns);
  }
}
