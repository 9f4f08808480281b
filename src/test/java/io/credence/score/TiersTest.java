package io.credence.score;

import static io.credence.schema.Columns.SCORE;
import static io.credence.schema.Columns.TIER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.SparkTestBase;
import io.credence.config.ConfigException;
import io.credence.config.TierConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TiersTest extends SparkTestBase {
  static final StructType SCORES = new StructType().add(SCORE, DataTypes.IntegerType);

  @Test
  void assignsTiersAtExactThresholds() {
    List<Integer> scores = Arrays.asList(350, 599, 600, 649, 650, 749, 750, 950, null);
    List<Row> rows = new ArrayList<>();
    scores.forEach(s -> rows.add(RowFactory.create(s)));
    Dataset<Row> out = Tiers.DEFAULT.withTier(spark().createDataFrame(rows, SCORES));
    Map<Integer, String> tiers = new LinkedHashMap<>();
    out.collectAsList().forEach(r -> tiers.put((Integer) r.get(0), r.getString(1)));
    Map<Integer, String> expected = new LinkedHashMap<>();
    expected.put(350, "standard");
    expected.put(599, "standard");
    expected.put(600, "preferred");
    expected.put(649, "preferred");
    expected.put(650, "deposit_free");
    expected.put(749, "deposit_free");
    expected.put(750, "premium");
    expected.put(950, "premium");
    expected.put(null, null);
    assertThat(tiers).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(out.columns()).containsExactly(SCORE, TIER);
  }

  @Test
  void tierOfMatchesTheSparkColumn() {
    assertThat(Tiers.DEFAULT.tierOf(350)).isEqualTo("standard");
    assertThat(Tiers.DEFAULT.tierOf(650)).isEqualTo("deposit_free");
    assertThat(Tiers.DEFAULT.tierOf(949)).isEqualTo("premium");
  }

  @Test
  void requiresTheFirstTierToStartAt350() {
    assertThatThrownBy(() -> new Tiers(List.of(new TierConfig("low", 400))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scoring.tiers[0].min_score")
        .hasMessageContaining("'400'")
        .hasMessageContaining("give the lowest tier min_score 350");
  }

  @Test
  void requiresStrictlyIncreasingMinScores() {
    List<TierConfig> tiers =
        List.of(new TierConfig("a", 350), new TierConfig("b", 700), new TierConfig("c", 700));
    assertThatThrownBy(() -> new Tiers(tiers))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scoring.tiers[2].min_score")
        .hasMessageContaining("lowest to highest");
  }

  @Test
  void requiresUniqueNamesAndAtLeastOneTier() {
    List<TierConfig> tiers = List.of(new TierConfig("a", 350), new TierConfig("a", 700));
    assertThatThrownBy(() -> new Tiers(tiers))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scoring.tiers[1].name")
        .hasMessageContaining("'a'");
    assertThatThrownBy(() -> new Tiers(List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scoring.tiers");
  }
}
