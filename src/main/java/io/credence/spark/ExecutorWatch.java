package io.credence.spark;

import io.credence.config.SparkConfig;
import io.credence.error.CredenceException;
import io.credence.error.ErrorText;
import io.credence.error.StoreErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Bounds a cluster session's wait for executors: counts the live executors and active jobs from
 * Spark's listener events, asks {@link ExecutorWait} every {@link #TICK} on a daemon thread, and
 * when it says so cancels every job of the session and keeps the failure for the command line
 * ({@link StarvedSession}). Installed on the one SparkContext of the JVM; stops with it.
 */
final class ExecutorWatch extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorWatch.class);

  /** How often the watch looks: far below any limit in minutes, and cheap. */
  static final Duration TICK = Duration.ofSeconds(1);

  /** The watch of the JVM's SparkContext, if it has one. */
  private static ExecutorWatch current;

  private final SparkContext context;
  private final Duration limit;
  private final ExecutorWait wait;
  private final Set<String> executors = ConcurrentHashMap.newKeySet();
  private final Set<Integer> jobs = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService ticks =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "credence-executor-watch");
            thread.setDaemon(true);
            return thread;
          });

  private ExecutorWatch(SparkContext context, Duration limit, ExecutorWait wait) {
    this.context = context;
    this.limit = limit;
    this.wait = wait;
  }

  /**
   * Watches {@code context}'s executors with {@code limit} (zero: no bound), unless it is watched
   * so already; nothing on a {@code local*} master. A later call with another limit replaces the
   * watch.
   */
  static synchronized void install(SparkContext context, Duration limit) {
    if (current != null) {
      if (current.context == context && current.limit.equals(limit)) {
        return;
      }
      current.stop();
    }
    current = null;
    StarvedSession.clear();
    ExecutorWait wait = ExecutorWait.forMaster(context.master(), limit);
    if (!wait.bounded()) {
      return;
    }
    ExecutorWatch watch = new ExecutorWatch(context, limit, wait);
    context.addSparkListener(watch);
    // Executors that registered before the listener did: the scheduler lists an executor before
    // it posts its event, so between the two every executor is seen once or twice, never missed.
    watch.executors.addAll(CollectionConverters.asJava(context.getExecutorIds()));
    long tick = TICK.toMillis();
    watch.ticks.scheduleWithFixedDelay(watch::look, tick, tick, TimeUnit.MILLISECONDS);
    current = watch;
  }

  private void look() {
    try {
      Instant now = Instant.now();
      if (wait.observe(now, executors.size(), jobs.size()) != ExecutorWait.Verdict.CANCEL) {
        return;
      }
      if (StarvedSession.failure() == null) {
        CredenceException failure =
            StoreErrors.noExecutors(
                context.master(), wait.waited(now), limit, SparkConfig.EXECUTOR_WAIT_KEY);
        StarvedSession.record(failure);
        LOG.error("cancelling every Spark job: {}", ErrorText.firstLine(failure.getMessage()));
      }
      context.cancelAllJobs();
    } catch (RuntimeException e) { // a failed look must not end the watch's later ones
      LOG.warn("the executor watch could not look at the session: {}", e.toString());
    }
  }

  private void stop() {
    ticks.shutdownNow();
    context.removeSparkListener(this);
  }

  @Override
  public void onExecutorAdded(SparkListenerExecutorAdded added) {
    executors.add(added.executorId());
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
    executors.remove(removed.executorId());
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    jobs.add(start.jobId());
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    jobs.remove(end.jobId());
  }

  @Override
  public void onApplicationEnd(SparkListenerApplicationEnd end) {
    ended(this); // the context stops: nothing left to watch
  }

  private static synchronized void ended(ExecutorWatch watch) {
    watch.ticks.shutdownNow();
    if (current == watch) {
      current = null;
    }
  }
}
