package io.credence.score;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.credence.config.ConfigException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One bin of a scorecard feature.
 *
 * <p>Numeric features: a value falls in the first bin of its feature with {@code value < upper},
 * and the last bin (no {@code upper}) takes everything else up to +infinity. A feature's uppers
 * {@code u1 < u2 < ... < un-1} are therefore exactly MLlib Bucketizer's splits {@code [-inf, u1,
 * u2, ..., un-1, +inf]}: bin i holds {@code [u(i), u(i+1))}, so a value equal to an upper bound
 * belongs to the next bin.
 *
 * <p>Categorical features: a value falls in the bin whose {@code values} list it, and the last bin,
 * written {@code any_other: true} (no {@code values}), takes every other category, including ones
 * never seen in training. It is named so that a real category called "other" cannot be mistaken for
 * it; scorecards written before the key existed leave it out, and still load.
 *
 * @param upper exclusive upper bound of a numeric bin, or null on the last bin for +infinity
 * @param values the categories of a categorical bin, or null on the last (any other) bin and on
 *     numeric bins
 * @param anyOther true on the last bin of a categorical feature, else null
 * @param points points a value in this bin earns
 */
public record Bin(
    @JsonProperty("upper") @JsonInclude(JsonInclude.Include.NON_NULL) Double upper,
    @JsonProperty("values") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> values,
    @JsonProperty("any_other") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean anyOther,
    @JsonProperty(value = "points", required = true) double points) {

  @JsonCreator
  public Bin {
    ConfigException.require(
        upper == null || Double.isFinite(upper),
        "scorecard.features[].bins[].upper",
        upper,
        "a finite number; leave upper out on the last bin to mean +infinity");
    ConfigException.require(
        upper == null || values == null,
        "scorecard.features[].bins[]",
        "upper " + upper + " and values " + values,
        "either upper (a numeric bin) or values (a categorical bin), not both");
    ConfigException.require(
        values == null
            || (!values.isEmpty()
                && values.stream().allMatch(Objects::nonNull)
                && new HashSet<>(values).size() == values.size()),
        "scorecard.features[].bins[].values",
        values,
        "a non-empty list of distinct categories; the last bin has none (any_other: true)");
    anyOther = Boolean.TRUE.equals(anyOther) ? Boolean.TRUE : null;
    ConfigException.require(
        anyOther == null || (upper == null && values == null),
        "scorecard.features[].bins[].any_other",
        "true with upper " + upper + " and values " + values,
        "any_other: true alone (with points): the last bin of a categorical feature, holding every"
            + " category no other bin lists");
    ConfigException.require(
        Double.isFinite(points), "scorecard.features[].bins[].points", points, "a finite number");
    values = values == null ? null : List.copyOf(values);
  }

  /** A numeric bin: values below {@code upper} (null: up to +infinity). */
  public Bin(Double upper, double points) {
    this(upper, null, null, points);
  }

  /** A categorical bin holding {@code values}. */
  public static Bin categories(List<String> values, double points) {
    return new Bin(null, values, null, points);
  }

  /** The last bin of a categorical feature: every category no other bin lists. */
  public static Bin otherCategories(double points) {
    return new Bin(null, null, Boolean.TRUE, points);
  }

  /** Whether this is the any-other bin of a categorical feature. */
  public boolean isAnyOther() {
    return anyOther != null;
  }

  /** Whether {@code value} (not null, not NaN) falls below this bin's upper bound. */
  boolean accepts(double value) {
    return upper == null || value < upper;
  }

  /** Whether category {@code value} (not null) falls in this bin; the other bin takes any. */
  boolean acceptsCategory(String value) {
    return values == null || values.contains(value);
  }
}
