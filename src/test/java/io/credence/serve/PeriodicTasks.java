package io.credence.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs a task every 10 ms, as the service schedules its polls and folds, for a bounded time. */
final class PeriodicTasks {
  private PeriodicTasks() {}

  /**
   * Schedules {@code task} with a fixed delay until {@code done} holds (at most 20 s), and checks
   * that the schedule is still alive then: a task that throws is cancelled for good.
   */
  static void runUntil(Runnable task, BooleanSupplier done) throws InterruptedException {
    ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
    try {
      ScheduledFuture<?> schedule =
          background.scheduleWithFixedDelay(task, 0, 10, TimeUnit.MILLISECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!done.getAsBoolean() && !schedule.isDone() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(schedule.isDone()).as("the periodic task was cancelled by a throw").isFalse();
      assertThat(done.getAsBoolean()).as("the periodic task kept running").isTrue();
    } finally {
      background.shutdownNow();
      assertThat(background.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
