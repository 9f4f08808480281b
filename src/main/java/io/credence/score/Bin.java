package io.credence.score;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.credence.config.ConfigException;

/**
 * One bin of a scorecard feature: a value falls in the first bin of its feature with {@code value <
 * upper}, and the last bin (no {@code upper}) takes everything else up to +infinity.
 *
 * <p>A feature's uppers {@code u1 < u2 < ... < un-1} are therefore exactly MLlib Bucketizer's
 * splits {@code [-inf, u1, u2, ..., un-1, +inf]}: bin i holds {@code [u(i), u(i+1))}, so a value
 * equal to an upper bound belongs to the next bin.
 *
 * @param upper exclusive upper bound, or null on the last bin for +infinity
 * @param points points a value in this bin earns
 */
public record Bin(
    @JsonProperty("upper") @JsonInclude(JsonInclude.Include.NON_NULL) Double upper,
    @JsonProperty(value = "points", required = true) double points) {

  public Bin {
    ConfigException.require(
        upper == null || Double.isFinite(upper),
        "scorecard.features[].bins[].upper",
        upper,
        "a finite number; leave upper out on the last bin to mean +infinity");
    ConfigException.require(
        Double.isFinite(points), "scorecard.features[].bins[].points", points, "a finite number");
  }

  /** Whether {@code value} (not null, not NaN) falls below this bin's upper bound. */
  boolean accepts(double value) {
    return upper == null || value < upper;
  }
}
