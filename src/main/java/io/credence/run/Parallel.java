package io.credence.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent steps of a run side by side (Spark takes jobs from several threads), so that one
 * step's fixed costs (reading a Delta log, committing) overlap another's work.
 */
public final class Parallel {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private Parallel() {}

  /**
   * Runs every step, each on its own thread, and waits for all of them, also after one fails; then
   * throws the first failure in list order, with the others added as suppressed.
   */
  public static void runAll(List<Runnable> steps) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, steps.size()),
            r -> {
              Thread t = new Thread(r, "credence-step-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> running = new ArrayList<>();
      steps.forEach(step -> running.add(pool.submit(step)));
      RuntimeException first = null;
      for (Future<?> f : running) {
        RuntimeException failure = outcome(f);
        if (failure != null && first == null) {
          first = failure;
        } else if (failure != null) {
          first.addSuppressed(failure);
        }
      }
      if (first != null) {
        throw first;
      }
    } finally {
      pool.shutdown();
    }
  }

  /** The step's failure, or null when it succeeded. */
  private static RuntimeException outcome(Future<?> step) {
    try {
      step.get();
      return null;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        return r;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      return new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new IllegalStateException("interrupted while waiting for a step of the run", e);
    }
  }
}
