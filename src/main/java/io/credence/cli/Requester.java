package io.credence.cli;

import io.credence.error.ServeErrors;

/** Who asked for an audited action (lookup, erase): the given name, else the OS user. */
final class Requester {
  private Requester() {}

  /** {@code requester} when given (exit 2 when blank), else the OS user. */
  static String orOsUser(String requester) {
    return requester != null ? required(requester, "--requester") : System.getProperty("user.name");
  }

  /** {@code value} of {@code option}, an audit field; exit 2 when it is blank. */
  static String required(String value, String option) {
    if (value.isBlank()) {
      throw ServeErrors.auditFieldBlank(option);
    }
    return value;
  }
}
