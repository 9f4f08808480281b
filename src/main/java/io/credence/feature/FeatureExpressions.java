package io.credence.feature;

import static io.credence.schema.Columns.PERSON_ID;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.when;

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

  /** Aggregate: the number of rows of the group where {@code condition} is true. */
  static Column countWhere(Column condition) {
    return count(when(condition, lit(1)));
  }
}
