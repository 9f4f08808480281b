package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How {@code credence maintain} keeps the warehouse's tables.
 *
 * @param retentionHours files that no table version of the last this-many hours needs are deleted
 *     by VACUUM; time travel works within this window (at least {@value #MIN_RETENTION_HOURS})
 */
public record MaintenanceConfig(@JsonProperty("retention_hours") int retentionHours) {
  /** Seven days: Delta's own default, long enough for readers and time travel to a week ago. */
  public static final int MIN_RETENTION_HOURS = 168;

  public MaintenanceConfig {
    ConfigException.require(
        retentionHours >= MIN_RETENTION_HOURS,
        "maintenance.retention_hours",
        retentionHours,
        MIN_RETENTION_HOURS
            + " hours (7 days) or more, so that readers of older versions and time travel keep"
            + " their files");
  }
}
