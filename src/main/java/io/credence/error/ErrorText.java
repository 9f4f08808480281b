package io.credence.error;

/** The one shape of every error message: what is wrong, then why it matters, then how to fix it. */
public final class ErrorText {
  private ErrorText() {}

  /** {@code what}, then an indented {@code why:} line and an indented {@code fix:} line. */
  public static String format(String what, String why, String fix) {
    return what + "\n  why: " + why + "\n  fix: " + fix;
  }
}
