package io.credence.publish;

import io.credence.error.CredenceException;
import io.credence.error.ExitCode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;

/** Threads that race for the warehouse lock, round after round, on any store. */
public final class LockContention {
  private static final Duration HOURS = Duration.ofHours(12);

  private LockContention() {}

  /** Something done before each round (by one thread, before the others are released). */
  public interface IoAction {
    void run() throws IOException;
  }

  /**
   * Runs {@code rounds} rounds of {@code threads} acquirers released together by a barrier, each
   * round after {@code setUp}; holders keep the lock until every thread has tried. Returns the
   * rounds that did not end with exactly one holder and the others told "locked" (exit 4).
   */
  public static List<String> rounds(
      Configuration conf, int threads, int rounds, String wh, IoAction setUp) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(threads);
    AtomicInteger[] holders = new AtomicInteger[rounds];
    AtomicInteger[] failures = new AtomicInteger[rounds];
    for (int i = 0; i < rounds; i++) {
      holders[i] = new AtomicInteger();
      failures[i] = new AtomicInteger();
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < rounds; round++) {
                    if (me == 0) {
                      setUp.run();
                    }
                    barrier.await(30, TimeUnit.SECONDS);
                    WarehouseLock lock = null;
                    try {
                      lock = WarehouseLock.acquire(conf, wh, "thread-" + me, HOURS);
                      holders[round].incrementAndGet();
                    } catch (CredenceException e) {
                      if (e.exitCode() != ExitCode.LOCKED) {
                        failures[round].incrementAndGet();
                      }
                    } catch (RuntimeException e) {
                      failures[round].incrementAndGet();
                    }
                    barrier.await(30, TimeUnit.SECONDS); // everyone has tried; holders still hold
                    if (lock != null) {
                      lock.close();
                    }
                    barrier.await(30, TimeUnit.SECONDS);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      if (holders[i].get() != 1 || failures[i].get() > 0) {
        wrong.add("round " + i + ": " + holders[i].get() + " holders, " + failures[i] + " failed");
      }
    }
    System.out.println(summary("threads", rounds, wrong));
    return wrong;
  }

  static String summary(String kind, int rounds, List<String> wrong) {
    return "lock contention in "
        + kind
        + ": "
        + wrong.size()
        + " of "
        + rounds
        + " rounds wrong"
        + (wrong.isEmpty() ? "" : ", first " + wrong.get(0));
  }
}
