package io.credence.spark;

import io.credence.config.SparkConfig;
import io.credence.error.CredenceException;
import io.credence.error.ErrorText;
import io.credence.error.StoreErrors;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.DAGScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds a cluster session's wait for executors: every {@link #TICK}, on a daemon thread, reads the
 * live executors and active jobs from the scheduler backend and the DAG scheduler, asks {@link
 * ExecutorWait}, and when it says so cancels every job of the session and keeps the failure for the
 * command line ({@link StarvedSession}). It reads the state rather than counting listener events,
 * since Spark drops events from a full listener queue (a lost JobEnd would leave a job active for
 * ever, a lost ExecutorRemoved an executor live). Installed on the one SparkContext of the JVM by
 * the command that gets its session; stops with the context, or with the command ({@link
 * StarvedSession#commandEnds}), so that a later command in the JVM starts with a new watch.
 */
final class ExecutorWatch implements StarvedSession.Watch {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorWatch.class);

  /** How often the watch looks: far below any limit in minutes, and cheap. */
  static final Duration TICK = Duration.ofSeconds(1);

  /** What the watch reads of a session and does to it: Spark's, or a test's stand-in. */
  interface Session {
    /** The master URL. */
    String master();

    /** Whether the session's context has stopped (the watch then stops too). */
    boolean stopped();

    /** The executors registered with the scheduler now, the driver not counted. */
    int liveExecutors();

    /** The jobs active now. */
    int activeJobs();

    /** Cancels every active job. */
    void cancelAllJobs();
  }

  /** The watch of the JVM's SparkContext, if it has one. */
  private static ExecutorWatch current;

  private final Object context;
  private final Session session;
  private final Duration limit;
  private final ExecutorWait wait;
  private final LongSupplier nanoTime;
  private boolean announced;
  private final ScheduledExecutorService ticks =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "credence-executor-watch");
            thread.setDaemon(true);
            return thread;
          });

  private ExecutorWatch(
      Object context, Session session, Duration limit, ExecutorWait wait, LongSupplier nanoTime) {
    this.context = context;
    this.session = session;
    this.limit = limit;
    this.wait = wait;
    this.nanoTime = nanoTime;
  }

  /**
   * Watches {@code context}'s executors with {@code limit} (zero: no bound), unless it is watched
   * so already; nothing on a {@code local} or {@code local[...]} master. A later call with another
   * limit replaces the watch.
   */
  static synchronized void install(SparkContext context, Duration limit) {
    ExecutorWatch before = current;
    ExecutorWatch watch = install(context, new OfContext(context), limit, System::nanoTime);
    if (watch != null && watch != before) {
      long tick = TICK.toMillis();
      watch.ticks.scheduleWithFixedDelay(watch::look, tick, tick, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Makes a watch of {@code session} (of {@code context}) on the clock {@code nanoTime} the current
   * one, stopping any other, and returns it without starting its ticks (tests call {@link #look}
   * themselves); null when the wait is unbounded. The current watch goes on, and is returned, when
   * it watches {@code context} with {@code limit} already.
   */
  static synchronized ExecutorWatch install(
      Object context, Session session, Duration limit, LongSupplier nanoTime) {
    if (current != null && current.context == context && current.limit.equals(limit)) {
      return current;
    }
    if (current != null) {
      current.ticks.shutdownNow();
    }
    current = null;
    ExecutorWait wait = ExecutorWait.forMaster(session.master(), limit);
    if (wait.bounded()) {
      current = new ExecutorWatch(context, session, limit, wait, nanoTime);
    }
    StarvedSession.watchedBy(current);
    return current;
  }

  /** One look: a failed one is logged and the next goes on; an Error stops the watch. */
  void look() {
    try {
      if (session.stopped()) {
        stop(); // the context stopped: nothing left to watch
        return;
      }
      long now = nanoTime.getAsLong();
      ExecutorWait.Verdict verdict =
          wait.observe(now, session.liveExecutors(), session.activeJobs());
      if (verdict == ExecutorWait.Verdict.CANCEL) {
        cancel(now);
      }
    } catch (Exception e) { // Scala code throws checked exceptions undeclared
      LOG.warn("the executor watch could not look at the session: {}", e.toString());
    } catch (Error e) {
      // Out of memory or a broken classpath: the next look would most likely fail the same way
      // every second. Stop and say so; the command goes on, waiting for executors as Spark does.
      LOG.error(
          "the executor watch stopped: {}; from now on this command waits for executors without"
              + " the bound of {}",
          e.toString(),
          SparkConfig.EXECUTOR_WAIT_KEY);
      stop();
    }
  }

  /** Whether this watch has stopped looking. */
  boolean stopped() {
    return ticks.isShutdown();
  }

  private void cancel(long now) {
    synchronized (ExecutorWatch.class) {
      CredenceException failure =
          StoreErrors.noExecutors(
              session.master(), wait.waited(now), limit, SparkConfig.EXECUTOR_WAIT_KEY);
      if (!StarvedSession.record(this, () -> failure)) {
        ticks.shutdownNow(); // replaced: the session is another watch's now
        return;
      }
      if (!announced) {
        announced = true;
        LOG.error("cancelling every Spark job: {}", ErrorText.firstLine(failure.getMessage()));
      }
      session.cancelAllJobs();
    }
  }

  private static synchronized void stop(ExecutorWatch watch) {
    watch.ticks.shutdownNow();
    if (current == watch) {
      current = null; // a failure it recorded stays for the command line
    }
  }

  /** Stops looking, for good; the next install makes a new watch. */
  @Override
  public void stop() {
    stop(this);
  }

  /** A SparkContext as the watch sees it. */
  record OfContext(SparkContext context) implements Session {
    @Override
    public String master() {
      return context.master();
    }

    @Override
    public boolean stopped() {
      return context.isStopped();
    }

    @Override
    public int liveExecutors() {
      // The scheduler backend's registered executors, which leave it as they are lost: the
      // status tracker's executor list counts the driver and keeps lost executors a while.
      return context.getExecutorIds().size();
    }

    @Override
    public int activeJobs() {
      // The DAG scheduler's own jobs, as Spark's metric DAGScheduler.job.activeJobs reads them (a
      // size read from another thread, at worst a look late). Not the status tracker's: it lists
      // the jobs the status listener saw start and not end, so a JobEnd dropped from a full
      // listener queue left a job active for ever, and once dynamic allocation had let every
      // executor go, the watch cancelled the command's next jobs for a wait that never was.
      DAGScheduler scheduler = context.dagScheduler();
      return scheduler == null ? 0 : scheduler.activeJobs().size(); // null: the context stopped
    }

    @Override
    public void cancelAllJobs() {
      context.cancelAllJobs();
    }
  }
}
