package io.credence.spark;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides when a session on a cluster has waited too long for an executor: a job is active, no
 * executor is live, and that has lasted {@code limit} or longer (a standalone cluster that lost
 * every worker, or executors asking for more cores or memory than any worker has, where Spark
 * itself would wait forever). Pure: the caller passes the time and the counts it observed, so tests
 * use a fake clock. Not thread-safe; one watchdog thread asks it.
 */
public final class ExecutorWait {
  /** What the session should do now. */
  public enum Verdict {
    /** Executors are live, or no job waits for one, or the wait is within the limit. */
    CARRY_ON,
    /** Cancel the session's jobs: they have waited past the limit (or did so before, see below). */
    CANCEL
  }

  private final Duration limit;

  /** Since when jobs have waited without a live executor; null while that is not so. */
  private Instant starvedSince;

  /**
   * Whether the limit was once passed. From then on every job that starts while no executor is live
   * is cancelled at once: the command is failing, and its failure path (a FAILED runs row,
   * unpersisting caches) must not wait the whole limit again for each job it starts.
   */
  private boolean tripped;

  private ExecutorWait(Duration limit) {
    this.limit = limit;
  }

  /**
   * The wait of a session on {@code master}: bounded by {@code limit} on a cluster, never on a
   * {@code local*} master (whose driver runs the tasks itself) or when {@code limit} is zero (wait
   * forever, as Spark does).
   */
  public static ExecutorWait forMaster(String master, Duration limit) {
    if (limit.isNegative()) {
      throw new IllegalArgumentException("a negative limit: " + limit);
    }
    return new ExecutorWait(isLocal(master) ? Duration.ZERO : limit);
  }

  /** Whether {@code master} runs the tasks in the driver's JVM (local, local[N], local[*], ...). */
  public static boolean isLocal(String master) {
    return master == null || master.startsWith("local");
  }

  /** Whether this wait can ever end in {@link Verdict#CANCEL} (false: nothing to watch). */
  public boolean bounded() {
    return !limit.isZero();
  }

  /** The limit; zero when unbounded. */
  public Duration limit() {
    return limit;
  }

  /**
   * The verdict at {@code now}, given the live executors (the driver not counted) and the jobs
   * active at that time.
   */
  public Verdict observe(Instant now, int liveExecutors, int activeJobs) {
    if (liveExecutors > 0 || activeJobs == 0 || !bounded()) {
      starvedSince = null;
      return Verdict.CARRY_ON;
    }
    if (starvedSince == null) {
      starvedSince = now;
    }
    if (tripped || waited(now).compareTo(limit) >= 0) {
      tripped = true;
      return Verdict.CANCEL;
    }
    return Verdict.CARRY_ON;
  }

  /** How long jobs have waited without a live executor at {@code now} (zero when they do not). */
  public Duration waited(Instant now) {
    return starvedSince == null ? Duration.ZERO : Duration.between(starvedSince, now);
  }
}
