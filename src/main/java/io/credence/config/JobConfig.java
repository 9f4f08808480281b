package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The whole, immutable configuration of a nightly run. Each stage receives only its own part.
 *
 * @param inputs where the input datasets are
 * @param warehouse root folder of the output Delta tables
 * @param features feature windows
 * @param eligibility when a person is unscorable
 * @param scoring scorecard, reasons and tiers
 * @param quality gates checked before publishing
 * @param spark session settings
 * @param maintenance retention kept by {@code credence maintain}
 * @param privacy pseudonymization of person identifiers
 * @param report the run report
 * @param storage object-store settings and the warehouse lock's mode
 */
public record JobConfig(
    @JsonProperty("inputs") InputsConfig inputs,
    @JsonProperty("warehouse") String warehouse,
    @JsonProperty("features") FeatureConfig features,
    @JsonProperty("eligibility") EligibilityConfig eligibility,
    @JsonProperty("scoring") ScoringConfig scoring,
    @JsonProperty("quality") QualityConfig quality,
    @JsonProperty("spark") SparkConfig spark,
    @JsonProperty("maintenance") MaintenanceConfig maintenance,
    @JsonProperty("privacy") PrivacyConfig privacy,
    @JsonProperty("report") ReportConfig report,
    @JsonProperty("storage") StorageConfig storage) {

  public JobConfig {
    ConfigException.require(inputs != null, "inputs", null, "an inputs section with a root");
    ConfigException.require(
        warehouse != null && !warehouse.isBlank(), "warehouse", warehouse, "a folder path or URI");
    ConfigException.require(features != null, "features", null, "a features section");
    ConfigException.require(eligibility != null, "eligibility", null, "an eligibility section");
    ConfigException.require(scoring != null, "scoring", null, "a scoring section");
    ConfigException.require(quality != null, "quality", null, "a quality section");
    ConfigException.require(spark != null, "spark", null, "a spark section");
    ConfigException.require(
        maintenance != null, "maintenance", null, "a maintenance section with retention_hours");
    ConfigException.require(
        privacy != null, "privacy", null, "a privacy section with pseudonymize and key_env");
    ConfigException.require(report != null, "report", null, "a report section with min_group_size");
    ConfigException.require(
        storage != null, "storage", null, "a storage section with s3a and warehouse_lock");
  }
}
