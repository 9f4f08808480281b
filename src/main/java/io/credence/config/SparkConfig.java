package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Spark settings the job applies to its session.
 *
 * @param shufflePartitions spark.sql.shuffle.partitions for the run, and the most person_id ranges
 *     (and files per table) it lays its rows out in; the nightly run takes fewer for small inputs
 *     (see {@link io.credence.quality.OnePassInputs.Plan#fittedTo})
 * @param broadcastPersonsMax the largest population whose ids are broadcast to every task to check
 *     the records' person ids; above it the check joins hashes of narrow keys partitioned across
 *     tasks, and no task holds every id
 * @param executorWaitMinutes how long, on a cluster master, the command's Spark jobs may wait
 *     without a single live executor before it cancels them and fails (0: wait forever, as Spark
 *     does); see {@link io.credence.spark.ExecutorWait}
 */
public record SparkConfig(
    @JsonProperty("shuffle_partitions") int shufflePartitions,
    @JsonProperty("broadcast_persons_max") long broadcastPersonsMax,
    @JsonProperty("executor_wait_minutes") int executorWaitMinutes) {

  /** The key of {@link #executorWaitMinutes}, as error messages name it. */
  public static final String EXECUTOR_WAIT_KEY = "spark.executor_wait_minutes";

  /** The most {@link #executorWaitMinutes} may be: a day, beyond any run's normal length. */
  static final int MAX_EXECUTOR_WAIT_MINUTES = 1440;

  public SparkConfig {
    ConfigException.require(
        broadcastPersonsMax >= 0,
        "spark.broadcast_persons_max",
        broadcastPersonsMax,
        "0 or more (0: never broadcast the population)");
    ConfigException.require(
        shufflePartitions >= 1 && shufflePartitions <= 100_000,
        "spark.shuffle_partitions",
        shufflePartitions,
        "1 to 100000");
    ConfigException.require(
        executorWaitMinutes >= 0 && executorWaitMinutes <= MAX_EXECUTOR_WAIT_MINUTES,
        EXECUTOR_WAIT_KEY,
        executorWaitMinutes,
        "0 to " + MAX_EXECUTOR_WAIT_MINUTES + " minutes (0: wait for executors forever)");
  }

  /** {@link #executorWaitMinutes} as a duration; zero for no bound. */
  public Duration executorWait() {
    return Duration.ofMinutes(executorWaitMinutes);
  }
}
