package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Spark settings the job applies to its session.
 *
 * @param shufflePartitions spark.sql.shuffle.partitions for the run, and the most person_id ranges
 *     (and files per table) it lays its rows out in; the nightly run takes fewer for small inputs
 *     (see {@link io.credence.quality.OnePassInputs.Plan#fittedTo})
 * @param broadcastPersonsMax the largest population whose ids are broadcast to every task to check
 *     the records' person ids; above it the check joins hashes of narrow keys partitioned across
 *     tasks, and no task holds every id
 */
public record SparkConfig(
    @JsonProperty("shuffle_partitions") int shufflePartitions,
    @JsonProperty("broadcast_persons_max") long broadcastPersonsMax) {
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
  }
}
