package io.credence.cli;

import io.credence.error.ServeErrors;
import io.credence.lookup.AuditRecord;

/** Who asked for an audited action (lookup, erase): the given name, else the OS user. */
final class Requester {
  private Requester() {}

  /** {@code requester} when given (exit 2 when blank), else the OS user. */
  static String orOsUser(String requester) {
    return requester != null ? required(requester, "--requester") : System.getProperty("user.name");
  }

  /** The most characters an audit field holds, as the lookup service allows for a purpose. */
  static final int MAX_CHARS = AuditRecord.MAX_FIELD_CHARS;

  /**
   * {@code value} of {@code option}, an audit field; exit 2 when it is blank, longer than {@link
   * #MAX_CHARS} or holds a line break or other control character (which would break the table that
   * {@code credence sql} prints, and could make one audit row look like several).
   */
  static String required(String value, String option) {
    if (value.isBlank()) {
      throw ServeErrors.auditFieldBlank(option);
    }
    return optional(value, option);
  }

  /** {@code value} of an optional audit field ({@code null} when not given), checked likewise. */
  static String optional(String value, String option) {
    if (value != null && AuditRecord.unusable(value)) {
      throw ServeErrors.auditFieldUnusable(option, MAX_CHARS);
    }
    return value;
  }
}
