package io.credence.run;

/**
 * How long one stage of a run took and the rows it handled (-1 when it has no row count).
 *
 * @param stage the stage's name, e.g. {@code write score_snapshots}
 * @param rows rows the stage handled, or -1
 * @param seconds wall-clock seconds
 */
public record StageTiming(String stage, long rows, double seconds) {}
