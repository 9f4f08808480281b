package io.credence.error;

/**
 * A failure the user can act on: says what is wrong, why it matters and how to fix it, and carries
 * the exit code the command ends with. Made only by the catalogue of named factories in this
 * package ({@link InputErrors}, {@link TrainErrors}, {@link WarehouseErrors}, {@link ServeErrors},
 * {@link StoreErrors}), which own the wording; call sites pass the facts.
 */
public final class CredenceException extends RuntimeException {
  private final ExitCode exitCode;

  private CredenceException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The exit code this failure maps to. */
  public ExitCode exitCode() {
    return exitCode;
  }

  /** Bad input, config or usage (exit 2). */
  static CredenceException badInput(String what, String why, String fix) {
    return new CredenceException(ExitCode.BAD_INPUT, ErrorText.format(what, why, fix), null);
  }

  /** Bad input with the underlying cause kept for the log (exit 2). */
  static CredenceException badInput(String what, String why, String fix, Throwable cause) {
    return new CredenceException(ExitCode.BAD_INPUT, ErrorText.format(what, why, fix), cause);
  }

  /**
   * A failure of what the run depends on that may pass by itself (a cluster without workers), so a
   * scheduler's retry may succeed: exit 1, as for an unexpected failure, with what, why and fix.
   */
  static CredenceException transientFailure(String what, String why, String fix) {
    return new CredenceException(ExitCode.FAILURE, ErrorText.format(what, why, fix), null);
  }

  /** Bad input with a note on the warehouse's state after the fix (exit 2). */
  static CredenceException badInputNoted(String what, String why, String fix, String note) {
    return new CredenceException(ExitCode.BAD_INPUT, ErrorText.format(what, why, fix, note), null);
  }

  /** A quality gate blocked publication (exit 3). */
  static CredenceException gateBlocked(String what, String fix) {
    return new CredenceException(
        ExitCode.GATE_BLOCKED,
        ErrorText.format(what, "publishing it could mislead its users", fix),
        null);
  }

  /** Another run holds the warehouse (exit 4). */
  static CredenceException locked(String what, String fix) {
    return new CredenceException(
        ExitCode.LOCKED,
        ErrorText.format(what, "two runs writing one warehouse at once could interleave", fix),
        null);
  }
}
