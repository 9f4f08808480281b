package io.credence.feature;

import static io.credence.schema.Columns.PERSON_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.credence.schema.ColumnChecks;
import io.credence.schema.InputDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How one source's records become per-person feature columns at an as-of date, written once and
 * used two ways: {@link #aggregate} over accepted rows (training, tests), and in parts by the
 * nightly run, which folds the buffers into its one pass over the source ({@link
 * #aggregateWithSideKeys}), merges them ({@link Buffer#merge()}) and then finishes them ({@link
 * #finish}).
 *
 * @param stage the step's name in error messages
 * @param source the input dataset
 * @param needs the input columns the step reads (besides person_id)
 * @param rowColumns per-row values the buffers read, computed before aggregating, in order
 * @param counted which records count at D (records under dispute are removed before, or masked)
 * @param buffers the per-person aggregates, mergeable
 * @param finisher from the buffers to the source's feature columns (adds, drops transients)
 */
public record SourceAggregation(
    String stage,
    InputDataset source,
    List<String> needs,
    Map<String, Column> rowColumns,
    Column counted,
    List<Buffer> buffers,
    UnaryOperator<Dataset<Row>> finisher) {

  /**
   * One row per person_id over the rows of {@code records} that count at D, with the source's
   * feature columns. Costs one shuffle (the groupBy on person_id).
   */
  public Dataset<Row> aggregate(Dataset<Row> records) {
    return finish(perPersonBuffers(records));
  }

  /**
   * Per-person buffers that set rows aside in the same aggregation: groups {@code records} by
   * person_id and {@code sideKeys}, with per group the number of rows ({@code rowCount}) and the
   * buffers over the rows where {@code mask} holds and that count at D. Rows to be set aside (a
   * rejected row, say) carry non-null side keys and so form groups of their own; the others have
   * null side keys and form one group per person. Spark aggregates partially before the shuffle,
   * which then carries one buffer row per group and task instead of every row.
   */
  public Dataset<Row> aggregateWithSideKeys(
      Dataset<Row> records, Column mask, List<String> sideKeys, String rowCount) {
    List<Column> keys = new ArrayList<>();
    keys.add(col(PERSON_ID));
    sideKeys.forEach(k -> keys.add(col(k)));
    List<Column> aggregates = new ArrayList<>(partials(mask.and(counted)));
    return withRowColumns(records)
        .groupBy(keys.toArray(Column[]::new))
        .agg(count(lit(1)).as(rowCount), aggregates.toArray(Column[]::new));
  }

  /**
   * The buffers of the rows of {@code records} that count at D, one row per person_id, not
   * finished: to be merged with other partial buffers of the source.
   */
  public Dataset<Row> perPersonBuffers(Dataset<Row> records) {
    List<Column> aggregates = new ArrayList<>();
    buffers.forEach(b -> aggregates.add(b.aggregate()));
    return byPerson(withRowColumns(records).where(counted), aggregates);
  }

  /** Adds {@link #rowColumns()} to {@code records} after checking {@link #needs()}. */
  public Dataset<Row> withRowColumns(Dataset<Row> records) {
    List<String> required = new ArrayList<>(needs);
    required.add(0, PERSON_ID);
    ColumnChecks.requirePresent(records, stage, required.toArray(String[]::new));
    Dataset<Row> out = records;
    for (Map.Entry<String, Column> e : rowColumns.entrySet()) {
      out = out.withColumn(e.getKey(), e.getValue());
    }
    return out;
  }

  /** The buffers over the rows where {@code mask} is true (nulls count as false). */
  public List<Column> partials(Column mask) {
    return buffers.stream().map(b -> b.aggregate(mask)).toList();
  }

  /** The source's feature columns from per-person buffers. */
  public Dataset<Row> finish(Dataset<Row> perPerson) {
    return finisher.apply(perPerson);
  }

  /** The buffer column names, in order. */
  public List<String> bufferNames() {
    return buffers.stream().map(Buffer::name).toList();
  }

  private static Dataset<Row> byPerson(Dataset<Row> rows, List<Column> aggregates) {
    return rows.groupBy(PERSON_ID)
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
  }
}
