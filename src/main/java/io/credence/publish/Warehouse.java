package io.credence.publish;

import io.credence.error.CredenceException;
import io.credence.error.StoreFailures;
import io.credence.error.WarehouseErrors;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Read access to the warehouse for analysts: each existing table as a view named after it, without
 * the rows of persons whose erasure is on record ({@link ErasedRows}).
 */
public final class Warehouse {
  private Warehouse() {}

  /**
   * The names of the tables under {@code warehouse}, in the order {@link #registerViews} registers
   * them, from their folders alone: a table counts when its folder holds a {@code _delta_log}, and
   * no table is read (for a statement refused before its views are registered).
   */
  public static List<String> tableNames(SparkSession spark, String warehouse) {
    List<String> names = new ArrayList<>();
    for (Table table : Table.values()) {
      Path log = new Path(table.path(warehouse), "_delta_log");
      try {
        if (log.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(log)) {
          names.add(table.tableName());
        }
      } catch (IOException e) {
        CredenceException store = StoreFailures.explain(e);
        throw store != null ? store : new UncheckedIOException("cannot check " + log, e);
      }
    }
    if (names.isEmpty()) {
      throw WarehouseErrors.noTables(warehouse);
    }
    return names;
  }

  /** Registers a temporary view per existing table; returns the names registered. */
  public static List<String> registerViews(SparkSession spark, String warehouse) {
    List<String> names = new ArrayList<>();
    Optional<Dataset<Row>> erased = ErasedRows.keys(spark, warehouse);
    for (Table table : Table.values()) {
      String path = table.path(warehouse);
      if (DeltaTable.isDeltaTable(spark, path)) {
        Dataset<Row> rows = spark.read().format("delta").load(path);
        ErasedRows.without(spark, warehouse, table, rows, erased)
            .createOrReplaceTempView(table.tableName());
        names.add(table.tableName());
      }
    }
    if (names.isEmpty()) {
      throw WarehouseErrors.noTables(warehouse);
    }
    return names;
  }
}
