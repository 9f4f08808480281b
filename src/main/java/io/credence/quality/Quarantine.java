package io.credence.quality;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.*;

import io.credence.privacy.ErasedPersons;
import io.credence.schema.InputDataset;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Splits rows checked by {@link RowRules} into accepted rows and quarantine-table rows. */
public final class Quarantine {
  private Quarantine() {}

  /** The accepted rows, in the contract schema (the reject-reason column removed). */
  public static Dataset<Row> filterAccepted(InputDataset dataset, Dataset<Row> checked) {
    return checked
        .filter(col(REJECT_REASON).isNull())
        .select(
            Arrays.stream(dataset.schema().fieldNames()).map(c -> col(c)).toArray(Column[]::new));
  }

  /**
   * The rejected rows as quarantine-table rows: dataset, reason, the row as JSON. Rows of erased
   * persons keep their reason and count but not their content (row_json is null).
   */
  public static Dataset<Row> filterRejected(
      InputDataset dataset, Dataset<Row> checked, LocalDate snapshotDate, String runId) {
    Column[] original =
        Arrays.stream(dataset.schema().fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    return checked
        .filter(col(REJECT_REASON).isNotNull())
        .select(
            lit(dataset.tableName()).as(DATASET),
            col(REJECT_REASON).as(REASON),
            when(
                    col(REJECT_REASON).notEqual(ErasedPersons.REASON),
                    to_json(struct(original), java.util.Map.of("ignoreNullFields", "false")))
                .as(ROW_JSON),
            lit(java.sql.Date.valueOf(snapshotDate)).as(SNAPSHOT_DATE),
            lit(runId).as(RUN_ID));
  }
}
