package io.credence.cli;

/** Who asked for an audited action (lookup, erase): the given name, else the OS user. */
final class Requester {
  private Requester() {}

  static String orOsUser(String requester) {
    return requester != null ? requester : System.getProperty("user.name");
  }
}
