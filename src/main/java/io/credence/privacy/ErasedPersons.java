package io.credence.privacy;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Keeps erased persons out of a run even while the inputs still hold them: their rows get the
 * reject reason {@value #REASON}, so they never reach features or scores, are counted like any
 * quarantined row (read = accepted + quarantined still holds), and land in the quarantine table
 * with their content withheld.
 */
public final class ErasedPersons {
  /** Reject reason of rows that belong to an erased person. */
  public static final String REASON = "erased_person";

  private static final String ERASED_KEY = "_erased_key";

  private ErasedPersons() {}

  /**
   * Needs person_id and the row rules' reject reason; replaces the reject reason of rows whose
   * person key is in {@code erasedKeys} (column person_key) by {@value #REASON}. Drops no rows. The
   * erased keys are few, so they are broadcast and the rows are not shuffled.
   */
  public static Dataset<Row> withErasedReason(
      Dataset<Row> checked, Dataset<Row> erasedKeys, PersonIds ids) {
    Dataset<Row> keys = erasedKeys.select(col(PERSON_KEY).as(ERASED_KEY)).distinct();
    return checked
        .join(broadcast(keys), ids.personKeyOf(col(PERSON_ID)).equalTo(col(ERASED_KEY)), "left")
        .withColumn(
            REJECT_REASON,
            when(col(ERASED_KEY).isNotNull(), lit(REASON)).otherwise(col(REJECT_REASON)))
        .drop(ERASED_KEY);
  }
}
