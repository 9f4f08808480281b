package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The run report written after each published snapshot.
 *
 * @param minGroupSize a fairness-monitoring group (a region, an age band) with fewer persons is
 *     shown only as "fewer than N", so that no individual can be singled out
 */
public record ReportConfig(@JsonProperty("min_group_size") int minGroupSize) {
  public ReportConfig {
    ConfigException.require(
        minGroupSize >= 1, "report.min_group_size", minGroupSize, "a whole number of 1 or more");
  }
}
