package io.credence.cli;

import io.credence.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by the commands that read the job configuration. */
final class JobOptions {
  static final Path DEFAULT_CONFIG = Path.of("jobs/nightly-score.yaml");

  @Option(
      names = "--config",
      paramLabel = "YAML",
      description =
          "Job config (default: jobs/nightly-score.yaml when present). In every path option a"
              + " leading ~ is your home.")
  Path config;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      converter = HomePath.AsString.class,
      description = "Overrides inputs.root (a leading ~ is your home).")
  String input;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      converter = HomePath.AsString.class,
      description = "Overrides warehouse (a leading ~ is your home).")
  String warehouse;

  @Option(
      names = "--scorecard",
      paramLabel = "YAML",
      converter = HomePath.AsString.class,
      description = "Overrides scoring.scorecard (a leading ~ is your home).")
  String scorecard;

  @Mixin SparkOptions spark;

  /** Loads the config with command-line overrides on top (see {@link ConfigLoader}). */
  ConfigLoader.Loaded load() {
    return load(Map.of());
  }

  /** Loads the config with a command's own overrides (dotted keys) below the shared options. */
  ConfigLoader.Loaded load(Map<String, String> commandOverrides) {
    Path file = config != null ? config : (Files.exists(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null);
    Map<String, String> overrides = new LinkedHashMap<>(commandOverrides);
    if (input != null) {
      overrides.put("inputs.root", input);
    }
    if (warehouse != null) {
      overrides.put("warehouse", warehouse);
    }
    if (scorecard != null) {
      overrides.put("scoring.scorecard", scorecard);
    }
    return ConfigLoader.load(file, overrides);
  }
}
