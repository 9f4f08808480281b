package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;

/**
 * How persons are scored.
 *
 * @param scorecard path of the points-table YAML (expert or trained)
 * @param maxReasons reason codes kept per person, 1..10 (every published score is explained)
 * @param tiers tiers in ascending min_score; the first starts at 350
 */
public record ScoringConfig(
    @JsonProperty("scorecard") String scorecard,
    @JsonProperty("max_reasons") int maxReasons,
    @JsonProperty("tiers") List<TierConfig> tiers) {

  public ScoringConfig {
    ConfigException.require(
        scorecard != null && !scorecard.isBlank(),
        "scoring.scorecard",
        scorecard,
        "the path of a scorecard YAML, e.g. jobs/scorecards/expert-v1.yaml");
    ConfigException.require(
        maxReasons >= 1 && maxReasons <= 10,
        "scoring.max_reasons",
        maxReasons,
        "1 to 10 (every published score carries the reasons behind it)");
    ConfigException.require(
        tiers != null && !tiers.isEmpty(), "scoring.tiers", tiers, "at least one tier");
    tiers = List.copyOf(tiers);
    ConfigException.require(
        tiers.get(0).minScore() == 350,
        "scoring.tiers[0].min_score",
        tiers.get(0).minScore(),
        "350, so that every score has a tier");
    var names = new HashSet<String>();
    for (int i = 0; i < tiers.size(); i++) {
      TierConfig tier = tiers.get(i);
      ConfigException.require(
          names.add(tier.name()), "scoring.tiers[" + i + "].name", tier.name(), "a unique name");
      ConfigException.require(
          i == 0 || tier.minScore() > tiers.get(i - 1).minScore(),
          "scoring.tiers[" + i + "].min_score",
          tier.minScore(),
          "a min_score above the previous tier's (tiers are listed lowest first)");
    }
  }
}
