package io.credence.score;

import static io.credence.schema.Columns.SCORE;
import static io.credence.schema.Columns.TIER;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.credence.config.ConfigException;
import io.credence.config.TierConfig;
import io.credence.schema.ColumnChecks;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Score tiers, lowest first: a score belongs to the last tier whose {@code min_score} it reaches.
 *
 * @param levels tiers ordered by strictly increasing min_score, the first starting at 350
 */
public record Tiers(List<TierConfig> levels) {

  /** The product default, after the Sesame example: standard, preferred, deposit_free, premium. */
  public static final Tiers DEFAULT =
      new Tiers(
          List.of(
              new TierConfig("standard", 350),
              new TierConfig("preferred", 600),
              new TierConfig("deposit_free", 650),
              new TierConfig("premium", 750)));

  public Tiers {
    ConfigException.require(
        levels != null && !levels.isEmpty() && levels.stream().allMatch(Objects::nonNull),
        "scoring.tiers",
        levels,
        "a non-empty list of {name, min_score}, lowest first");
    levels = List.copyOf(levels);
    ConfigException.require(
        levels.get(0).minScore() == Scorecard.MIN_SCORE,
        "scoring.tiers[0].min_score",
        levels.get(0).minScore(),
        "350, so that every score has a tier: give the lowest tier min_score 350");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < levels.size(); i++) {
      TierConfig t = levels.get(i);
      ConfigException.require(
          names.add(t.name()),
          "scoring.tiers[" + i + "].name",
          t.name(),
          "a name no other tier has");
      ConfigException.require(
          i == 0 || t.minScore() > levels.get(i - 1).minScore(),
          "scoring.tiers[" + i + "].min_score",
          t.minScore(),
          "a score above the previous tier's "
              + (i == 0 ? "" : levels.get(i - 1).minScore())
              + "; list tiers from lowest to highest");
    }
  }

  /**
   * Adds {@code tier} from {@code score} (null when the score is null). Needs {@code score}; drops
   * no rows.
   */
  public Dataset<Row> withTier(Dataset<Row> scores) {
    ColumnChecks.requirePresent(scores, "tiers", List.of(SCORE));
    ColumnChecks.requireAbsent(scores, "tiers", TIER);
    Column score = col(SCORE);
    // Highest tier first, so the first threshold reached wins; a null score reaches none.
    Column tier = null;
    for (int i = levels.size() - 1; i >= 0; i--) {
      TierConfig t = levels.get(i);
      Column reached = score.geq(t.minScore());
      tier = tier == null ? when(reached, lit(t.name())) : tier.when(reached, lit(t.name()));
    }
    return scores.select(col("*"), tier.as(TIER));
  }

  /** The tier of one score, for callers outside Spark (e.g. a lookup). */
  public String tierOf(int score) {
    String name = null;
    for (TierConfig t : levels) {
      if (score >= t.minScore()) {
        name = t.name();
      }
    }
    return name;
  }
}
