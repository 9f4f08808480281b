package io.credence.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line when a stage starts and one when it ends, with its row count and seconds, and keeps
 * the timings for the runs table and the report.
 */
public final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger("credence");

  /** One finished stage. */
  public record StageTiming(String stage, long rows, double seconds) {}

  private final List<StageTiming> timings = new ArrayList<>();

  /** Runs {@code work}, which returns the rows it handled (or -1 when it has no row count). */
  public long stage(String name, Supplier<Long> work) {
    LOG.info("stage {} started", name);
    long start = System.nanoTime();
    long rows = work.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    timings.add(new StageTiming(name, rows, seconds));
    LOG.info(
        "stage {} done: {} in {} s",
        name,
        rows < 0 ? "-" : String.format(Locale.ROOT, "%,d rows", rows),
        String.format(Locale.ROOT, "%.1f", seconds));
    return rows;
  }

  /** Timings of the stages finished so far, in order. */
  public List<StageTiming> timings() {
    return List.copyOf(timings);
  }
}
