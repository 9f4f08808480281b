package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Spark settings the job applies to its session.
 *
 * @param shufflePartitions spark.sql.shuffle.partitions for the run
 */
public record SparkConfig(@JsonProperty("shuffle_partitions") int shufflePartitions) {
  public SparkConfig {
    ConfigException.require(
        shufflePartitions >= 1 && shufflePartitions <= 100_000,
        "spark.shuffle_partitions",
        shufflePartitions,
        "1 to 100000");
  }
}
