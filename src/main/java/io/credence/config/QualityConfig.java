package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Quality gates checked before a snapshot is published.
 *
 * @param maxRejectRatio largest share of a dataset's rows that may be quarantined
 * @param maxPopulationChange largest relative change of the person count against the previous
 *     published snapshot
 * @param maxUnscorableShare largest share of persons that may be unscorable
 * @param psiWarn PSI of the score distribution against the previous snapshot that logs a warning
 * @param psiBlock PSI that blocks publication
 */
public record QualityConfig(
    @JsonProperty("max_reject_ratio") double maxRejectRatio,
    @JsonProperty("max_population_change") double maxPopulationChange,
    @JsonProperty("max_unscorable_share") double maxUnscorableShare,
    @JsonProperty("psi_warn") double psiWarn,
    @JsonProperty("psi_block") double psiBlock) {

  public QualityConfig {
    share("quality.max_reject_ratio", maxRejectRatio);
    ConfigException.require(
        maxPopulationChange >= 0,
        "quality.max_population_change",
        maxPopulationChange,
        "a non-negative ratio, e.g. 0.10 for ten percent");
    share("quality.max_unscorable_share", maxUnscorableShare);
    ConfigException.require(psiWarn >= 0, "quality.psi_warn", psiWarn, "a non-negative number");
    ConfigException.require(
        psiBlock >= psiWarn, "quality.psi_block", psiBlock, "a number at or above psi_warn");
  }

  private static void share(String key, double value) {
    ConfigException.require(value >= 0 && value <= 1, key, value, "a share from 0 to 1");
  }
}
