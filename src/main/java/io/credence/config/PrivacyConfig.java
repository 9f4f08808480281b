package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.credence.privacy.Redaction;

/**
 * How person identifiers are protected.
 *
 * @param pseudonymize replace every input person_id at ingestion by HMAC-SHA256 under a secret key
 * @param keyEnv name of the environment variable that holds the key (never the key itself); it must
 *     match Spark's redaction pattern so that Spark hides it wherever it shows settings
 */
public record PrivacyConfig(
    @JsonProperty("pseudonymize") boolean pseudonymize, @JsonProperty("key_env") String keyEnv) {

  public PrivacyConfig {
    ConfigException.require(
        keyEnv != null && keyEnv.matches("[A-Za-z_][A-Za-z0-9_]*"),
        "privacy.key_env",
        keyEnv,
        "the name of an environment variable (letters, digits, underscores), never the key");
    ConfigException.require(
        Redaction.coversName(keyEnv),
        "privacy.key_env",
        keyEnv,
        "a name Spark redacts: it must contain PSEUDONYM, SECRET, TOKEN, PASSWORD or end in _KEY");
  }
}
