package io.credence.source;

import io.credence.schema.InputDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks a dataset's file schema against the contract. A column may be missing from nothing; its
 * type must equal the contract's or be a safe widening: a smaller integral type to a larger one or
 * to a decimal that holds all its digits, a decimal whose integer and fraction digits both fit, or
 * timestamp_ntz to timestamp (read as UTC). Extra columns are ignored.
 */
public final class SchemaContract {
  private SchemaContract() {}

  /**
   * One column that breaks the contract, in one file ({@code file}: its path below the input root)
   * or, with {@code file} null, in the schema Spark reads the dataset with.
   */
  public record Violation(
      String dataset, String column, String expected, String found, String file) {
    @Override
    public String toString() {
      return dataset
          + "."
          + column
          + ": expected "
          + expected
          + ", found "
          + found
          + (file == null ? "" : " in file " + file);
    }
  }

  /** Every violation of {@code found} against the contract of {@code dataset}; empty when ok. */
  public static List<Violation> check(InputDataset dataset, StructType found) {
    return check(dataset, found, null);
  }

  /** As {@link #check(InputDataset, StructType)}, for the schema of one {@code file}. */
  static List<Violation> check(InputDataset dataset, StructType found, String file) {
    Map<String, StructField> byName =
        java.util.Arrays.stream(found.fields())
            .collect(
                Collectors.toMap(f -> f.name().toLowerCase(), Function.identity(), (a, b) -> a));
    List<Violation> violations = new ArrayList<>();
    for (StructField expected : dataset.schema().fields()) {
      StructField actual = byName.get(expected.name());
      if (actual == null) {
        violations.add(
            new Violation(
                dataset.tableName(),
                expected.name(),
                expected.dataType().sql(),
                "no such column",
                file));
      } else if (!isSafe(actual.dataType(), expected.dataType())) {
        violations.add(
            new Violation(
                dataset.tableName(),
                expected.name(),
                expected.dataType().sql(),
                actual.dataType().sql(),
                file));
      }
    }
    return violations;
  }

  /** Columns in contract order and types, widened where the file's type is narrower. */
  public static Column[] conformingColumns(InputDataset dataset) {
    return java.util.Arrays.stream(dataset.schema().fields())
        .map(f -> org.apache.spark.sql.functions.col(f.name()).cast(f.dataType()).as(f.name()))
        .toArray(Column[]::new);
  }

  /** Whether a value of type {@code from} always converts to {@code to} without loss. */
  static boolean isSafe(DataType from, DataType to) {
    if (from.equals(to)) {
      return true;
    }
    if (to instanceof DecimalType target) {
      int integerDigits = integerDigits(from);
      if (integerDigits > 0) {
        return integerDigits <= target.precision() - target.scale();
      }
      if (from instanceof DecimalType source) {
        return source.scale() <= target.scale()
            && source.precision() - source.scale() <= target.precision() - target.scale();
      }
      return false;
    }
    if (to.equals(DataTypes.LongType)) {
      return integerDigits(from) > 0 && !from.equals(DataTypes.LongType);
    }
    if (to.equals(DataTypes.IntegerType)) {
      return from.equals(DataTypes.ShortType) || from.equals(DataTypes.ByteType);
    }
    return to.equals(DataTypes.TimestampType) && from.equals(DataTypes.TimestampNTZType);
  }

  private static int integerDigits(DataType type) {
    if (type.equals(DataTypes.ByteType)) {
      return 3;
    } else if (type.equals(DataTypes.ShortType)) {
      return 5;
    } else if (type.equals(DataTypes.IntegerType)) {
      return 10;
    } else if (type.equals(DataTypes.LongType)) {
      return 19;
    }
    return 0;
  }
}
