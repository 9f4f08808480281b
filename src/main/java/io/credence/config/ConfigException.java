package io.credence.config;

import io.credence.error.ErrorText;

/** A configuration value that is not allowed: names the key, the value, and what is allowed. */
public final class ConfigException extends IllegalArgumentException {
  public ConfigException(String message) {
    super(message);
  }

  /**
   * Throws when {@code ok} is false, naming the key, the value found and what is allowed, with why
   * and how to fix it.
   */
  public static void require(boolean ok, String key, Object value, String allowed) {
    if (!ok) {
      throw new ConfigException(
          ErrorText.format(
              "config key '" + key + "' has value '" + value + "'; allowed: " + allowed,
              "every setting is checked before a command starts, so that nothing runs on a value"
                  + " it cannot use",
              "set "
                  + key
                  + " to an allowed value in the file it is read from (the job config, whose"
                  + " every key jobs/nightly-score.yaml lists, a scorecard or the training"
                  + " config) or in the command-line option that overrides it"));
    }
  }
}
