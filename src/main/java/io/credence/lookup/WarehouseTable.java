package io.credence.lookup;

/**
 * The warehouse tables the lookup reader and service use, by folder name. {@code
 * io.credence.publish.Table} names them too, but loading it builds Spark schemas, and lookup runs
 * without Spark; {@code LookupTablesTest} checks that the names agree.
 */
public enum WarehouseTable {
  SCORES_CURRENT("scores_current"),
  SCORE_SNAPSHOTS("score_snapshots"),
  LOOKUP_AUDIT("lookup_audit"),
  ERASURES("erasures");

  private final String tableName;

  WarehouseTable(String tableName) {
    this.tableName = tableName;
  }

  /** The folder under the warehouse root. */
  public String tableName() {
    return tableName;
  }

  /** The table's location under {@code warehouse}. */
  public String path(String warehouse) {
    return warehouse.replaceAll("/+$", "") + "/" + tableName;
  }
}
