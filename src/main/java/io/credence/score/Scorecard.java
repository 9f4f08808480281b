package io.credence.score;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.credence.config.ConfigException;
import io.credence.error.TrainErrors;
import io.credence.schema.FeatureNames;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A points table: score = base points + the points each feature earns, clamped to [350, 950].
 * Expert and trained scorecards share this one representation (see {@link ScorecardYaml}).
 *
 * @param id identifier stored with every score, e.g. {@code expert-v1}
 * @param description free text for people reading the scorecard
 * @param input what the scorecard reads: the nightly features (the default) or a table's columns
 * @param basePoints points everyone starts from
 * @param features one points table per feature; their order breaks ties between reasons
 */
public record Scorecard(
    @JsonProperty(value = "id", required = true) String id,
    @JsonProperty("description") @JsonInclude(JsonInclude.Include.NON_NULL) String description,
    @JsonProperty("input")
        @JsonInclude(
            value = JsonInclude.Include.CUSTOM,
            valueFilter = ScorecardInput.FeaturesFilter.class)
        ScorecardInput input,
    @JsonProperty(value = "base_points", required = true) double basePoints,
    @JsonProperty(value = "features", required = true) List<FeatureScore> features) {

  /** Lowest score a person can get. */
  public static final int MIN_SCORE = 350;

  /** Highest score a person can get. */
  public static final int MAX_SCORE = 950;

  @JsonCreator
  public Scorecard {
    input = input == null ? ScorecardInput.FEATURES : input;
    ConfigException.require(
        id != null && id.matches("[a-z0-9_.-]+"),
        "scorecard.id",
        id,
        "lower-case letters, digits, '-', '_' and '.', e.g. expert-v1");
    ConfigException.require(
        Double.isFinite(basePoints), "scorecard.base_points", basePoints, "a finite number");
    ConfigException.require(
        features != null && !features.isEmpty() && features.stream().allMatch(Objects::nonNull),
        "scorecard.features",
        features,
        "a non-empty list of features");
    features = List.copyOf(features);
    requireUnique(features);
    if (input == ScorecardInput.FEATURES) {
      requireNightlyFeatures(features);
    }
  }

  /** A scorecard over the nightly features. */
  public Scorecard(String id, String description, double basePoints, List<FeatureScore> features) {
    this(id, description, ScorecardInput.FEATURES, basePoints, features);
  }

  /** Refuses a scorecard trained on a table: the nightly features lack its columns. */
  public void requireFeaturesInput() {
    if (input == ScorecardInput.TABLE) {
      throw TrainErrors.scorecardNeedsTable(id, featureNames());
    }
  }

  /** The feature columns this scorecard reads, in scorecard order. */
  public List<String> featureNames() {
    return features.stream().map(FeatureScore::feature).toList();
  }

  private static void requireNightlyFeatures(List<FeatureScore> features) {
    for (FeatureScore f : features) {
      ConfigException.require(
          FeatureNames.ALL.contains(f.feature()),
          "scorecard.features[].feature",
          f.feature(),
          "one of " + FeatureNames.ALL + " (or 'input: table' on a card trained on a table)");
      ConfigException.require(
          f.kind() == FeatureKind.NUMERIC,
          "scorecard.features[" + f.feature() + "].kind",
          f.kind(),
          "numeric (leave kind out): the nightly features are numbers");
    }
  }

  private static void requireUnique(List<FeatureScore> features) {
    Set<String> names = new HashSet<>();
    Set<String> codes = new HashSet<>();
    for (FeatureScore f : features) {
      ConfigException.require(
          names.add(f.feature()),
          "scorecard.features[].feature",
          f.feature(),
          "each feature at most once; merge the two entries into one");
      ConfigException.require(
          codes.add(f.reasonCode()),
          "scorecard.features[" + f.feature() + "].reason_code",
          f.reasonCode(),
          "a code no other feature of the scorecard uses");
    }
  }
}
