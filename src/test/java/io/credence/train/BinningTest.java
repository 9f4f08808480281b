package io.credence.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BinningTest extends SparkTestBase {
  static final StructType SCHEMA =
      new StructType()
          .add("court_active_count", DataTypes.IntegerType)
          .add("label", DataTypes.DoubleType);

  @Test
  void rareEventAboveEveryQuantileGetsItsOwnBinAndMissingItsOwn() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 95; i++) {
      rows.add(new Object[] {0, i < 5 ? 1.0 : 0.0}); // 5% bad
    }
    for (int i = 0; i < 5; i++) {
      rows.add(new Object[] {2 + i, i < 4 ? 1.0 : 0.0}); // 80% bad
    }
    rows.add(new Object[] {null, 0.0});
    FeatureBins b =
        Binning.fit(
                rows(SCHEMA, rows.toArray(Object[][]::new)),
                List.of("court_active_count"),
                BinningConfig.DEFAULTS,
                Map.of())
            .get(0);
    assertThat(b.direction()).isEqualTo(Direction.RISING);
    assertThat(b.cells()).containsExactly(new Cell(2.0, 90, 5), new Cell(null, 1, 4));
    assertThat(b.missing()).isEqualTo(new Cell(null, 1, 0));
    assertThat(b.iv()).isGreaterThan(0.5);
  }
}
