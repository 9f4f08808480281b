package io.credence.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparkSessionsTest {
  @Test
  void consoleProgressBarOnlyInATerminal() {
    assertThat(SparkSessions.consoleProgress(SparkSessions.Output.TERMINAL, null))
        .isEqualTo("true");
    assertThat(SparkSessions.consoleProgress(SparkSessions.Output.REDIRECTED, null))
        .isEqualTo("false");
  }

  @Test
  void consoleProgressSetBySparkSubmitWins() {
    assertThat(SparkSessions.consoleProgress(SparkSessions.Output.REDIRECTED, "true"))
        .isEqualTo("true");
    assertThat(SparkSessions.consoleProgress(SparkSessions.Output.TERMINAL, "false"))
        .isEqualTo("false");
  }
}
