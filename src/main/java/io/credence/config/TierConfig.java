package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A tier: scores at or above {@code minScore} (and below the next tier's) get {@code name}.
 *
 * @param name tier name, e.g. {@code preferred}
 * @param minScore lowest score in the tier, 350..950
 */
public record TierConfig(
    @JsonProperty("name") String name, @JsonProperty("min_score") int minScore) {
  public TierConfig {
    ConfigException.require(
        name != null && name.matches("[a-z][a-z0-9_]*"),
        "scoring.tiers[].name",
        name,
        "a lower-case name of letters, digits and underscores");
    ConfigException.require(
        minScore >= 350 && minScore <= 950,
        "scoring.tiers[" + name + "].min_score",
        minScore,
        "a score from 350 to 950");
  }
}
