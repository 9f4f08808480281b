package io.credence.publish;

import io.credence.schema.OutputSchemas;
import org.apache.spark.sql.types.StructType;

/** The output Delta tables, each with its folder name under the warehouse root and its schema. */
public enum Table {
  FEATURES("features", OutputSchemas.FEATURES, true),
  SCORE_SNAPSHOTS("score_snapshots", OutputSchemas.SCORES, true),
  SCORES_CURRENT("scores_current", OutputSchemas.SCORES, false),
  QUARANTINE("quarantine", OutputSchemas.QUARANTINE, true),
  RUNS("runs", OutputSchemas.RUNS, false),
  ERASURES("erasures", OutputSchemas.ERASURES, false),
  LOOKUP_AUDIT("lookup_audit", OutputSchemas.LOOKUP_AUDIT, false),
  MONITORING("monitoring", OutputSchemas.MONITORING, true);

  private final String tableName;
  private final StructType schema;
  private final boolean bySnapshotDate;

  Table(String tableName, StructType schema, boolean bySnapshotDate) {
    this.tableName = tableName;
    this.schema = schema;
    this.bySnapshotDate = bySnapshotDate;
  }

  /** Folder and view name. */
  public String tableName() {
    return tableName;
  }

  /** The one schema writers select. */
  public StructType schema() {
    return schema;
  }

  /** Whether the table is partitioned by snapshot_date. */
  public boolean bySnapshotDate() {
    return bySnapshotDate;
  }

  /** The table's location under {@code warehouse}. */
  public String path(String warehouse) {
    return warehouse.replaceAll("/+$", "") + "/" + tableName;
  }
}
