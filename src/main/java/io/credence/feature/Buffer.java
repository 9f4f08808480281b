package io.credence.feature;

import static org.apache.spark.sql.functions.bit_or;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Objects;
import org.apache.spark.sql.Column;

/**
 * One per-person aggregate of a source, in a form that can be computed in parts and merged: a
 * count, sum, minimum, maximum or bitwise or of a row value. All five ignore nulls, so a row is
 * left out of every buffer by nulling its value ({@link #aggregate(Column)}), and two partial
 * results of disjoint row sets merge into the result over their union ({@link #merge()}). Every
 * buffer has a fixed width (longs, ints, dates; decimal amounts are summed as long cents).
 *
 * @param name the output column
 * @param kind how rows are combined
 * @param value the row value; for {@link Kind#COUNT}, non-null on the rows to count
 */
public record Buffer(String name, Kind kind, Column value) {
  /** How a buffer combines rows, and how two partial results of it combine. */
  public enum Kind {
    COUNT,
    SUM,
    MIN,
    MAX,
    BIT_OR
  }

  public Buffer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }

  /** A count of the rows where {@code condition} is true. */
  public static Buffer countWhere(String name, Column condition) {
    return new Buffer(name, Kind.COUNT, when(condition, lit(1)));
  }

  /** The aggregate over every row. */
  public Column aggregate() {
    return apply(value).as(name);
  }

  /** The aggregate over the rows where {@code mask} is true; the others count as absent. */
  public Column aggregate(Column mask) {
    return apply(when(mask, value)).as(name);
  }

  /** The aggregate that combines partial results of this buffer (column {@link #name()}). */
  public Column merge() {
    Column partial = col(name);
    Column merged =
        switch (kind) {
          case COUNT, SUM -> sum(partial);
          case MIN -> min(partial);
          case MAX -> max(partial);
          case BIT_OR -> bit_or(partial);
        };
    return merged.as(name);
  }

  private Column apply(Column v) {
    return switch (kind) {
      case COUNT -> count(v);
      case SUM -> sum(v);
      case MIN -> min(v);
      case MAX -> max(v);
      case BIT_OR -> bit_or(v);
    };
  }
}
