package io.credence.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ModelFitTest extends SparkTestBase {
  static final StructType SCHEMA =
      new StructType()
          .add("pay_count_24m", DataTypes.IntegerType)
          .add("label", DataTypes.DoubleType);

  /** x = 0: 80 good, 20 bad; x = 1: 50 good, 50 bad. */
  static Dataset<Row> data() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(new Object[] {0, i < 20 ? 1.0 : 0.0});
      rows.add(new Object[] {1, i < 50 ? 1.0 : 0.0});
    }
    return rows(SCHEMA, rows.toArray(Object[][]::new));
  }

  static FeatureBins bins(double woeLow, double woeHigh) {
    return new FeatureBins(
        "pay_count_24m",
        Direction.RISING,
        List.of(new Cell(1.0, 80, 20), new Cell(null, 50, 50)),
        List.of(woeLow, woeHigh),
        new Cell(null, 0, 0),
        0.0,
        0.1,
        null);
  }

  @Test
  void trueWoeGetsNegativeCoefficient() {
    FeatureBins b =
        FeatureBins.of("pay_count_24m", Direction.RISING, bins(0, 0).cells(), bins(0, 0).missing());
    double c =
        ModelFit.logistic(ModelFit.fit(data(), List.of(b), ModelConfig.DEFAULTS))
            .coefficients()
            .apply(0);
    assertThat(c).isLessThan(-0.5);
  }

  @Test
  void boundKeepsCoefficientAtMostZeroWhenTheDataPullsTheOtherWay() {
    // WoE with the wrong sign: unbounded, the coefficient would be clearly positive.
    double c =
        ModelFit.logistic(ModelFit.fit(data(), List.of(bins(-1, 1)), ModelConfig.DEFAULTS))
            .coefficients()
            .apply(0);
    assertThat(c).isLessThanOrEqualTo(0.0).isGreaterThan(-1e-6);
  }
}
