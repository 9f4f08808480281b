package io.credence.feature;

import static io.credence.schema.Columns.PERSON_ID;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Date windows and counting expressions shared by the feature steps, as the contract words them.
 */
final class FeatureExpressions {
  private FeatureExpressions() {}

  /** The as-of date D as a date literal. */
  static Column asOf(LocalDate asOf) {
    return lit(java.sql.Date.valueOf(asOf));
  }

  /** True when {@code date} is in the window (add_months(D, -months), D]. */
  static Column inLastMonths(Column date, LocalDate asOf, int months) {
    return date.gt(add_months(asOf(asOf), -months)).and(date.leq(asOf(asOf)));
  }

  /** Whole months from {@code date} to D: floor(months_between(D, date)) as an int. */
  static Column wholeMonthsTo(Column date, LocalDate asOf) {
    return floor(months_between(asOf(asOf), date)).cast(DataTypes.IntegerType);
  }

  /** Groups {@code rows} by person_id with the given aggregates: the one shuffle of a source. */
  static Dataset<Row> aggregateByPerson(Dataset<Row> rows, List<Column> aggregates) {
    return rows.groupBy(PERSON_ID)
        .agg(aggregates.get(0), aggregates.stream().skip(1).toArray(Column[]::new));
  }

  /**
   * Whole cents of a scale-2 amount, as a long. Summing cents keeps an aggregate's buffer a long:
   * Spark holds the sum of a decimal(12,2), a decimal(22,2), as a byte array in its aggregation
   * buffer and rebuilds a BigInteger on every update, which made the shopping features' thirteen
   * amount sums most of the feature stage's time.
   */
  static Column cents(Column amount) {
    return amount.multiply(lit(BigDecimal.valueOf(100))).cast(DataTypes.LongType);
  }

  /** A sum of {@link #cents} back as the exact amount, as the decimal sum would have typed it. */
  static Column fromCents(Column cents, int precision) {
    return cents
        .cast(DataTypes.createDecimalType(20, 0))
        .divide(lit(BigDecimal.valueOf(100)))
        .cast(DataTypes.createDecimalType(precision, 2));
  }

  /**
   * A sum of {@link #cents} as the double the decimal sum would give: a long divided by 100.0 is
   * the correctly rounded quotient, as BigDecimal's and Spark's Decimal's toDouble compute it.
   */
  static Column centsAsDouble(Column cents) {
    return cents.cast(DataTypes.DoubleType).divide(lit(100.0));
  }

  /** Aggregate: the number of rows of the group where {@code condition} is true. */
  static Column countWhere(Column condition) {
    return count(when(condition, lit(1)));
  }
}
