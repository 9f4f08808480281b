package io.credence.publish;

import static io.credence.schema.Columns.*;

import io.credence.privacy.PersonIds;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Person tables created empty with Delta's table builder, as credence created them before a first
 * write did ({@link PersonTables#createWith}): the oracle that write is checked against, and a
 * set-up for tests that write their own rows.
 */
public final class EmptyPersonTables {
  private EmptyPersonTables() {}

  /** Creates each of {@code tables} that does not exist yet, empty, as a first write would. */
  public static void create(SparkSession spark, String warehouse, PersonIds ids, Table... tables) {
    for (Table table : tables) {
      String path = table.path(warehouse);
      if (DeltaTable.isDeltaTable(spark, path)) {
        continue;
      }
      DeltaTableBuilder builder =
          DeltaTable.createIfNotExists(spark)
              .location(DeltaWriter.qualified(spark, path))
              .addColumns(table.schema());
      for (Map.Entry<String, String> property :
          PersonTables.tableProperties(table, ids).entrySet()) {
        builder = builder.property(property.getKey(), property.getValue());
      }
      if (table.bySnapshotDate()) {
        builder = builder.partitionedBy(SNAPSHOT_DATE);
      }
      if (table == Table.SCORES_CURRENT) {
        builder = builder.clusterBy(PERSON_ID);
      }
      builder.execute();
    }
  }
}
