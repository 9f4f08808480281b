package io.credence.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.credence.config.ConfigException;

/**
 * The logistic regression on weight-of-evidence features.
 *
 * @param regParam L2 regularisation strength (elasticNetParam is fixed at 0)
 * @param badWeight weight of a bad person relative to a good one (1 = unweighted)
 * @param maxIter most L-BFGS iterations
 */
public record ModelConfig(
    @JsonProperty("reg_param") double regParam,
    @JsonProperty("bad_weight") double badWeight,
    @JsonProperty("max_iter") int maxIter) {

  /** A light L2 penalty, unweighted classes, 100 iterations. */
  public static final ModelConfig DEFAULTS = new ModelConfig(0.001, 1.0, 100);

  public ModelConfig {
    ConfigException.require(
        regParam >= 0 && regParam <= 10, "model.reg_param", regParam, "0 to 10 (default 0.001)");
    ConfigException.require(
        badWeight > 0 && badWeight <= 1000,
        "model.bad_weight",
        badWeight,
        "a weight above 0 up to 1000 (default 1: unweighted)");
    ConfigException.require(
        maxIter >= 1 && maxIter <= 10_000, "model.max_iter", maxIter, "1 to 10000 (default 100)");
  }
}
