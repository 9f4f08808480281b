package io.credence.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.spark.ScopedConf;
import org.apache.spark.sql.internal.SQLConf;
import org.junit.jupiter.api.Test;

/**
 * How many shuffle partitions a run's passes take for inputs of a given size ({@link
 * OnePassInputs.Plan#fittedTo}): Spark's rule for coalescing a shuffle of that size, at most the
 * configured number. The test session runs local[2] (a default parallelism of 2) with the
 * production session's 16-MB advisory partition size.
 */
class OnePassPlanTest extends SparkTestBase {
  private static final long MB = 1L << 20;
  // The settings Plan#fittedTo reads, by the keys of Spark's own entries.
  private static final String ADAPTIVE = SQLConf.ADAPTIVE_EXECUTION_ENABLED().key();
  private static final String COALESCE = SQLConf.COALESCE_PARTITIONS_ENABLED().key();
  private static final String PARALLELISM_FIRST =
      SQLConf.COALESCE_PARTITIONS_PARALLELISM_FIRST().key();
  private static final String MIN_NUMBER = SQLConf.COALESCE_PARTITIONS_MIN_PARTITION_NUM().key();
  private static final String MIN_SIZE = SQLConf.COALESCE_PARTITIONS_MIN_PARTITION_SIZE().key();

  private static int fitted(int partitions, long bytes) {
    return new OnePassInputs.Plan(partitions, 7L, true).fittedTo(spark(), bytes).partitions();
  }

  @Test
  void smallInputsGetFewerPartitionsAndLargeOnesTheConfiguredNumber() {
    assertThat(fitted(8, 0)).isEqualTo(1);
    assertThat(fitted(8, 600 * 1024)).as("under the 1-MB minimum partition").isEqualTo(1);
    // Spread over the 2 cores: 1.6 MB partitions.
    assertThat(fitted(8, 3_200_000)).isEqualTo(2);
    // Partitions of the 16-MB advisory size once the cores are busy.
    assertThat(fitted(8, 100 * MB)).isEqualTo(7);
    assertThat(fitted(8, 1_400 * MB)).as("capped at the configured number").isEqualTo(8);
    assertThat(fitted(50, 1_400 * MB)).isEqualTo(50);
    assertThat(fitted(8, Long.MAX_VALUE)).as("a size Spark could not estimate").isEqualTo(8);
    OnePassInputs.Plan plan = new OnePassInputs.Plan(8, 7L, true).fittedTo(spark(), 0);
    assertThat(plan.broadcastPersonsMax()).isEqualTo(7L);
    assertThat(plan.fitToInputs()).as("a fitted plan is fitted once").isFalse();
  }

  @Test
  void sparksCoalescingSettingsAreHonoured() {
    try (ScopedConf c = ScopedConf.set(spark(), PARALLELISM_FIRST, false)) {
      // The advisory size alone: 3.2 MB is one partition, 100 MB seven.
      assertThat(fitted(8, 3_200_000)).isEqualTo(1);
      assertThat(fitted(8, 100 * MB)).isEqualTo(7);
    }
    try (ScopedConf c = ScopedConf.set(spark(), MIN_NUMBER, 4).and(MIN_SIZE, "64k")) {
      assertThat(fitted(8, 3_200_000)).isEqualTo(4);
    }
    try (ScopedConf c = ScopedConf.set(spark(), MIN_SIZE, "4m")) {
      assertThat(fitted(8, 3_200_000)).isEqualTo(1);
    }
  }

  @Test
  void withoutAdaptiveCoalescingOrFittingThePlanIsExact() {
    try (ScopedConf c = ScopedConf.set(spark(), COALESCE, false)) {
      assertThat(fitted(8, 0)).isEqualTo(8);
    }
    try (ScopedConf c = ScopedConf.set(spark(), ADAPTIVE, false)) {
      assertThat(fitted(8, 0)).isEqualTo(8);
    }
    assertThat(new OnePassInputs.Plan(8, 7L).fittedTo(spark(), 0).partitions()).isEqualTo(8);
  }
}
