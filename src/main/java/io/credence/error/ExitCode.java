package io.credence.error;

/** The documented exit codes of every credence command. */
public enum ExitCode {
  /** The command did what it was asked. */
  OK(0),
  /** Something unexpected failed; the message and the log say what. */
  FAILURE(1),
  /** Bad usage, configuration or input contract: fix the call, the config or the data. */
  BAD_INPUT(2),
  /** A quality gate blocked publication; nothing was published. */
  GATE_BLOCKED(3),
  /** Another run holds the warehouse lock. */
  LOCKED(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }
}
