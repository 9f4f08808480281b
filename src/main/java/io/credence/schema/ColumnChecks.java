package io.credence.schema;

import io.credence.error.StageErrors;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/**
 * The column preconditions a stage checks on its input before it builds its plan (MLlib's {@code
 * transformSchema}): the columns it reads are present, the columns it adds are absent, a column has
 * the type it compares. Each failure is an {@link IllegalArgumentException} from {@link
 * StageErrors} naming the step.
 */
public final class ColumnChecks {
  private ColumnChecks() {}

  /** Fails when {@code input} lacks any of {@code columns}, naming all missing ones. */
  public static void requirePresent(Dataset<Row> input, String step, String... columns) {
    requirePresent(input, step, Arrays.asList(columns));
  }

  /** Fails when {@code input} lacks any of {@code columns}, naming all missing ones. */
  public static void requirePresent(Dataset<Row> input, String step, Collection<String> columns) {
    List<String> have = Arrays.asList(input.columns());
    List<String> missing = columns.stream().filter(c -> !have.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw StageErrors.missingColumns(step, missing, have);
    }
  }

  /** Fails when {@code input} already has any of {@code columns}: a step never overwrites. */
  public static void requireAbsent(Dataset<Row> input, String step, String... columns) {
    List<String> have = Arrays.asList(input.columns());
    List<String> clash = Arrays.stream(columns).filter(have::contains).toList();
    if (!clash.isEmpty()) {
      throw StageErrors.columnsAlreadyPresent(step, clash);
    }
  }

  /**
   * Fails when the type of {@code column} (which must be present) is not one {@code accepts};
   * {@code expected} names the accepted kind, e.g. "numeric".
   */
  public static void requireType(
      Dataset<Row> input,
      String step,
      String column,
      String expected,
      Predicate<DataType> accepts) {
    DataType type = input.schema().apply(column).dataType();
    if (!accepts.test(type)) {
      throw StageErrors.wrongColumnType(step, column, expected, type.simpleString());
    }
  }
}
