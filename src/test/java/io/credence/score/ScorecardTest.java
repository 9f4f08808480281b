package io.credence.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.config.ConfigException;
import io.credence.error.CredenceException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorecardTest {
  static Bin bin(Double upper, double points) {
    return new Bin(upper, points);
  }

  static FeatureScore feature(String name, String code, Bin... bins) {
    return new FeatureScore(name, code, "text of " + code, 0, List.of(bins));
  }

  static FeatureScore lateCount() {
    return feature("pay_late_30_count_24m", "L30", bin(1.0, 0), bin(3.0, -10), bin(null, -30));
  }

  @Test
  void valueEqualToUpperFallsInNextBin() {
    FeatureScore f = lateCount();
    assertThat(f.pointsFor(0.0)).isEqualTo(0);
    assertThat(f.pointsFor(0.999)).isEqualTo(0);
    assertThat(f.pointsFor(1.0)).isEqualTo(-10);
    assertThat(f.pointsFor(3.0)).isEqualTo(-30);
    assertThat(f.pointsFor(1e300)).isEqualTo(-30);
    assertThat(f.pointsFor(null)).isEqualTo(0);
    assertThat(f.pointsFor(Double.NaN)).isEqualTo(0);
  }

  @Test
  void bestAndWorstPointsIncludeMissingPoints() {
    FeatureScore f =
        new FeatureScore("shop_return_rate_12m", "R", "t", 5, List.of(bin(0.1, 3), bin(null, -4)));
    assertThat(f.bestPoints()).isEqualTo(5);
    assertThat(f.worstPoints()).isEqualTo(-4);
  }

  @Test
  void rejectsUnknownFeature() {
    List<FeatureScore> unknown = List.of(feature("pay_count_12m", "X", bin(null, 0)));
    assertThatThrownBy(() -> new Scorecard("c", null, 600, unknown))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scorecard.features[].feature")
        .hasMessageContaining("pay_count_12m")
        .hasMessageContaining("pay_count_24m");
  }

  @Test
  void acceptsAnyColumnOnATableScorecardButRefusesItInTheNightlyJob() {
    List<FeatureScore> columns = List.of(feature("income_band", "X", bin(null, 0)));
    Scorecard card = new Scorecard("c", null, ScorecardInput.TABLE, 600, columns);
    assertThatThrownBy(card::requireFeaturesInput)
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("income_band")
        .hasMessageContaining("train --table");
  }

  @Test
  void rejectsCategoricalBinsThatOverlapOrLackTheOtherBin() {
    assertThatThrownBy(
            () ->
                new FeatureScore(
                    "employment",
                    FeatureKind.CATEGORY,
                    "E",
                    "t",
                    0,
                    List.of(Bin.categories(List.of("a", "b"), 1), Bin.categories(List.of("b"), 2))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bins[1].values");
    assertThatThrownBy(
            () ->
                new FeatureScore(
                    "employment",
                    FeatureKind.CATEGORY,
                    "E",
                    "t",
                    0,
                    List.of(Bin.categories(List.of("a"), 1), Bin.otherCategories(0), bin(null, 2))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bins[1].values");
    assertThatThrownBy(() -> feature("pay_count_24m", "X", Bin.categories(List.of("a"), 1)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kind: category");
  }

  @Test
  void categoricalFeatureScoresListedOtherAndMissingValues() {
    FeatureScore f =
        new FeatureScore(
            "employment",
            FeatureKind.CATEGORY,
            "E",
            "t",
            -7,
            List.of(
                Bin.categories(List.of("salaried", "civil servant"), 12),
                Bin.categories(List.of("self-employed"), -3),
                Bin.otherCategories(1)));
    assertThat(f.pointsForCategory("civil servant")).isEqualTo(12);
    assertThat(f.pointsForCategory("self-employed")).isEqualTo(-3);
    assertThat(f.pointsForCategory("never seen")).isEqualTo(1);
    assertThat(f.pointsForCategory(null)).isEqualTo(-7);
  }

  @Test
  void rejectsProtectedAttributesSayingWhy() {
    for (String name : List.of("region", "birth_date")) {
      assertThatThrownBy(() -> feature(name, "X", bin(null, 0)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("'" + name + "'")
          .hasMessageContaining("protected attribute can never be a scorecard input")
          .hasMessageContaining("fairness monitoring");
    }
  }

  @Test
  void rejectsUppersThatDoNotIncreaseStrictly() {
    assertThatThrownBy(() -> feature("pay_count_24m", "X", bin(5.0, 0), bin(5.0, 1), bin(null, 2)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scorecard.features[pay_count_24m].bins[1].upper")
        .hasMessageContaining("'5.0'")
        .hasMessageContaining("increase strictly");
    assertThatThrownBy(() -> feature("pay_count_24m", "X", bin(5.0, 0), bin(2.0, 1), bin(null, 2)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bins[1].upper");
  }

  @Test
  void rejectsOpenBinBeforeTheLast() {
    assertThatThrownBy(() -> feature("pay_count_24m", "X", bin(null, 0), bin(null, 1)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bins[0].upper")
        .hasMessageContaining("only the last bin");
  }

  @Test
  void rejectsLastBinWithUpper() {
    assertThatThrownBy(() -> feature("pay_count_24m", "X", bin(1.0, 0), bin(2.0, 1)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bins[1].upper")
        .hasMessageContaining("+infinity");
  }

  @Test
  void rejectsEmptyBinsAndNonFiniteNumbers() {
    assertThatThrownBy(() -> feature("pay_count_24m", "X"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scorecard.features[pay_count_24m].bins");
    assertThatThrownBy(() -> bin(Double.POSITIVE_INFINITY, 0))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("leave upper out");
    assertThatThrownBy(() -> bin(null, Double.NaN))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("points");
  }

  @Test
  void rejectsBlankReasonCodeAndText() {
    assertThatThrownBy(() -> feature("pay_count_24m", " ", bin(null, 0)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scorecard.features[pay_count_24m].reason_code");
    assertThatThrownBy(() -> new FeatureScore("pay_count_24m", "X", "", 0, List.of(bin(null, 0))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scorecard.features[pay_count_24m].reason_text");
  }

  @Test
  void rejectsFeatureListedTwice() {
    List<FeatureScore> features = List.of(lateCount(), lateCount());
    assertThatThrownBy(() -> new Scorecard("c", null, 600, features))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pay_late_30_count_24m")
        .hasMessageContaining("at most once");
  }

  @Test
  void rejectsDuplicateReasonCode() {
    List<FeatureScore> features =
        List.of(lateCount(), feature("pay_count_24m", "L30", bin(null, 0)));
    assertThatThrownBy(() -> new Scorecard("c", null, 600, features))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scorecard.features[pay_count_24m].reason_code")
        .hasMessageContaining("'L30'");
  }

  @Test
  void rejectsBadIdAndEmptyFeatureList() {
    assertThatThrownBy(() -> new Scorecard("Expert V1", null, 600, List.of(lateCount())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scorecard.id")
        .hasMessageContaining("'Expert V1'");
    assertThatThrownBy(() -> new Scorecard("c", null, 600, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scorecard.features");
  }

  @Test
  void copiesListsSoTheCardCannotChange() {
    List<FeatureScore> features = new ArrayList<>(List.of(lateCount()));
    Scorecard card = new Scorecard("c", null, 600, features);
    features.clear();
    assertThat(card.featureNames()).containsExactly("pay_late_30_count_24m");
  }
}
