package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How long court records count. Defaults follow US law (FCRA): 7 years for most records, 10 for
 * bankruptcies.
 *
 * @param courtAgingMonths months a court record counts after filing
 * @param bankruptcyAgingMonths months a bankruptcy counts after filing
 */
public record FeatureConfig(
    @JsonProperty("court_aging_months") int courtAgingMonths,
    @JsonProperty("bankruptcy_aging_months") int bankruptcyAgingMonths) {

  public static final FeatureConfig DEFAULTS = new FeatureConfig(84, 120);

  public FeatureConfig {
    ConfigException.require(
        courtAgingMonths >= 1 && courtAgingMonths <= 240,
        "features.court_aging_months",
        courtAgingMonths,
        "a whole number of months from 1 to 240 (default 84, seven years)");
    ConfigException.require(
        bankruptcyAgingMonths >= 1 && bankruptcyAgingMonths <= 240,
        "features.bankruptcy_aging_months",
        bankruptcyAgingMonths,
        "a whole number of months from 1 to 240 (default 120, ten years)");
  }
}
