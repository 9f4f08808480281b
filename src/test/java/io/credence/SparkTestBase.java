package io.credence;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * One SparkSession for the whole test JVM (local[2], 2 shuffle partitions, UI off, loopback, Delta,
 * UTC). It is never stopped between tests; the JVM's shutdown hook stops it.
 */
public abstract class SparkTestBase {
  private static SparkSession spark;

  protected static synchronized SparkSession spark() {
    if (spark == null) {
      spark =
          SparkSession.builder()
              .appName("credence-tests")
              .master("local[2]")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.default.parallelism", "2")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
              .config(
                  "spark.sql.catalog.spark_catalog",
                  "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
              .config(io.credence.spark.SparkSessions.COALESCE_CACHED_PARTITIONS, "true")
              .config("spark.databricks.delta.snapshotPartitions", "2")
              .config(
                  io.credence.config.StorageSettings.SPARK_S3A_LOG_STORE,
                  io.credence.config.StorageSettings.CONDITIONAL_LOG_STORE)
              .config("spark.ui.showConsoleProgress", "false")
              // A 20-feature scorecard compiles to one ~16 KB method; the JIT skips methods over
              // 8000
              // bytes unless Spark splits them, which made scoring ten times slower.
              .config("spark.sql.codegen.hugeMethodLimit", "8000")
              .getOrCreate();
    }
    return spark;
  }

  /** A DataFrame from hand-written rows; values must match the schema's types. */
  protected static Dataset<Row> rows(StructType schema, Object[]... values) {
    List<Row> list = java.util.Arrays.stream(values).map(RowFactory::create).toList();
    return spark().createDataFrame(list, schema);
  }
}
