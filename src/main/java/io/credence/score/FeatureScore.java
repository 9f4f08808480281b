package io.credence.score;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.credence.config.ConfigException;
import io.credence.schema.FeatureNames;
import java.util.List;
import java.util.Objects;

/**
 * The points table of one feature: its bins, the points for a missing value, and the reason code
 * reported when the person earns less than the feature's best points.
 *
 * @param feature a feature of {@link FeatureNames#ALL}
 * @param reasonCode short stable code, unique within the scorecard
 * @param reasonText plain-language adverse-action text shown to the person
 * @param missingPoints points for a null (or NaN) value
 * @param bins ordered bins; see {@link Bin} for the bin semantics
 */
public record FeatureScore(
    @JsonProperty(value = "feature", required = true) String feature,
    @JsonProperty(value = "reason_code", required = true) String reasonCode,
    @JsonProperty(value = "reason_text", required = true) String reasonText,
    @JsonProperty(value = "missing_points", required = true) double missingPoints,
    @JsonProperty(value = "bins", required = true) List<Bin> bins) {

  public FeatureScore {
    requireAllowedFeature(feature);
    String key = "scorecard.features[" + feature + "]";
    ConfigException.require(
        reasonCode != null && !reasonCode.isBlank(),
        key + ".reason_code",
        reasonCode,
        "a non-blank code, unique within the scorecard");
    ConfigException.require(
        reasonText != null && !reasonText.isBlank(),
        key + ".reason_text",
        reasonText,
        "a non-blank plain-language sentence saying what lowered the score");
    ConfigException.require(
        Double.isFinite(missingPoints), key + ".missing_points", missingPoints, "a finite number");
    ConfigException.require(
        bins != null && !bins.isEmpty() && bins.stream().allMatch(Objects::nonNull),
        key + ".bins",
        bins,
        "a non-empty list of bins {upper, points}; the last one without upper");
    bins = List.copyOf(bins);
    requireIncreasingUppers(key, bins);
  }

  /** The most points this feature can earn (over its bins and the missing value). */
  public double bestPoints() {
    return bins.stream().mapToDouble(Bin::points).reduce(missingPoints, Math::max);
  }

  /** The least points this feature can earn (over its bins and the missing value). */
  public double worstPoints() {
    return bins.stream().mapToDouble(Bin::points).reduce(missingPoints, Math::min);
  }

  /** The points a value earns: the first bin with {@code value < upper}; null or NaN is missing. */
  public double pointsFor(Double value) {
    if (value == null || value.isNaN()) {
      return missingPoints;
    }
    return bins.stream().filter(b -> b.accepts(value)).findFirst().orElseThrow().points();
  }

  private static void requireAllowedFeature(String feature) {
    if (feature != null && FeatureNames.PROTECTED.contains(feature)) {
      throw new ConfigException(
          "config key 'scorecard.features[].feature' has value '"
              + feature
              + "'; a protected attribute can never be a scorecard input: "
              + FeatureNames.PROTECTED
              + " serve fairness monitoring only, and scoring on them would judge people by who"
              + " or where they are instead of how they pay. Remove this feature from the"
              + " scorecard.");
    }
    ConfigException.require(
        feature != null && FeatureNames.ALL.contains(feature),
        "scorecard.features[].feature",
        feature,
        "one of " + FeatureNames.ALL);
  }

  private static void requireIncreasingUppers(String key, List<Bin> bins) {
    int last = bins.size() - 1;
    for (int i = 0; i < last; i++) {
      Double upper = bins.get(i).upper();
      ConfigException.require(
          upper != null,
          key + ".bins[" + i + "].upper",
          "(none)",
          "a number; only the last bin may leave upper out (meaning +infinity)");
      if (i > 0) {
        ConfigException.require(
            upper > bins.get(i - 1).upper(),
            key + ".bins[" + i + "].upper",
            upper,
            "a number greater than the previous bin's upper "
                + bins.get(i - 1).upper()
                + "; uppers must increase strictly");
      }
    }
    ConfigException.require(
        bins.get(last).upper() == null,
        key + ".bins[" + last + "].upper",
        bins.get(last).upper(),
        "nothing: leave upper out on the last bin so every value up to +infinity has a bin");
  }
}
