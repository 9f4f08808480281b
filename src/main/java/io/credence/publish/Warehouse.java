package io.credence.publish;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Read access to the warehouse for analysts: each existing table as a view named after it, without
 * the rows of persons whose erasure is on record ({@link ErasedRows}).
 */
public final class Warehouse {
  private Warehouse() {}

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
      throw io.credence.error.WarehouseErrors.noTables(warehouse);
    }
    return names;
  }
}
