package io.credence.reliability;

import io.credence.cli.Main;
import io.credence.spark.SparkSessions;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a credence command line in-process on a master that retries tasks (default {@code
 * local[2,4]}: four attempts per task) with {@link FlakyFileSystem} registered, so inputs under
 * {@code flaky:///...} fail the first attempt of some tasks. Prints how many failures were injected
 * and how many task attempts failed; exits 0 only when the command succeeded after at least one
 * failed attempt. Used by {@code scripts/crash-test}:
 *
 * <pre>java -cp ... io.credence.reliability.FlakyScoreRun score --input flaky:///abs/in ...</pre>
 */
public final class FlakyScoreRun {
  private FlakyScoreRun() {}

  /** Counts task attempts that failed with an exception (killed or lost ones aside). */
  private static final class FailedTasks extends SparkListener {
    final AtomicInteger failed = new AtomicInteger();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.reason() instanceof ExceptionFailure) {
        failed.incrementAndGet();
      }
    }
  }

  /** Runs {@code credence args...}; see the class comment. */
  public static void main(String[] args) throws InterruptedException {
    String master = System.getProperty("credence.flaky.master", "local[2,4]");
    System.setProperty(
        "spark.hadoop.fs." + FlakyFileSystem.SCHEME + ".impl", FlakyFileSystem.class.getName());
    SparkSession spark =
        SparkSessions.getOrCreate("credence flaky run", master, SparkSessions.Output.REDIRECTED);
    FailedTasks listener = new FailedTasks();
    spark.sparkContext().addSparkListener(listener);
    int code = Main.execute(args);
    // Listener events arrive asynchronously: wait (bounded) until every injected failure is seen.
    for (int i = 0; i < 600 && listener.failed.get() < FlakyFileSystem.injected(); i++) {
      Thread.sleep(100);
    }
    int injected = FlakyFileSystem.injected();
    int failed = listener.failed.get();
    System.out.printf(
        "flaky-run: master %s, exit %d, injected failures %d, failed task attempts %d%n",
        master, code, injected, failed);
    spark.stop();
    System.exit(code == 0 && injected > 0 && failed >= injected ? 0 : 1);
  }
}
