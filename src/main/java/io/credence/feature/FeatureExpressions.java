package io.credence.feature;

import static io.credence.schema.Columns.PERSON_ID;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.UnscaledValue;
import org.apache.spark.sql.classic.ExpressionUtils;
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

  /**
   * {@link #wholeMonthsTo} D of a {@code date} in the window (add_months(D, -months), D], null
   * outside it. The window's days are few, so their whole months are computed here once ({@link
   * #wholeMonthsBetween}) and a row reads its value from that table by its day difference to D: an
   * integer subtraction and an array read instead of months_between's conversions of both dates to
   * timestamps and back (about one in twenty of the one pass's profile samples at 1M persons).
   */
  static Column wholeMonthsInWindow(Column date, LocalDate asOf, int months) {
    int days = (int) ChronoUnit.DAYS.between(asOf.minusMonths(months), asOf);
    int[] byDaysBefore = new int[days];
    for (int i = 0; i < days; i++) {
      byDaysBefore[i] = wholeMonthsBetween(asOf, asOf.minusDays(i));
    }
    Column daysBefore = datediff(asOf(asOf), date);
    return when(
        inLastMonths(date, asOf, months), try_element_at(lit(byDaysBefore), daysBefore.plus(1)));
  }

  /**
   * floor(months_between(later, earlier)) for two dates, as Spark computes it: the difference of
   * their months, less one when {@code later}'s day of the month is before {@code earlier}'s,
   * unless both are the last days of their months (months_between then adds the difference of the
   * days over 31, a fraction strictly between -1 and 1, and rounds it to 8 digits, which cannot
   * reach a whole number).
   */
  static int wholeMonthsBetween(LocalDate later, LocalDate earlier) {
    int months =
        (later.getYear() - earlier.getYear()) * 12
            + later.getMonthValue()
            - earlier.getMonthValue();
    boolean bothLastDays =
        later.getDayOfMonth() == later.lengthOfMonth()
            && earlier.getDayOfMonth() == earlier.lengthOfMonth();
    return later.getDayOfMonth() < earlier.getDayOfMonth() && !bothLastDays ? months - 1 : months;
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
    // The unscaled value of a scale-2 decimal is its whole cents: read as the long the decimal
    // holds, without the BigDecimal product that amount * 100 costs on every row. Every amount of
    // the contract fits 18 digits, so the cast to scale 2 and 18 digits changes no value.
    Column scale2 = amount.cast(DataTypes.createDecimalType(18, 2));
    return ExpressionUtils.column(new UnscaledValue(ExpressionUtils.expression(scale2)));
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
