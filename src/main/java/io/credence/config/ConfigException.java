package io.credence.config;

/** A configuration value that is not allowed: names the key, the value, and what is allowed. */
public final class ConfigException extends IllegalArgumentException {
  public ConfigException(String message) {
    super(message);
  }

  /** Throws when {@code ok} is false, naming the key, the value found and what is allowed. */
  public static void require(boolean ok, String key, Object value, String allowed) {
    if (!ok) {
      throw new ConfigException(
          "config key '" + key + "' has value '" + value + "'; allowed: " + allowed + ".");
    }
  }
}
