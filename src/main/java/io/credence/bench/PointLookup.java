package io.credence.bench;

import static io.credence.schema.Columns.PERSON_ID;
import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;

/**
 * Looks one person up in a Delta table the way {@code credence lookup} does (a filter on person_id)
 * and reports how many data files the scan read, from the scan node's {@code numFiles} metric
 * ("number of files read") after the query ran.
 */
public final class PointLookup {
  private PointLookup() {}

  /** What one lookup cost. */
  public record Result(long filesRead, long filesInTable, long rowsFound, double seconds) {}

  /** Looks up {@code personId} in the Delta table at {@code path}. */
  public static Result lookup(SparkSession spark, String path, String personId) {
    Dataset<Row> query =
        spark.read().format("delta").load(path).where(col(PERSON_ID).equalTo(personId));
    long start = System.nanoTime();
    List<Row> rows = query.collectAsList();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(
        filesRead(query.queryExecution().executedPlan()), files(spark, path), rows.size(), seconds);
  }

  /** The sum of the "number of files read" metrics of the file scans in an executed plan. */
  public static long filesRead(SparkPlan executed) {
    long files = 0;
    for (SparkPlan node : PhysicalPlans.nodes(executed)) {
      if (node instanceof FileSourceScanExec scan) {
        scala.Option<SQLMetric> metric = scan.metrics().get("numFiles");
        if (metric.isDefined()) {
          files += metric.get().value();
        }
      }
    }
    return files;
  }

  /** Data files in the table's current version. */
  public static long files(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).detail().first().getAs("numFiles");
  }
}
