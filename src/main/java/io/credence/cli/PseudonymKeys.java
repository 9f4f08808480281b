package io.credence.cli;

import io.credence.config.PrivacyConfig;
import io.credence.error.ServeErrors;
import io.credence.privacy.PersonIds;
import io.credence.publish.PersonTables;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the pseudonym key from the environment variable that {@code privacy.key_env} names (the
 * only place that reads it) and turns it into a {@link PersonIds}. The key is never logged.
 */
final class PseudonymKeys {
  private PseudonymKeys() {}

  /** The id policy of a run: the config decides; a pseudonymizing run refuses to start keyless. */
  static PersonIds forRun(PrivacyConfig privacy) {
    return privacy.pseudonymize() ? fromEnvironment(privacy.keyEnv()) : PersonIds.raw();
  }

  /**
   * The id policy of an existing warehouse (its tables say), or of the config when it is new; exit
   * 2 when the key's fingerprint differs from the one its tables record.
   */
  static PersonIds forWarehouse(SparkSession spark, String warehouse, PrivacyConfig privacy) {
    String mode = PersonTables.mode(spark, warehouse);
    if (mode == null) {
      return forRun(privacy);
    }
    PersonIds ids = forMode(mode, privacy);
    if (PersonIds.PSEUDONYMIZED.equals(mode)) {
      PersonTables.requireKey(spark, warehouse, ids);
    }
    return ids;
  }

  /**
   * The id policy for a warehouse whose tables say {@code mode} ({@link PersonIds#RAW} or {@link
   * PersonIds#PSEUDONYMIZED}); no Spark needed, for lookup and serve.
   */
  static PersonIds forMode(String mode, PrivacyConfig privacy) {
    return PersonIds.PSEUDONYMIZED.equals(mode)
        ? fromEnvironment(privacy.keyEnv())
        : PersonIds.raw();
  }

  private static PersonIds fromEnvironment(String name) {
    String value = System.getenv(name);
    byte[] key = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    if (key.length < PersonIds.MIN_KEY_BYTES) {
      throw value == null
          ? ServeErrors.keyUnset(name, PersonIds.MIN_KEY_BYTES)
          : ServeErrors.keyTooShort(name, PersonIds.MIN_KEY_BYTES);
    }
    return PersonIds.pseudonymized(key);
  }
}
