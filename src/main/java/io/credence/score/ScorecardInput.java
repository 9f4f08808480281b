package io.credence.score;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a scorecard reads: the nightly features (names from FeatureNames.ALL, so a misspelt feature
 * in a hand-written card fails on load) or the columns of a table a modeller brought to {@code
 * train --table}, which the nightly job cannot score.
 */
public enum ScorecardInput {
  /** The features table of the nightly job. The default, left out of the YAML. */
  @JsonProperty("features")
  FEATURES,
  /** Columns of a bring-your-own table. */
  @JsonProperty("table")
  TABLE;

  /** Jackson's inclusion filter: leaves the default {@link #FEATURES} out of written YAML. */
  public static final class FeaturesFilter {
    @Override
    public boolean equals(Object value) {
      return value == null || value == FEATURES;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
