package io.credence.train;

/** How the bad rate moves as a feature's value grows. */
public enum Direction {
  /** Higher values, more bads (e.g. days late). */
  RISING,
  /** Higher values, fewer bads (e.g. on-time ratio). */
  FALLING,
  /** Categories: no order, so no monotonicity constraint. */
  UNORDERED
}
