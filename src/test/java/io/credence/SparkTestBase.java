package io.credence;

import io.credence.spark.SparkSessions;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * One SparkSession for the whole test JVM, built by the production builder ({@link
 * SparkSessions#builder}) with a test JVM's overrides: local[2], 2 shuffle partitions, 2 Delta
 * snapshot partitions, UI off. It is never stopped between tests; the JVM's shutdown hook stops it.
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
