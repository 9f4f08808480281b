package io.credence.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the bytes and records tasks write to shuffle files (Spark's own task metrics, summed over
 * finished tasks), so that a run's data movement can be reported per input row.
 */
final class ShuffleBytes extends SparkListener {
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong records = new AtomicLong();

  /** A counter registered with {@code spark}'s listener bus. */
  static ShuffleBytes register(SparkSession spark) {
    ShuffleBytes counter = new ShuffleBytes();
    spark.sparkContext().addSparkListener(counter);
    return counter;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.taskMetrics() != null) {
      bytes.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
      records.addAndGet(end.taskMetrics().shuffleWriteMetrics().recordsWritten());
    }
  }

  /** Bytes and records written since the last reset; waits for the listener bus to catch up. */
  Counts take(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain in a minute", e);
    }
    return new Counts(bytes.getAndSet(0), records.getAndSet(0));
  }

  /** Shuffle bytes and records written. */
  record Counts(long bytes, long records) {}
}
