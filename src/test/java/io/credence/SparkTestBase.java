package io.credence;

import io.credence.spark.SparkSessions;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;

/**
 * One SparkSession for the whole test JVM, built by the production builder ({@link
 * SparkSessions#builder}) with a test JVM's overrides: local[2], 2 shuffle partitions, 2 Delta
 * snapshot partitions, UI off, a status store of 50 jobs. It is never stopped between tests; the
 * JVM's shutdown hook stops it; what each test class cached is dropped after it.
 */
public abstract class SparkTestBase {
  private static SparkSession spark;

  protected static synchronized SparkSession spark() {
    if (spark == null) {
      spark =
          SparkSessions.builder("credence-tests", "local[2]", SparkSessions.Output.REDIRECTED)
              .master("local[2]")
              .config("spark.ui.enabled", "false")
              .config(SparkSessions.SHUFFLE_PARTITIONS, "2")
              .config("spark.default.parallelism", "2")
              .config(SparkSessions.DELTA_SNAPSHOT_PARTITIONS, "2")
              // The status store keeps 1,000 jobs, stages and SQL executions by default; a test
              // JVM runs some ten thousand and reads none of them back.
              .config("spark.ui.retainedJobs", "50")
              .config("spark.ui.retainedStages", "50")
              .config("spark.ui.retainedTasks", "1000")
              .config("spark.sql.ui.retainedExecutions", "20")
              .getOrCreate();
    }
    return spark;
  }

  /**
   * Drops what a test class leaves in the shared session: the Datasets it cached and Delta's cache
   * of table logs and their snapshots (kept an hour by default). Kept for the whole test JVM, they
   * filled its heap by the suite's second half, when the collector ran almost continuously.
   */
  @AfterAll
  static void releaseCachedState() {
    if (spark != null) {
      spark.catalog().clearCache();
      DeltaLog.clearCache();
    }
  }

  /** A DataFrame from hand-written rows; values must match the schema's types. */
  protected static Dataset<Row> rows(StructType schema, Object[]... values) {
    List<Row> list = java.util.Arrays.stream(values).map(RowFactory::create).toList();
    return spark().createDataFrame(list, schema);
  }
}
