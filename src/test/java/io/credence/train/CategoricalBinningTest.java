package io.credence.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.credence.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CategoricalBinningTest extends SparkTestBase {
  static final StructType SCHEMA =
      new StructType()
          .add("employment", DataTypes.StringType)
          .add("utilization", DataTypes.DoubleType)
          .add("label", DataTypes.DoubleType);

  static void add(List<Object[]> rows, String category, int good, int bad) {
    for (int i = 0; i < good; i++) {
      rows.add(new Object[] {category, 0.1 * rows.size(), 0.0});
    }
    for (int i = 0; i < bad; i++) {
      rows.add(new Object[] {category, 0.1 * rows.size(), 1.0});
    }
  }

  /**
   * 15 rows, G = 10 goods, B = 5 bads; with a minimum share of 0.2 a category needs 3 rows:
   *
   * <pre>
   * salaried 5 good 1 bad: WoE ln((5/10)/(1/5)) = ln 2.5 =  0.916291
   * self     2 good 2 bad: WoE ln((2/10)/(2/5)) = ln 0.5 = -0.693147
   * other (student 0/1 and retired 1/0, rare): 1 good 1 bad: ln 0.5 = -0.693147
   * missing  2 good 1 bad: WoE ln((2/10)/(1/5)) = 0
   * IV = 0.3·0.916291 + 0.2·0.693147 + 0.1·0.693147 + 0 = 0.482831
   * </pre>
   */
  @Test
  void binsStringsByCategoryWithRareOnesInOther() {
    List<Object[]> rows = new ArrayList<>();
    add(rows, "self", 2, 2);
    add(rows, "salaried", 5, 1);
    add(rows, "student", 0, 1);
    add(rows, "retired", 1, 0);
    add(rows, null, 2, 1);
    BinningConfig config = new BinningConfig(10, 6, 0.02, 0.2);
    List<FeatureBins> fitted =
        Binning.fit(
            rows(SCHEMA, rows.toArray(Object[][]::new)),
            List.of("employment", "utilization"),
            config,
            Map.of());
    FeatureBins b = fitted.get(0);
    assertThat(fitted.get(1).feature()).isEqualTo("utilization");
    assertThat(fitted.get(1).categorical()).isFalse();
    assertThat(b.feature()).isEqualTo("employment");
    assertThat(b.direction()).isEqualTo(Direction.UNORDERED);
    assertThat(b.categories()).containsExactly(List.of("salaried"), List.of("self"), List.of());
    assertThat(b.cells())
        .containsExactly(new Cell(null, 5, 1), new Cell(null, 2, 2), new Cell(null, 1, 1));
    assertThat(b.missing()).isEqualTo(new Cell(null, 2, 1));
    assertThat(b.woe().get(0)).isCloseTo(0.916291, within(1e-6));
    assertThat(b.woe().get(1)).isCloseTo(-0.693147, within(1e-6));
    assertThat(b.woe().get(2)).isCloseTo(-0.693147, within(1e-6));
    assertThat(b.missingWoe()).isCloseTo(0.0, within(1e-12));
    assertThat(b.iv()).isCloseTo(0.482831, within(1e-6));
  }

  @Test
  void emptyOtherBinIsNeutralAndEncodingMatchesEveryCategoryExactly() {
    String odd = "it's \"odd\" \\ ü";
    List<Object[]> rows = new ArrayList<>();
    add(rows, odd, 3, 1);
    add(rows, "plain", 1, 3);
    FeatureBins b =
        Binning.fitCategories(
                rows(SCHEMA, rows.toArray(Object[][]::new)), List.of("employment"), 0.1)
            .get(0);
    assertThat(b.categories()).containsExactly(List.of(odd), List.of("plain"), List.of());
    assertThat(b.woe().get(2)).isZero();
    Dataset<Row> probe =
        rows(
            SCHEMA,
            new Object[] {odd, 0.0, 0.0},
            new Object[] {"plain", 0.0, 0.0},
            new Object[] {"unseen", 0.0, 0.0},
            new Object[] {null, 0.0, 0.0});
    List<Double> woe =
        new SQLTransformer()
                .setStatement(WoeEncoding.statement(List.of(b)))
                .transform(probe)
                .select(b.woeColumn())
                .collectAsList()
                .stream()
                .map(r -> r.getDouble(0))
                .toList();
    assertThat(woe).containsExactly(b.woe().get(0), b.woe().get(1), 0.0, 0.0);
  }
}
