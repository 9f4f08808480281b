package io.credence.job;

import io.credence.config.MaintenanceConfig;
import io.credence.error.WarehouseErrors;
import io.credence.publish.DeltaWriter;
import io.credence.publish.ErasedRows;
import io.credence.publish.PersonTables;
import io.credence.publish.Table;
import io.credence.publish.WarehouseLock;
import io.credence.run.Progress;
import io.delta.tables.DeltaTable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the warehouse small: VACUUMs every existing output table with the configured retention, so
 * files that no version of the retention window needs are deleted and time travel inside the window
 * keeps working. The retention is each table's own property, set here ({@link #retain}); the run
 * holds the warehouse lock, since changing a table's properties while a run commits to it would
 * fail that run's commit. An erasures table below its {@code ErasuresMark} (an older copy put back)
 * is refused before any commit.
 */
public final class MaintenanceJob {
  private MaintenanceJob() {}

  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJob.class);

  /**
   * A maintenance run holds the warehouse lock for minutes; a lock from before heartbeats older
   * than this is stale.
   */
  private static final Duration MAX_RUN_TIME = Duration.ofHours(12);

  /** How long a table keeps the files of its older versions, which VACUUM and time travel obey. */
  static final String FILE_RETENTION = "delta.deletedFileRetentionDuration";

  /** How long a table keeps its log's older commits; time travel needs them too. */
  static final String LOG_RETENTION = "delta.logRetentionDuration";

  /** Delta's default log retention, 30 days: kept unless the file retention is longer. */
  private static final int DEFAULT_LOG_RETENTION_HOURS = 30 * 24;

  /**
   * Vacuums each existing table under {@code warehouse}, under the warehouse lock; returns the
   * names of those vacuumed, each with the number of files and folders it deleted.
   */
  public static Map<String, Long> run(
      SparkSession spark, String warehouse, MaintenanceConfig config, Progress progress) {
    Map<String, Long> vacuumed = new LinkedHashMap<>();
    try (WarehouseLock lock =
        WarehouseLock.acquire(
            spark.sparkContext().hadoopConfiguration(),
            warehouse,
            WarehouseLock.maintenanceRunId(Instant.now()),
            MAX_RUN_TIME)) {
      lock.onLost(spark.sparkContext()::cancelAllJobs);
      lock.guarding(
          () -> {
            // Its ALTER TABLE and VACUUM commits would raise a rolled-back erasures table to its
            // mark, and the loss would go unnoticed.
            ErasedRows.requireWhole(spark, warehouse);
            return vacuumAll(spark, warehouse, config, progress, lock, vacuumed);
          });
    }
    if (vacuumed.isEmpty()) {
      throw WarehouseErrors.noTables(warehouse);
    }
    return vacuumed;
  }

  /** Vacuums each existing table into {@code vacuumed}, checking the lock before each. */
  private static Void vacuumAll(
      SparkSession spark,
      String warehouse,
      MaintenanceConfig config,
      Progress progress,
      WarehouseLock lock,
      Map<String, Long> vacuumed) {
    for (Table table : Table.values()) {
      String path = table.path(warehouse);
      if (!DeltaTable.isDeltaTable(spark, path)) {
        continue;
      }
      long removed =
          progress.stage(
              "vacuum " + table.tableName(),
              () -> {
                lock.requireHeld();
                retain(spark, table, path, config.retentionHours());
                return vacuum(spark, path);
              });
      vacuumed.put(table.tableName(), removed);
    }
    return null;
  }

  /**
   * Sets the table's retention to {@code hours} when it differs. Delta 4 ignores VACUUM's own
   * retention argument (unless 0) and keeps {@value #FILE_RETENTION} instead (7 days unless set),
   * and refuses time travel past it: a longer retention passed to VACUUM alone was silently cut to
   * 7 days. The log is kept at least as long, so that time travel finds the commits too; except
   * scores_current's, which keeps its 7 days ({@link PersonTables#CURRENT_LOG_RETENTION}), and so
   * its files too, whatever the configured hours ({@link #retentionHours}).
   */
  static void retain(SparkSession spark, Table table, String path, int configuredHours) {
    Map<String, String> properties = PersonTables.properties(spark, path);
    int hours = retentionHours(table, configuredHours);
    String files = "interval " + hours + " hours";
    String log =
        table == Table.SCORES_CURRENT
            ? PersonTables.CURRENT_LOG_RETENTION
            : "interval " + Math.max(hours, DEFAULT_LOG_RETENTION_HOURS) + " hours";
    boolean logDefault =
        table != Table.SCORES_CURRENT
            && hours <= DEFAULT_LOG_RETENTION_HOURS
            && !properties.containsKey(LOG_RETENTION);
    if (files.equals(properties.get(FILE_RETENTION))
        && (logDefault || log.equals(properties.get(LOG_RETENTION)))) {
      return;
    }
    spark.sql(
        "ALTER TABLE delta.`"
            + DeltaWriter.qualified(spark, path).replace("`", "``")
            + "` SET TBLPROPERTIES ('"
            + FILE_RETENTION
            + "' = '"
            + files
            + "', '"
            + LOG_RETENTION
            + "' = '"
            + log
            + "')");
  }

  /**
   * The history {@code table} keeps under a configured retention of {@code hours}: scores_current
   * keeps 7 days at most, since its commits name persons as files' first and last ids and an erased
   * person's must age out of its log within a week (and Delta keeps no files longer than the log).
   */
  public static int retentionHours(Table table, int hours) {
    return table == Table.SCORES_CURRENT
        ? Math.min(hours, MaintenanceConfig.MIN_RETENTION_HOURS)
        : hours;
  }

  /**
   * VACUUMs the table at {@code path}, keeping what its retention ({@link #retain}) needs; returns
   * the number of files and folders deleted.
   */
  static long vacuum(SparkSession spark, String path) {
    listInFewTasks(spark);
    return deletedCount(() -> DeltaTable.forPath(spark, path).vacuum());
  }

  /**
   * VACUUMs the table at {@code path} with a retention of 0 hours, the one value Delta takes from
   * the call (erasure's; Delta's check of its minimum must be off); returns the number deleted.
   */
  static long vacuumAll(SparkSession spark, String path) {
    listInFewTasks(spark);
    return deletedCount(() -> DeltaTable.forPath(spark, path).vacuum(0));
  }

  /** Delta's own report of a vacuum, which it prints to standard output. */
  private static final Pattern DELETED = Pattern.compile("Deleted (\\d+) files and directories");

  /**
   * Runs {@code vacuum}, keeping the line Delta prints (with Scala's println, to this thread's
   * console) out of the command's output, where it named no table; returns the count it gives (-1
   * when it gives none), which the commands print with the table's name.
   */
  private static long deletedCount(Runnable vacuum) {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    scala.Console.withOut(
        console,
        () -> {
          vacuum.run();
          return null;
        });
    String printed = console.toString(StandardCharsets.UTF_8);
    LOG.debug("VACUUM printed: {}", printed.strip());
    Matcher deleted = DELETED.matcher(printed);
    return deleted.find() ? Long.parseLong(deleted.group(1)) : -1;
  }

  /**
   * VACUUM lists the table's folders in this many tasks; Spark's default of 10,000 turns a small
   * table's vacuum into minutes of empty tasks. Four per core still spreads the listing.
   */
  private static void listInFewTasks(SparkSession spark) {
    spark
        .conf()
        .set(
            "spark.sql.sources.parallelPartitionDiscovery.parallelism",
            4L * spark.sparkContext().defaultParallelism());
  }
}
