package io.credence.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.credence.config.ConfigException;

/**
 * How features are binned before weight of evidence.
 *
 * @param initialBins quantile bins per feature before merging
 * @param maxBins most bins per feature after merging (the missing bin not counted)
 * @param minIv features with a lower information value are dropped
 */
public record BinningConfig(
    @JsonProperty("initial_bins") int initialBins,
    @JsonProperty("max_bins") int maxBins,
    @JsonProperty("min_iv") double minIv) {

  /** 10 quantile bins merged down to at most 6; IV below 0.02 is dropped. */
  public static final BinningConfig DEFAULTS = new BinningConfig(10, 6, 0.02);

  public BinningConfig {
    ConfigException.require(
        initialBins >= 2 && initialBins <= 100,
        "binning.initial_bins",
        initialBins,
        "a whole number from 2 to 100 (default 10)");
    ConfigException.require(
        maxBins >= 2 && maxBins <= initialBins,
        "binning.max_bins",
        maxBins,
        "a whole number from 2 to binning.initial_bins (default 6)");
    ConfigException.require(
        minIv >= 0 && minIv < 1, "binning.min_iv", minIv, "a number from 0 to 1 (default 0.02)");
  }
}
