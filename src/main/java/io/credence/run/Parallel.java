package io.credence.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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
    callAll(
        steps.stream()
            .<Supplier<Void>>map(
                step ->
                    () -> {
                      step.run();
                      return null;
                    })
            .toList());
  }

  /** As {@link #runAll}, for steps with a value: returns their values in list order. */
  public static <T> List<T> callAll(List<Supplier<T>> steps) {
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, steps.size()), Parallel::stepThread);
    try {
      List<Future<T>> running = new ArrayList<>();
      steps.forEach(step -> running.add(pool.submit(step::get)));
      List<T> values = new ArrayList<>();
      RuntimeException first = null;
      for (Future<T> f : running) {
        try {
          values.add(f.get());
        } catch (ExecutionException | InterruptedException e) {
          RuntimeException failure = failure(e);
          if (first == null) {
            first = failure;
          } else {
            first.addSuppressed(failure);
          }
        }
      }
      if (first != null) {
        throw first;
      }
      return values;
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Runs {@code step} and {@code beside} side by side, as {@link #callAll} does, and returns the
   * value of {@code step}.
   */
  public static <T> T callBeside(Supplier<T> step, Runnable beside) {
    List<Supplier<Object>> steps =
        List.of(
            step::get,
            () -> {
              beside.run();
              return null;
            });
    @SuppressWarnings("unchecked")
    T value = (T) callAll(steps).get(0);
    return value;
  }

  /**
   * Starts {@code step} on its own thread and returns at once; {@link Started#join} waits for its
   * value. Closing a started step waits for it too, so that a run that fails before it joins leaves
   * nothing running behind it.
   */
  public static <T> Started<T> start(Supplier<T> step) {
    ExecutorService pool = Executors.newSingleThreadExecutor(Parallel::stepThread);
    try {
      return new Started<>(pool.submit(step::get));
    } finally {
      pool.shutdown();
    }
  }

  /** A step running beside the caller (see {@link #start}). */
  public static final class Started<T> implements AutoCloseable {
    private final Future<T> running;

    private Started(Future<T> running) {
      this.running = running;
    }

    /** Waits for the step; returns its value or throws its failure. */
    public T join() {
      try {
        return running.get();
      } catch (ExecutionException | InterruptedException e) {
        throw failure(e);
      }
    }

    /** Waits for the step; a failure is the caller's to see through {@link #join}, not here. */
    @Override
    public void close() {
      try {
        running.get();
      } catch (ExecutionException e) {
        // seen by join, or of no use to a caller that failed before joining
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Thread stepThread(Runnable r) {
    Thread t = new Thread(r, "credence-step-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  /** A step's failure as thrown by {@link Future#get}, unwrapped. */
  private static RuntimeException failure(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new IllegalStateException("interrupted while waiting for a step of the run", e);
    }
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }
}
