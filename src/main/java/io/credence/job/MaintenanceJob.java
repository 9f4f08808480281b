package io.credence.job;

import io.credence.config.MaintenanceConfig;
import io.credence.error.WarehouseErrors;
import io.credence.publish.DeltaWriter;
import io.credence.publish.PersonTables;
import io.credence.publish.Table;
import io.credence.publish.WarehouseLock;
import io.credence.run.Progress;
import io.delta.tables.DeltaTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Keeps the warehouse small: VACUUMs every existing output table with the configured retention, so
 * files that no version of the retention window needs are deleted and time travel inside the window
 * keeps working. The retention is each table's own property, set here ({@link #retain}); the run
 * holds the warehouse lock, since changing a table's properties while a run commits to it would
 * fail that run's commit.
 */
public final class MaintenanceJob {
  private MaintenanceJob() {}

  /** A maintenance run holds the warehouse lock for minutes; one older than this is stale. */
  private static final Duration MAX_RUN_TIME = Duration.ofHours(12);

  /** How long a table keeps the files of its older versions, which VACUUM and time travel obey. */
  static final String FILE_RETENTION = "delta.deletedFileRetentionDuration";

  /** How long a table keeps its log's older commits; time travel needs them too. */
  static final String LOG_RETENTION = "delta.logRetentionDuration";

  /** Delta's default log retention, 30 days: kept unless the file retention is longer. */
  private static final int DEFAULT_LOG_RETENTION_HOURS = 30 * 24;

  /**
   * Vacuums each existing table under {@code warehouse}, under the warehouse lock; returns the
   * names of those vacuumed.
   */
  public static List<String> run(
      SparkSession spark, String warehouse, MaintenanceConfig config, Progress progress) {
    List<String> vacuumed = new ArrayList<>();
    try (WarehouseLock lock =
        WarehouseLock.acquire(
            spark.sparkContext().hadoopConfiguration(),
            warehouse,
            "maintain-" + Instant.now().toEpochMilli(),
            MAX_RUN_TIME)) {
      for (Table table : Table.values()) {
        String path = table.path(warehouse);
        if (!DeltaTable.isDeltaTable(spark, path)) {
          continue;
        }
        progress.stage(
            "vacuum " + table.tableName(),
            () -> {
              retain(spark, path, config.retentionHours());
              vacuum(spark, path);
              return -1L;
            });
        vacuumed.add(table.tableName());
      }
    }
    if (vacuumed.isEmpty()) {
      throw WarehouseErrors.noTables(warehouse);
    }
    return vacuumed;
  }

  /**
   * Sets the table's retention to {@code hours} when it differs. Delta 4 ignores VACUUM's own
   * retention argument (unless 0) and keeps {@value #FILE_RETENTION} instead (7 days unless set),
   * and refuses time travel past it: a longer retention passed to VACUUM alone was silently cut to
   * 7 days. The log is kept at least as long, so that time travel finds the commits too.
   */
  static void retain(SparkSession spark, String path, int hours) {
    Map<String, String> properties = PersonTables.properties(spark, path);
    String files = "interval " + hours + " hours";
    String log = "interval " + Math.max(hours, DEFAULT_LOG_RETENTION_HOURS) + " hours";
    boolean logDefault =
        hours <= DEFAULT_LOG_RETENTION_HOURS && !properties.containsKey(LOG_RETENTION);
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

  /** VACUUMs the table at {@code path}, keeping what its retention ({@link #retain}) needs. */
  static void vacuum(SparkSession spark, String path) {
    listInFewTasks(spark);
    DeltaTable.forPath(spark, path).vacuum();
  }

  /**
   * VACUUMs the table at {@code path} with a retention of 0 hours, the one value Delta takes from
   * the call (erasure's; Delta's check of its minimum must be off).
   */
  static void vacuumAll(SparkSession spark, String path) {
    listInFewTasks(spark);
    DeltaTable.forPath(spark, path).vacuum(0);
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
