package io.credence.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line when a stage starts and one when it ends, with its row count and seconds, and keeps
 * the timings for the runs table and the report.
 *
 * <p>Crash tests ({@code scripts/crash-test}) need to kill the job between two commits that follow
 * within milliseconds; the JVM system property {@value #PAUSE_BEFORE} names a stage to pause before
 * (for up to ten minutes, after logging "stage NAME paused"), so that the harness can kill the
 * process exactly there. Unset, as in every real run, it costs one property lookup per stage.
 */
public final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger("credence");

  /** Test hook: the name of a stage to pause before, e.g. {@code write scores_current}. */
  public static final String PAUSE_BEFORE = "credence.test.pause-before";

  private static final Duration PAUSE = Duration.ofMinutes(10);

  private final List<StageTiming> timings =
      java.util.Collections.synchronizedList(new ArrayList<>());

  /**
   * Runs {@code work}, which returns the rows it handled (or -1 when it has no row count). Stages
   * may run on several threads at once.
   */
  public long stage(String name, Supplier<Long> work) {
    return stage(name, work, Long::longValue);
  }

  /**
   * Runs {@code work} and returns its value; {@code rows} tells from the value the rows the stage
   * handled (or -1 when it has no row count). Stages may run on several threads at once.
   */
  public <T> T stage(String name, Supplier<T> work, ToLongFunction<T> rows) {
    pauseIfAsked(name);
    LOG.info("stage {} started", name);
    long start = System.nanoTime();
    T value = work.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    record(name, rows.applyAsLong(value), seconds);
    return value;
  }

  private void record(String name, long rows, double seconds) {
    timings.add(new StageTiming(name, rows, seconds));
    LOG.info(
        "stage {} done: {} in {} s",
        name,
        rows < 0 ? "-" : String.format(Locale.ROOT, "%,d rows", rows),
        String.format(Locale.ROOT, "%.1f", seconds));
  }

  private static void pauseIfAsked(String name) {
    if (!name.equals(System.getProperty(PAUSE_BEFORE))) {
      return;
    }
    LOG.warn("stage {} paused for up to {} ({} is set)", name, PAUSE, PAUSE_BEFORE);
    try {
      Thread.sleep(PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Timings of the stages finished so far, in order. */
  public List<StageTiming> timings() {
    synchronized (timings) {
      return List.copyOf(timings);
    }
  }
}
