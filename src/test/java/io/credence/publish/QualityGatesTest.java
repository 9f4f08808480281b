package io.credence.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.credence.config.QualityConfig;
import io.credence.run.DatasetCount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityGatesTest {
  private static final QualityConfig CONFIG = new QualityConfig(0.05, 0.10, 0.40, 0.10, 0.25);

  @Test
  void psiOfIdenticalDistributionsIsZero() {
    assertThat(QualityGates.psi(new long[] {10, 20, 30}, new long[] {1, 2, 3}))
        .isCloseTo(0.0, within(1e-12));
  }

  @Test
  void psiMatchesHandComputedValue() {
    // shares 0.5/0.5 against 0.25/0.75: (0.25-0.5)ln(0.5) + (0.75-0.5)ln(1.5)
    double expected = -0.25 * Math.log(0.5) + 0.25 * Math.log(1.5);
    assertThat(QualityGates.psi(new long[] {50, 50}, new long[] {25, 75}))
        .isCloseTo(expected, within(1e-12));
  }

  @Test
  void psiIsNullWithoutAPreviousDistribution() {
    assertThat(QualityGates.psi(new long[] {0, 0}, new long[] {1, 1})).isNull();
  }

  @Test
  void blocksOnHighRejectRatioOnly() {
    var results =
        QualityGates.evaluate(
            new QualityGates.Measured(Map.of("payments", 0.051), null, 0.1, null), CONFIG);
    assertThat(QualityGates.blocks(results)).isTrue();
    assertThat(results)
        .filteredOn(r -> r.outcome() == GateResult.Outcome.BLOCK)
        .extracting(GateResult::gate)
        .containsExactly("reject_ratio.payments");
  }

  @Test
  void warnsBetweenPsiLimitsAndBlocksAbove() {
    var warn = QualityGates.evaluate(new QualityGates.Measured(Map.of(), 0.0, 0.1, 0.2), CONFIG);
    assertThat(QualityGates.blocks(warn)).isFalse();
    assertThat(warn).extracting(GateResult::outcome).contains(GateResult.Outcome.WARN);
    var block = QualityGates.evaluate(new QualityGates.Measured(Map.of(), 0.0, 0.1, 0.26), CONFIG);
    assertThat(QualityGates.blocks(block)).isTrue();
  }

  @Test
  void skipsComparisonsOnFirstRun() {
    var results =
        QualityGates.evaluate(new QualityGates.Measured(Map.of(), null, 0.1, null), CONFIG);
    assertThat(results)
        .filteredOn(r -> r.gate().equals("population_change") || r.gate().equals("score_psi"))
        .extracting(GateResult::outcome)
        .containsOnly(GateResult.Outcome.SKIPPED);
    assertThat(QualityGates.blocks(results)).isFalse();
  }

  @Test
  void blocksOnPopulationChangeAndUnscorableShare() {
    var results =
        QualityGates.evaluate(new QualityGates.Measured(Map.of(), 0.11, 0.41, 0.0), CONFIG);
    assertThat(results)
        .filteredOn(r -> r.outcome() == GateResult.Outcome.BLOCK)
        .extracting(GateResult::gate)
        .containsExactly("population_change", "unscorable_share");
  }

  @Test
  void aBackfillIsBlockedOnlyByRowsDatedAfterItsDate() {
    Map<String, DatasetCount> counts =
        Map.of(
            "payments", new DatasetCount(1000, 900, 100),
            "court_records", new DatasetCount(100, 99, 1));
    var gates =
        QualityGates.evaluate(
            new QualityGates.Measured(QualityGates.rejectRatios(counts), 0.0, 0.1, null), CONFIG);
    // 100 of 1,000 payments quarantined, 60 of them dated after the date: 40 left, 4 % < 5 %.
    Map<String, Map<String, Long>> laterMostly =
        Map.of("payments", Map.of("future_date", 60L, "negative_amount", 40L));
    assertThat(QualityGates.blockedOnlyByLaterRows(gates, counts, laterMostly, CONFIG))
        .containsExactly("payments");
    // 51 left without them: 5.1 % still blocks, so it is not only the later rows.
    Map<String, Map<String, Long>> otherRows =
        Map.of("payments", Map.of("future_date", 49L, "negative_amount", 51L));
    assertThat(QualityGates.blockedOnlyByLaterRows(gates, counts, otherRows, CONFIG)).isEmpty();
    // No row dated after the date at all.
    assertThat(
            QualityGates.blockedOnlyByLaterRows(
                gates, counts, Map.of("payments", Map.of("negative_amount", 100L)), CONFIG))
        .isEmpty();
    // Another gate blocking beside it: --force would override that one too, so no backfill hint.
    var withPsi =
        QualityGates.evaluate(
            new QualityGates.Measured(QualityGates.rejectRatios(counts), 0.0, 0.1, 0.9), CONFIG);
    assertThat(QualityGates.blockedOnlyByLaterRows(withPsi, counts, laterMostly, CONFIG)).isEmpty();
    // Nothing blocks: nothing to explain.
    var passing =
        QualityGates.evaluate(
            new QualityGates.Measured(Map.of("payments", 0.01), 0.0, 0.1, null), CONFIG);
    assertThat(QualityGates.blockedOnlyByLaterRows(passing, counts, laterMostly, CONFIG))
        .isEqualTo(List.of());
  }
}
