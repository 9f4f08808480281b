package io.credence.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.junit.jupiter.api.Test;

/** What the watch reads of a real SparkContext (the shared local one). */
class ExecutorWatchContextTest extends SparkTestBase {
  /** Holds the task of {@link #aRunningJobIsActive} until the test has looked. */
  private static volatile CountDownLatch release;

  @Test
  void aJobWhoseEndTheStatusListenerMissedIsNotActive() throws Exception {
    // Spark drops listener events from a full queue: a job whose JobEnd was dropped stays running
    // in the status tracker for ever, and the watch counted it as a job waiting for executors.
    SparkContext context = spark().sparkContext();
    int job = Integer.MAX_VALUE - 7;
    context
        .listenerBus()
        .post(
            new SparkListenerJobStart(
                job,
                System.currentTimeMillis(),
                scala.collection.immutable.Seq$.MODULE$.<StageInfo>empty(),
                new Properties()));
    context.listenerBus().waitUntilEmpty();
    try {
      assertThat(context.statusTracker().getActiveJobIds()).contains(job);
      assertThat(new ExecutorWatch.OfContext(context).activeJobs()).isZero();
    } finally {
      context
          .listenerBus()
          .post(new SparkListenerJobEnd(job, System.currentTimeMillis(), JobSucceeded$.MODULE$));
      context.listenerBus().waitUntilEmpty();
    }
  }

  @Test
  void aRunningJobIsActive() throws Exception {
    SparkContext context = spark().sparkContext();
    ExecutorWatch.Session session = new ExecutorWatch.OfContext(context);
    release = new CountDownLatch(1);
    CompletableFuture<Void> job =
        CompletableFuture.runAsync(
            () -> spark().range(1).foreach((ForeachFunction<Long>) row -> release.await()));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (session.activeJobs() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(session.activeJobs()).isEqualTo(1);
    } finally {
      release.countDown();
      job.get(60, TimeUnit.SECONDS);
    }
    assertThat(session.activeJobs()).isZero();
  }
}
