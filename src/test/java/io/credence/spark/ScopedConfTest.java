package io.credence.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import org.apache.spark.sql.RuntimeConfig;
import org.junit.jupiter.api.Test;

class ScopedConfTest extends SparkTestBase {
  private static final String UNSET = "credence.test.scoped-conf";

  @Test
  void restoresWhatWasSetAndUnsetsWhatWasNot() {
    RuntimeConfig conf = spark().conf();
    String partitions = conf.get(SparkSessions.SHUFFLE_PARTITIONS);
    assertThat(conf.contains(UNSET)).isFalse();
    try (ScopedConf scoped =
        ScopedConf.set(spark(), SparkSessions.SHUFFLE_PARTITIONS, 13).and(UNSET, "x")) {
      assertThat(conf.get(SparkSessions.SHUFFLE_PARTITIONS)).isEqualTo("13");
      assertThat(conf.get(UNSET)).isEqualTo("x");
    }
    assertThat(conf.get(SparkSessions.SHUFFLE_PARTITIONS)).isEqualTo(partitions);
    assertThat(conf.contains(UNSET)).isFalse();
  }

  @Test
  void aKeySetTwiceInOneScopeGetsItsFirstValueBack() {
    RuntimeConfig conf = spark().conf();
    String partitions = conf.get(SparkSessions.SHUFFLE_PARTITIONS);
    try (ScopedConf scoped =
        ScopedConf.set(spark(), SparkSessions.SHUFFLE_PARTITIONS, 13)
            .and(SparkSessions.SHUFFLE_PARTITIONS, 17)) {
      assertThat(conf.get(SparkSessions.SHUFFLE_PARTITIONS)).isEqualTo("17");
    }
    assertThat(conf.get(SparkSessions.SHUFFLE_PARTITIONS)).isEqualTo(partitions);
  }
}
