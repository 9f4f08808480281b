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
   * Adds the quarantine's {@code row_json} to checked rows: the whole row as JSON for a rejected
   * row, null for an accepted one and for a row of an erased person (which keeps its reason and
   * count but not its content). Computed in the validation pass, it lets the quarantine write read
   * two narrow columns of the cached rows instead of every column.
   */
  public static Dataset<Row> withRowJson(InputDataset dataset, Dataset<Row> checked) {
    return checked.withColumn(ROW_JSON, rowJson(dataset, col(REJECT_REASON)));
  }

  /**
   * The quarantine's {@code row_json} of a row of {@code dataset} with reject reason {@code
   * reason}: the row's contract columns as JSON, nulls included; null for an accepted row and for
   * an erased person's row.
   */
  public static Column rowJson(InputDataset dataset, Column reason) {
    Column[] original =
        Arrays.stream(dataset.schema().fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    return when(
        reason.isNotNull().and(reason.notEqual(ErasedPersons.REASON)),
        to_json(struct(original), java.util.Map.of("ignoreNullFields", "false")));
  }

  /**
   * The rejected rows as quarantine-table rows: dataset, reason, the row as JSON (see {@link
   * #withRowJson}, which is applied here unless {@code checked} has the column already).
   */
  public static Dataset<Row> filterRejected(
      InputDataset dataset, Dataset<Row> checked, LocalDate snapshotDate, String runId) {
    Dataset<Row> rows =
        Arrays.asList(checked.columns()).contains(ROW_JSON)
            ? checked
            : withRowJson(dataset, checked);
    return rows.filter(col(REJECT_REASON).isNotNull())
        .select(
            lit(dataset.tableName()).as(DATASET),
            col(REJECT_REASON).as(REASON),
            col(ROW_JSON),
            lit(java.sql.Date.valueOf(snapshotDate)).as(SNAPSHOT_DATE),
            lit(runId).as(RUN_ID));
  }
}
