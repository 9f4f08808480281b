package io.credence.score;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
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

  /**
   * Fails when a feature's column has the wrong type: numeric features compare numbers, categorical
   * features compare strings (a boolean column as its strings "true" and "false").
   */
  static void requireTypes(Dataset<Row> input, String step, Scorecard card) {
    StructType schema = input.schema();
    for (FeatureScore f : card.features()) {
      DataType type = schema.apply(f.feature()).dataType();
      boolean ok =
          f.kind() == FeatureKind.CATEGORY
              ? type instanceof StringType || type instanceof BooleanType
              : type instanceof NumericType;
      if (!ok) {
        throw new IllegalArgumentException(
            step
                + " needs column '"
                + f.feature()
                + "' to be "
                + (f.kind() == FeatureKind.CATEGORY ? "a string or boolean" : "numeric")
                + " but it is "
                + type.simpleString());
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
