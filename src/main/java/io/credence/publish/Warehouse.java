package io.credence.publish;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Read access to the warehouse for analysts: each existing table as a view named after it. */
public final class Warehouse {
  private Warehouse() {}

  /** Registers a temporary view per existing table; returns the names registered. */
  public static List<String> registerViews(SparkSession spark, String warehouse) {
    List<String> names = new ArrayList<>();
    for (Table table : Table.values()) {
      String path = table.path(warehouse);
      if (DeltaTable.isDeltaTable(spark, path)) {
        spark.read().format("delta").load(path).createOrReplaceTempView(table.tableName());
        names.add(table.tableName());
      }
    }
    if (names.isEmpty()) {
      throw io.credence.error.WarehouseErrors.noTables(warehouse);
    }
    return names;
  }
}
