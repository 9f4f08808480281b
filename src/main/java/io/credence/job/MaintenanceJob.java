package io.credence.job;

import io.credence.config.MaintenanceConfig;
import io.credence.error.WarehouseErrors;
import io.credence.publish.Table;
import io.credence.run.Progress;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Keeps the warehouse small: VACUUMs every existing output table with the configured retention, so
 * files that no version of the retention window needs are deleted and time travel inside the window
 * keeps working.
 */
public final class MaintenanceJob {
  private MaintenanceJob() {}

  /** Vacuums each existing table under {@code warehouse}; returns the names of those vacuumed. */
  public static List<String> run(
      SparkSession spark, String warehouse, MaintenanceConfig config, Progress progress) {
    List<String> vacuumed = new ArrayList<>();
    for (Table table : Table.values()) {
      String path = table.path(warehouse);
      if (!DeltaTable.isDeltaTable(spark, path)) {
        continue;
      }
      progress.stage(
          "vacuum " + table.tableName(),
          () -> {
            vacuum(spark, path, config.retentionHours());
            return -1L;
          });
      vacuumed.add(table.tableName());
    }
    if (vacuumed.isEmpty()) {
      throw WarehouseErrors.noTables(warehouse);
    }
    return vacuumed;
  }

  /** VACUUMs the table at {@code path}, keeping {@code retentionHours} of history. */
  static void vacuum(SparkSession spark, String path, double retentionHours) {
    // VACUUM lists the table's folders in this many tasks; Spark's default of 10,000 turns a
    // small table's vacuum into minutes of empty tasks. Four per core still spreads the listing.
    spark
        .conf()
        .set(
            "spark.sql.sources.parallelPartitionDiscovery.parallelism",
            4L * spark.sparkContext().defaultParallelism());
    DeltaTable.forPath(spark, path).vacuum(retentionHours);
  }
}
