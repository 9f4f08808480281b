package io.credence.generate;

import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Random draws as pure functions of (seed, salt, row keys), so every value is the same whatever the
 * partitioning or the order in which rows are computed; rand() would depend on both.
 */
final class Draws {
  /** 2^-53: scales the top 53 bits of a 64-bit hash to a double in [0, 1). */
  private static final double UNIT = 1.0 / (1L << 53);

  private static final BigDecimal CENT = new BigDecimal("0.01");

  private final long seed;

  Draws(long seed) {
    this.seed = seed;
  }

  /**
   * A uniform draw in [0, 1). The salt names the purpose of the draw so two draws on the same keys
   * are independent; String.hashCode is specified by the JLS, hence stable across JVMs.
   */
  Column uniform(String salt, Column... keys) {
    List<Column> parts = new ArrayList<>();
    parts.add(lit(seed));
    parts.add(lit(salt.hashCode()));
    parts.addAll(Arrays.asList(keys));
    Column hash = xxhash64(parts.toArray(Column[]::new));
    return shiftrightunsigned(hash, 11).multiply(UNIT);
  }

  /** A standard normal draw (Box-Muller on two uniform draws). */
  Column normal(String salt, Column... keys) {
    Column radius = sqrt(log(lit(1.0).minus(uniform(salt + "#r", keys))).multiply(-2.0));
    return radius.multiply(cos(uniform(salt + "#a", keys).multiply(2 * Math.PI)));
  }

  /**
   * One of {@code values} chosen by the uniform draw {@code u}, value i with probability {@code
   * weights[i]} (weights sum to 1).
   */
  static Column pick(Column u, String[] values, double[] weights) {
    if (values.length == 1) {
      return lit(values[0]);
    }
    double upper = weights[0];
    Column chosen = when(u.lt(upper), lit(values[0]));
    for (int i = 1; i < values.length - 1; i++) {
      upper += weights[i];
      chosen = chosen.when(u.lt(upper), lit(values[i]));
    }
    return chosen.otherwise(lit(values[values.length - 1]));
  }

  /**
   * A positive amount as decimal(precision, 2), rounded to cents. It goes through whole cents
   * because Spark casts a double to decimal via its decimal string, several times slower.
   */
  static Column money(Column amount, int precision) {
    Column cents = floor(amount.multiply(100).plus(0.5)).cast("decimal(18,0)");
    return cents.multiply(lit(CENT)).cast("decimal(" + precision + ",2)");
  }

  /** The logistic function, mapping a log-odds column to a probability. */
  static Column sigmoid(Column logOdds) {
    return lit(1.0).divide(lit(1.0).plus(exp(logOdds.multiply(-1.0))));
  }
}
