package io.credence.generate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Row-dropping helper shared by the dataset builders. */
final class Frames {
  private static final String KEEP = "_keep";

  private Frames() {}

  /**
   * The rows where {@code keep} holds. It explodes a zero- or one-element array instead of calling
   * filter(): Catalyst pushes a filter below the projections that compute its inputs and inlines
   * them there without common-subexpression elimination, which made dispute sampling re-evaluate
   * whole risk formulas several times per record (about three times slower overall).
   */
  static Dataset<Row> keepWhere(Dataset<Row> rows, Column keep) {
    return rows.withColumn(KEEP, explode(when(keep, array(lit(true))))).drop(KEEP);
  }
}
