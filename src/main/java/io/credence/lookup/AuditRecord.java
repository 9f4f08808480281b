package io.credence.lookup;

import java.time.Instant;

/**
 * One row of lookup_audit: who looked a person up, when, why, and whether they were found. The
 * person is their key (pseudonym, or SHA-256 of the raw id), never the raw id.
 *
 * @param lookedUpAt when the lookup was answered
 * @param requester who asked (the OS user or --requester for the CLI, the token's name for serve)
 * @param purpose why they asked, as they gave it
 * @param personKey the person's key
 * @param found whether the person had a published score
 */
public record AuditRecord(
    Instant lookedUpAt, String requester, String purpose, String personKey, boolean found) {

  /**
   * The most characters a requester or purpose holds, for {@code lookup} and {@code erase} as for
   * the lookup service: an audit row says who asked and why, and is read in a table by people.
   */
  public static final int MAX_FIELD_CHARS = 500;

  /**
   * Whether {@code value} holds more than {@link #MAX_FIELD_CHARS} characters, counted as Unicode
   * code points, so that an emoji or another character outside the Basic Multilingual Plane (two
   * UTF-16 units in a Java string) counts as one, as a person reading it would count.
   */
  public static boolean tooLong(String value) {
    return value.codePointCount(0, value.length()) > MAX_FIELD_CHARS;
  }

  /**
   * Whether {@code value} cannot be an audit field as given: {@link #tooLong}, or holding a line
   * break, tab or other control character, which would make one audit row look like several where
   * the table is read row by row. The command line and the service refuse the same values.
   */
  public static boolean unusable(String value) {
    return tooLong(value) || value.codePoints().anyMatch(Character::isISOControl);
  }
}
