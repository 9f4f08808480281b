package io.credence.privacy;

import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What every path that reads the inputs must know about privacy: how person ids are stored, and
 * which persons were erased. There is no default: a reader that left it out would see raw ids and
 * erased persons (see docs/privacy.md).
 *
 * @param ids how person ids are stored (raw or pseudonymized with the warehouse's key)
 * @param erasedKeys the erased persons' keys (column person_key), empty when none was erased
 */
public record PrivacyPolicy(PersonIds ids, Optional<Dataset<Row>> erasedKeys) {
  public PrivacyPolicy {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(erasedKeys, "erasedKeys (Optional.empty() when none was erased)");
  }

  /** A policy with ids stored as {@code ids} says and the given erased keys (null: none). */
  public static PrivacyPolicy of(PersonIds ids, Dataset<Row> erasedKeysOrNull) {
    return new PrivacyPolicy(ids, Optional.ofNullable(erasedKeysOrNull));
  }
}
