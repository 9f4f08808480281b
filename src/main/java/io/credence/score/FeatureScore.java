package io.credence.score;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.credence.config.ConfigException;
import io.credence.error.ErrorText;
import io.credence.schema.FeatureNames;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The points table of one feature: its bins, the points for a missing value, and the reason code
 * reported when the person earns less than the feature's best points.
 *
 * @param feature the column the feature is read from (a feature of {@link FeatureNames#ALL} unless
 *     the scorecard reads a table; see {@link ScorecardInput}); never a protected attribute
 * @param kind numeric (bins by upper bound, the default) or category (bins by lists of values)
 * @param reasonCode short stable code, unique within the scorecard
 * @param reasonText plain-language adverse-action text shown to the person
 * @param missingPoints points for a null (or NaN) value
 * @param bins ordered bins; see {@link Bin} for the bin semantics
 */
public record FeatureScore(
    @JsonProperty(value = "feature", required = true) String feature,
    @JsonProperty("kind")
        @JsonInclude(
            value = JsonInclude.Include.CUSTOM,
            valueFilter = FeatureKind.NumericFilter.class)
        FeatureKind kind,
    @JsonProperty(value = "reason_code", required = true) String reasonCode,
    @JsonProperty(value = "reason_text", required = true) String reasonText,
    @JsonProperty(value = "missing_points", required = true) double missingPoints,
    @JsonProperty(value = "bins", required = true) List<Bin> bins) {

  @JsonCreator
  public FeatureScore {
    requireAllowedName(feature);
    kind = kind == null ? FeatureKind.NUMERIC : kind;
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
        kind == FeatureKind.NUMERIC
            ? "a non-empty list of bins {upper, points}; the last one without upper"
            : "a non-empty list of bins {values, points}; the last one {any_other: true}");
    bins = List.copyOf(bins);
    if (kind == FeatureKind.NUMERIC) {
      requireIncreasingUppers(key, bins);
    } else {
      requireDisjointCategories(key, bins);
      bins = withAnyOtherLast(bins);
    }
  }

  /** The last categorical bin marked any_other, as scorecards written before the key need. */
  private static List<Bin> withAnyOtherLast(List<Bin> bins) {
    int last = bins.size() - 1;
    if (bins.get(last).isAnyOther()) {
      return bins;
    }
    List<Bin> marked = new java.util.ArrayList<>(bins.subList(0, last));
    marked.add(Bin.otherCategories(bins.get(last).points()));
    return List.copyOf(marked);
  }

  /** A numeric feature. */
  public FeatureScore(
      String feature, String reasonCode, String reasonText, double missingPoints, List<Bin> bins) {
    this(feature, FeatureKind.NUMERIC, reasonCode, reasonText, missingPoints, bins);
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

  /** The points a category earns: the bin listing it, else the other bin; null is missing. */
  public double pointsForCategory(String value) {
    if (value == null) {
      return missingPoints;
    }
    return bins.stream().filter(b -> b.acceptsCategory(value)).findFirst().orElseThrow().points();
  }

  private static void requireAllowedName(String feature) {
    if (feature != null && FeatureNames.isProtected(feature)) {
      throw new ConfigException(
          ErrorText.format(
              "config key 'scorecard.features[].feature' has value '"
                  + feature
                  + "'; a protected attribute can never be a scorecard input",
              FeatureNames.PROTECTED
                  + " (and "
                  + FeatureNames.PROTECTED_ALIASES
                  + ") serve fairness monitoring only, and scoring on them would judge people by"
                  + " who or where they are instead of how they pay",
              "remove this feature from the scorecard"));
    }
    ConfigException.require(
        feature != null && feature.matches("[A-Za-z_][A-Za-z0-9_]*"),
        "scorecard.features[].feature",
        feature,
        "a column name of letters, digits and '_', such as one of " + FeatureNames.ALL);
  }

  private static void requireIncreasingUppers(String key, List<Bin> bins) {
    int last = bins.size() - 1;
    for (int i = 0; i <= last; i++) {
      ConfigException.require(
          bins.get(i).values() == null && !bins.get(i).isAnyOther(),
          key + ".bins[" + i + "]" + (bins.get(i).isAnyOther() ? ".any_other" : ".values"),
          bins.get(i).isAnyOther() ? "true" : bins.get(i).values(),
          "nothing on a numeric feature; add 'kind: category' to bin by lists of values");
    }
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

  private static void requireDisjointCategories(String key, List<Bin> bins) {
    int last = bins.size() - 1;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i <= last; i++) {
      Bin bin = bins.get(i);
      ConfigException.require(
          bin.upper() == null,
          key + ".bins[" + i + "].upper",
          bin.upper(),
          "nothing on a categorical feature; list the bin's categories under values");
      if (i < last) {
        ConfigException.require(
            bin.values() != null,
            key + ".bins[" + i + "].values",
            "(none)",
            "a list of categories; only the last bin leaves values out (any_other: true, meaning"
                + " every other category)");
        for (String v : bin.values()) {
          ConfigException.require(
              seen.add(v),
              key + ".bins[" + i + "].values",
              v,
              "categories that no earlier bin of the feature lists");
        }
      }
    }
    ConfigException.require(
        bins.get(last).values() == null,
        key + ".bins[" + last + "].values",
        bins.get(last).values(),
        "nothing: the last bin is 'any_other: true' so every other category, including ones not"
            + " seen in training, has a bin");
  }
}
