package io.credence.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.credence.config.ConfigException;

/**
 * How features are binned before weight of evidence.
 *
 * @param initialBins quantile bins per feature before merging
 * @param maxBins most bins per feature after merging (the missing bin not counted)
 * @param minIv features with a lower information value are dropped
 * @param minCategoryShare categories of a string feature held by a smaller share of the rows go to
 *     the feature's "other" bin
 */
public record BinningConfig(
    @JsonProperty("initial_bins") int initialBins,
    @JsonProperty("max_bins") int maxBins,
    @JsonProperty("min_iv") double minIv,
    @JsonProperty("min_category_share") double minCategoryShare) {

  /** 10 quantile bins merged down to at most 6; IV below 0.02 is dropped; categories under 5%. */
  public static final BinningConfig DEFAULTS = new BinningConfig(10, 6, 0.02, 0.05);

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
    ConfigException.require(
        minCategoryShare > 0 && minCategoryShare <= 0.5,
        "binning.min_category_share",
        minCategoryShare,
        "a share above 0 up to 0.5 (default 0.05)");
  }
}
