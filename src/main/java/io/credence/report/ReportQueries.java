package io.credence.report;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.*;

import io.credence.schema.ColumnChecks;
import java.util.Comparator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.unsafe.types.UTF8String;

/** The report's aggregations of one snapshot's tables; each returns a few rows to collect. */
public final class ReportQueries {
  private ReportQueries() {}

  /**
   * Spark's order of strings (their UTF-8 bytes, not Java's UTF-16 units), for what the report
   * orders in memory instead of with a query.
   */
  static final Comparator<String> SPARK_STRING_ORDER =
      Comparator.comparing(UTF8String::fromString, UTF8String::binaryCompare);

  /**
   * The {@code top} most frequent reason codes: code, text, persons whose reasons include it, most
   * frequent first, ties by code. Needs the reasons column.
   */
  public static Dataset<Row> topReasons(Dataset<Row> snapshot, int top) {
    ColumnChecks.requirePresent(snapshot, "report reasons", REASONS);
    return snapshot
        .select(explode(col(REASONS)).as("r"))
        .groupBy(col("r." + REASON_CODE).as(REASON_CODE))
        .agg(min(col("r." + REASON_TEXT)).as(REASON_TEXT), count(lit(1)).as("persons"))
        .orderBy(col("persons").desc(), col(REASON_CODE))
        .limit(top);
  }

  /** Quarantined rows per dataset and reason, ordered by dataset and reason. */
  public static Dataset<Row> quarantine(Dataset<Row> quarantine) {
    ColumnChecks.requirePresent(quarantine, "report quarantine", DATASET, REASON);
    return quarantine
        .groupBy(DATASET, REASON)
        .agg(count(lit(1)).as("rows"))
        .orderBy(col(DATASET), col(REASON));
  }
}
