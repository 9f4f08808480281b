package io.credence.job;

import io.credence.privacy.PersonIds;
import io.credence.publish.DeltaWriter;
import io.credence.publish.Table;
import io.credence.schema.OutputSchemas;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The lookup_audit table: every lookup of a person, found or not, with who asked, when and why. The
 * person appears only as their key (pseudonym, or SHA-256 of the raw id).
 */
public final class LookupAudit {
  private LookupAudit() {}

  /** Appends one audit row (one Delta commit; appends never conflict with a running job). */
  public static void record(
      SparkSession spark,
      String warehouse,
      PersonIds ids,
      String requester,
      String purpose,
      String personKey,
      boolean found) {
    PersonTables.create(spark, warehouse, ids, Table.LOOKUP_AUDIT);
    var row =
        RowFactory.create(Timestamp.from(Instant.now()), requester, purpose, personKey, found);
    DeltaWriter.append(
        Table.LOOKUP_AUDIT,
        warehouse,
        spark.createDataFrame(List.of(row), OutputSchemas.LOOKUP_AUDIT));
  }
}
