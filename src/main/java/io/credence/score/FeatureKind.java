package io.credence.score;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a scorecard feature is binned: by numeric upper bounds or by lists of categories. */
public enum FeatureKind {
  /** Bins by upper bound; the column is numeric. The default, left out of the YAML. */
  @JsonProperty("numeric")
  NUMERIC,
  /** Bins by lists of categories plus an "other" bin; the column is a string. */
  @JsonProperty("category")
  CATEGORY;

  /** Jackson's inclusion filter: leaves the default {@link #NUMERIC} out of written YAML. */
  public static final class NumericFilter {
    @Override
    public boolean equals(Object value) {
      return value == null || value == NUMERIC;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
