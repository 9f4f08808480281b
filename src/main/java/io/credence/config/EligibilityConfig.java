package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * When a person cannot be scored.
 *
 * @param minHistoryMonths below this history_months a person is {@code thin_file}
 * @param requireRecordIn12m when true, a person with no record in the last 12 months is {@code
 *     inactive}
 */
public record EligibilityConfig(
    @JsonProperty("min_history_months") int minHistoryMonths,
    @JsonProperty("require_record_in_12m") boolean requireRecordIn12m) {

  public static final EligibilityConfig DEFAULTS = new EligibilityConfig(6, true);

  public EligibilityConfig {
    ConfigException.require(
        minHistoryMonths >= 0 && minHistoryMonths <= 120,
        "eligibility.min_history_months",
        minHistoryMonths,
        "a whole number of months from 0 to 120 (default 6)");
  }
}
