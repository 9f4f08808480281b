package io.credence.spark;

import java.time.Duration;

/**
 * Decides when a session on a cluster has waited too long for an executor: a job is active, no
 * executor is live, and that has lasted {@code limit} or longer (a standalone cluster that lost
 * every worker, or executors asking for more cores or memory than any worker has, where Spark
 * itself would wait forever). Pure: the caller passes the time and the counts it observed, so tests
 * use a fake clock. The time is {@link System#nanoTime()}'s, not the wall clock's: an NTP step or a
 * resumed VM must not make the wait look longer than it was. Not thread-safe; one watchdog thread
 * asks it.
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

  /** Whether jobs wait without a live executor now, since {@link #starvedSince}. */
  private boolean starved;

  /** Since when (in {@link System#nanoTime()}'s time) jobs have waited, while {@link #starved}. */
  private long starvedSince;

  /**
   * Whether the limit was passed and no executor has been live since. Until one is, every job that
   * starts while no executor is live is cancelled at once: the command is failing, and its failure
   * path (a FAILED runs row, unpersisting caches) must not wait the whole limit again for each job
   * it starts. An executor that comes back ends it: under dynamic allocation executors come and go.
   */
  private boolean tripped;

  private ExecutorWait(Duration limit) {
    this.limit = limit;
  }

  /**
   * The wait of a session on {@code master}: bounded by {@code limit} on a cluster, never on a
   * {@code local} or {@code local[...]} master (whose driver runs the tasks itself) or when {@code
   * limit} is zero (wait forever, as Spark does).
   */
  public static ExecutorWait forMaster(String master, Duration limit) {
    if (limit.isNegative()) {
      throw new IllegalArgumentException("a negative limit: " + limit);
    }
    return new ExecutorWait(isLocal(master) ? Duration.ZERO : limit);
  }

  /**
   * Whether {@code master} runs the tasks in the driver's JVM (local, local[N], local[*], ...).
   * {@code local-cluster[...]} does not: its executors are separate JVMs, which can fail to start.
   */
  public static boolean isLocal(String master) {
    return master == null || master.equals("local") || master.startsWith("local[");
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
   * The verdict at {@code nanoTime} ({@link System#nanoTime()}'s), given the live executors (the
   * driver not counted) and the jobs active at that time.
   */
  public Verdict observe(long nanoTime, int liveExecutors, int activeJobs) {
    if (liveExecutors > 0) {
      tripped = false;
    }
    if (liveExecutors > 0 || activeJobs == 0 || !bounded()) {
      starved = false;
      return Verdict.CARRY_ON;
    }
    if (!starved) {
      starved = true;
      starvedSince = nanoTime;
    }
    if (tripped || waited(nanoTime).compareTo(limit) >= 0) {
      tripped = true;
      return Verdict.CANCEL;
    }
    return Verdict.CARRY_ON;
  }

  /**
   * How long jobs have waited without a live executor at {@code nanoTime} (zero when they do not).
   * A difference of two {@link System#nanoTime()} values, so right across its overflow too.
   */
  public Duration waited(long nanoTime) {
    return starved ? Duration.ofNanos(nanoTime - starvedSince) : Duration.ZERO;
  }
}
