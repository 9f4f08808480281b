package io.credence.bench;

import static io.credence.schema.Columns.SNAPSHOT_DATE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.credence.publish.Table;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The reference for the job's Delta writes: the rows a run published (its quarantine, features and
 * snapshot partitions and scores_current), read back and cached, then written once as plain Parquet
 * and once as a plain Delta overwrite, each timed; the tables are written side by side, as the job
 * writes them.
 */
final class OutputWrites {
  static final List<Table> PUBLISHED =
      List.of(Table.QUARANTINE, Table.FEATURES, Table.SCORE_SNAPSHOTS, Table.SCORES_CURRENT);

  private OutputWrites() {}

  /** Seconds for the plain writes of {@code rows} output rows. */
  record Result(long rows, double parquetSeconds, double deltaOverwriteSeconds) {}

  static Result measure(SparkSession spark, String warehouse, String scratch, LocalDate asOf) {
    List<Dataset<Row>> tables = new ArrayList<>();
    long rows = 0;
    for (Table table : PUBLISHED) {
      Dataset<Row> published = spark.read().format("delta").load(table.path(warehouse));
      if (table.bySnapshotDate()) {
        published = published.where(col(SNAPSHOT_DATE).equalTo(lit(java.sql.Date.valueOf(asOf))));
      }
      Dataset<Row> cached = published.persist(StorageLevel.MEMORY_AND_DISK());
      rows += cached.count();
      tables.add(cached);
    }
    try {
      double parquet = timed(() -> write(tables, "parquet", scratch + "/parquet"));
      double delta = timed(() -> write(tables, "delta", scratch + "/delta"));
      return new Result(rows, parquet, delta);
    } finally {
      tables.forEach(Dataset::unpersist);
    }
  }

  /** Writes the tables side by side, as the job does, and waits for all of them. */
  private static void write(List<Dataset<Row>> tables, String format, String root) {
    List<java.util.concurrent.CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      Dataset<Row> rows = tables.get(i);
      String path = root + "/" + PUBLISHED.get(i).tableName();
      writes.add(
          java.util.concurrent.CompletableFuture.runAsync(
              () -> rows.write().format(format).mode("overwrite").save(path)));
    }
    writes.forEach(java.util.concurrent.CompletableFuture::join);
  }

  static double timed(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }
}
