package io.credence;

import io.credence.privacy.PersonIds;
import io.credence.publish.DeltaWriter;
import io.credence.publish.Table;
import io.credence.schema.OutputSchemas;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.RowFactory;

/**
 * The state an erasure leaves when it is killed after recording its request and before it reached
 * scores_current: its erasures row with tables null, built as {@code ErasureJob.recordRequest}
 * builds it, and the person's rows still in every table.
 */
public final class InterruptedErasure {
  private InterruptedErasure() {}

  /** Appends an unfinished erasure of the person with raw id {@code rawId} to {@code warehouse}. */
  public static void recordOnly(String warehouse, PersonIds ids, String rawId) {
    record(warehouse, ids, rawId, null);
  }

  /**
   * Appends a finished erasure of the person with raw id {@code rawId} to {@code warehouse} (its
   * tables one row of scores_current), as {@code ErasureJob.complete} leaves it; the rows stay.
   */
  public static void recordFinished(String warehouse, PersonIds ids, String rawId) {
    record(warehouse, ids, rawId, List.of(RowFactory.create(Table.SCORES_CURRENT.tableName(), 1L)));
  }

  private static void record(String warehouse, PersonIds ids, String rawId, List<?> tables) {
    DeltaWriter.append(
        SparkTestBase.spark(),
        warehouse,
        ids,
        Table.ERASURES,
        SparkTestBase.spark()
            .createDataFrame(
                List.of(
                    RowFactory.create(
                        Timestamp.from(Instant.now()),
                        ids.personKey(rawId),
                        "test",
                        "interrupted",
                        tables)),
                OutputSchemas.ERASURES));
  }
}
