package io.credence.score;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/** Preconditions every scoring step checks on its input columns before building a plan. */
final class StageColumns {
  private StageColumns() {}

  /** Fails when any of {@code columns} is missing, naming them and what the input has. */
  static void requirePresent(Dataset<Row> input, String step, Collection<String> columns) {
    List<String> have = Arrays.asList(input.columns());
    List<String> missing = columns.stream().filter(c -> !have.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          step + " needs columns " + missing + " that its input lacks; the input has " + have);
    }
  }

  /** Fails when any of {@code columns} is not numeric, since bins compare numbers. */
  static void requireNumeric(Dataset<Row> input, String step, Collection<String> columns) {
    StructType schema = input.schema();
    for (String c : columns) {
      if (!(schema.apply(c).dataType() instanceof NumericType)) {
        throw new IllegalArgumentException(
            step
                + " needs column '"
                + c
                + "' to be numeric but it is "
                + schema.apply(c).dataType().simpleString());
      }
    }
  }

  /** Fails when the input already has a column the step would add: steps never overwrite. */
  static void requireAbsent(Dataset<Row> input, String step, String... columns) {
    List<String> have = Arrays.asList(input.columns());
    List<String> clash = Arrays.stream(columns).filter(have::contains).toList();
    if (!clash.isEmpty()) {
      throw new IllegalArgumentException(
          step + " adds columns " + clash + " but its input already has them; drop them first");
    }
  }
}
