package io.credence.error;

/** The one shape of every error message: what is wrong, then why it matters, then how to fix it. */
public final class ErrorText {
  private ErrorText() {}

  /** The fix for a path that cannot be listed or read. */
  static final String CHECK_PATH = "check the path and its permissions";

  /** The fix for a warehouse and an input root inside one another. */
  static final String KEEP_APART =
      "put the input root and the warehouse side by side, neither inside the other (e.g. --input"
          + " /data/credence/inputs --warehouse /data/credence/warehouse)";

  /**
   * The end of the fix for an erasures table that cannot be read: what not to do about it, and why.
   */
  static final String KEEP_ERASURES =
      "; never put back an older copy of erasures: the requests recorded since would be lost and"
          + " their persons scored again (record each again with credence erase if one is lost)";

  /** The fix for a warehouse with nothing (yet) in it. */
  static final String SCORE_FIRST =
      "run `credence score` first, or pass --warehouse with the right folder";

  /**
   * The first line of {@code message} that is not blank ("null" for none), for an error's what:
   * Spark's and Hadoop's messages go on with plans and stack traces, and Spark's parse errors begin
   * with an empty line.
   */
  public static String firstLine(String message) {
    String m = String.valueOf(message);
    return m.lines().filter(line -> !line.isBlank()).findFirst().orElse(m).stripTrailing();
  }

  /** {@code what}, then an indented {@code why:} line and an indented {@code fix:} line. */
  public static String format(String what, String why, String fix) {
    return what + "\n  why: " + why + "\n  fix: " + fix;
  }

  /**
   * The what, why and fix of a message {@link #format} wrote, in that order (a part the message
   * lacks is empty; a note is left out): for a service that sends them as fields.
   */
  public static java.util.List<String> parts(String message) {
    String m = String.valueOf(message);
    int why = m.indexOf(WHY);
    int fix = m.indexOf(FIX);
    int note = m.indexOf("\n  note: ");
    int end = note < 0 ? m.length() : note;
    if (why < 0 || fix < why) {
      return java.util.List.of(firstLine(m), "", "");
    }
    return java.util.List.of(
        m.substring(0, why),
        m.substring(why + WHY.length(), fix),
        m.substring(fix + FIX.length(), end));
  }

  private static final String WHY = "\n  why: ";
  private static final String FIX = "\n  fix: ";

  /** {@link #format(String, String, String)} and an indented {@code note:} line after the fix. */
  public static String format(String what, String why, String fix, String note) {
    return format(what, why, fix) + "\n  note: " + note;
  }
}
