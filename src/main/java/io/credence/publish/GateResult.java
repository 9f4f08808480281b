package io.credence.publish;

/**
 * One quality gate as measured: its value, its limits, and the outcome ({@code pass}, {@code warn},
 * {@code block}, or {@code skipped} when there is nothing to compare against).
 */
public record GateResult(
    String gate, Double value, Double warnAt, Double blockAt, Outcome outcome) {

  /** What a gate decided. */
  public enum Outcome {
    PASS,
    WARN,
    BLOCK,
    SKIPPED;

    /** Lower-case name as stored in the runs table. */
    public String label() {
      return name().toLowerCase();
    }
  }

  /** Evaluates {@code value} against the limits; a null value is skipped. */
  public static GateResult measure(String gate, Double value, Double warnAt, double blockAt) {
    Outcome outcome;
    if (value == null || value.isNaN()) {
      outcome = Outcome.SKIPPED;
    } else if (value > blockAt) {
      outcome = Outcome.BLOCK;
    } else if (warnAt != null && value > warnAt) {
      outcome = Outcome.WARN;
    } else {
      outcome = Outcome.PASS;
    }
    return new GateResult(gate, value, warnAt, blockAt, outcome);
  }

  /** A one-line description for logs and the run's message. */
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "%s=%s (block above %s): %s",
        gate,
        value == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.4f", value),
        blockAt,
        outcome.label());
  }
}
