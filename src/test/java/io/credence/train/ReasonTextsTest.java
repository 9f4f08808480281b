package io.credence.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.schema.Columns;
import io.credence.schema.FeatureNames;
import org.junit.jupiter.api.Test;

class ReasonTextsTest {
  @Test
  void everyNightlyFeatureHasItsOwnText() {
    assertThat(ReasonTexts.BY_FEATURE.keySet())
        .containsExactlyInAnyOrderElementsOf(FeatureNames.ALL);
    assertThat(ReasonTexts.of("employment")).isEqualTo("The value of employment");
  }

  /** pay_max_days_late_24m is the maximum of days late over the bills due in 24 months. */
  @Test
  void maxDaysLateSaysItIsTheMostDaysLate() {
    assertThat(ReasonTexts.of(Columns.PAY_MAX_DAYS_LATE_24M))
        .isEqualTo("The most days a bill due in the last 24 months was late");
  }
}
