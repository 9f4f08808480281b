package io.credence.lookup;

import io.credence.privacy.PersonIds;
import java.util.Map;

/**
 * How a warehouse table stores person ids, from its properties, and the check that the pseudonym
 * key in hand is the one the table was written with.
 */
public final class KeyCheck {
  private KeyCheck() {}

  /** The table's id mode: {@link PersonIds#PSEUDONYMIZED}, or {@link PersonIds#RAW} (default). */
  public static String mode(Map<String, String> tableProperties) {
    return tableProperties.getOrDefault(PersonIds.MODE_PROPERTY, PersonIds.RAW);
  }

  /**
   * Refuses (exit 2) a key whose fingerprint differs from the one the table records, with the
   * message every command gives ({@link PersonIds#requireSameKey}). Tables written before the
   * fingerprint existed have none and pass.
   */
  public static void requireSameKey(
      Map<String, String> tableProperties, PersonIds ids, String table) {
    ids.requireSameKey(tableProperties.get(PersonIds.FINGERPRINT_PROPERTY), table);
  }
}
