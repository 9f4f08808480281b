package io.credence.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.config.ConfigException;
import io.credence.config.ConfigLoader;
import io.credence.config.YamlFiles;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The immutable configuration of {@code train}; each stage gets only its own part.
 *
 * @param observationDates observation dates D0 (YYYY-MM-DD) to train on, stacked; the command
 *     line's --observation-date replaces them
 * @param holdoutMonths months from the latest observation date to the default out-of-time holdout
 * @param table the holdout of {@code train --table}
 * @param binning quantile bins, merging and the IV cut-off
 * @param model logistic regression settings
 * @param scaling points-to-double-the-odds scaling
 * @param proxy the likely-proxy check of train --table
 */
public record TrainConfig(
    @JsonProperty("observation_dates") List<String> observationDates,
    @JsonProperty("holdout_months") int holdoutMonths,
    @JsonProperty("table") TableConfig table,
    @JsonProperty("binning") BinningConfig binning,
    @JsonProperty("model") ModelConfig model,
    @JsonProperty("scaling") ScalingConfig scaling,
    @JsonProperty("proxy") ProxyConfig proxy) {

  /** Every default, as documented in jobs/train-scorecard.yaml. */
  public static final TrainConfig DEFAULTS =
      new TrainConfig(
          List.of(),
          12,
          TableConfig.DEFAULTS,
          BinningConfig.DEFAULTS,
          ModelConfig.DEFAULTS,
          ScalingConfig.DEFAULTS,
          ProxyConfig.DEFAULTS);

  public TrainConfig {
    observationDates = observationDates == null ? List.of() : List.copyOf(observationDates);
    for (String d : observationDates) {
      ConfigException.require(
          parses(d), "observation_dates[]", d, "a date YYYY-MM-DD, e.g. 2024-10-31");
    }
    ConfigException.require(table != null, "table", null, "a table section");
    ConfigException.require(
        holdoutMonths >= Labels.OUTCOME_MONTHS && holdoutMonths <= 120,
        "holdout_months",
        holdoutMonths,
        "a whole number of months from 12 to 120 (default 12): a holdout less than 12 months"
            + " after the latest observation date would share outcome months with training");
    ConfigException.require(binning != null, "binning", null, "a binning section");
    ConfigException.require(model != null, "model", null, "a model section");
    ConfigException.require(scaling != null, "scaling", null, "a scaling section");
    ConfigException.require(proxy != null, "proxy", null, "a proxy section");
  }

  /** {@link #observationDates} as dates, earliest first, without repeats. */
  public List<LocalDate> dates() {
    return observationDates.stream().map(LocalDate::parse).distinct().sorted().toList();
  }

  private static boolean parses(String date) {
    try {
      LocalDate.parse(date);
      return true;
    } catch (DateTimeParseException | NullPointerException e) {
      return false;
    }
  }

  /** The defaults with {@code file} on top (a missing key keeps its default); null: defaults. */
  public static TrainConfig load(Path file) {
    if (file == null) {
      return DEFAULTS;
    }
    ObjectNode tree = YamlFiles.toTree(DEFAULTS);
    ConfigLoader.merge(tree, YamlFiles.TRAIN.readMapping(file));
    return YamlFiles.TRAIN.bind(tree, TrainConfig.class, file);
  }
}
