package io.credence.publish;

import io.credence.config.QualityConfig;
import io.credence.quality.RowRules;
import io.credence.run.DatasetCount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write-audit-publish gates: measured values of a candidate snapshot against the configured
 * limits. Pure: the job measures, this decides.
 */
public final class QualityGates {
  private QualityGates() {}

  /** Values measured on a candidate snapshot. Null means "no previous snapshot to compare". */
  public record Measured(
      Map<String, Double> rejectRatioByDataset,
      Double populationChange,
      double unscorableShare,
      Double psi) {}

  /** Per dataset, quarantined rows over rows read (0 for a dataset with no rows), in its order. */
  public static Map<String, Double> rejectRatios(Map<String, DatasetCount> counts) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    counts.forEach(
        (dataset, c) ->
            ratios.put(dataset, c.read() == 0 ? 0.0 : c.quarantined() / (double) c.read()));
    return ratios;
  }

  /** The reject-ratio gate of each dataset, in its order. */
  public static List<GateResult> rejectRatioGates(
      Map<String, Double> ratios, QualityConfig config) {
    List<GateResult> results = new ArrayList<>();
    ratios.forEach(
        (dataset, ratio) ->
            results.add(
                GateResult.measure(
                    "reject_ratio." + dataset, ratio, null, config.maxRejectRatio())));
    return results;
  }

  /** Every gate's result, in a fixed order. */
  public static List<GateResult> evaluate(Measured m, QualityConfig config) {
    List<GateResult> results = new ArrayList<>(rejectRatioGates(m.rejectRatioByDataset(), config));
    results.add(
        GateResult.measure(
            "population_change", m.populationChange(), null, config.maxPopulationChange()));
    results.add(
        GateResult.measure(
            "unscorable_share", m.unscorableShare(), null, config.maxUnscorableShare()));
    results.add(GateResult.measure("score_psi", m.psi(), config.psiWarn(), config.psiBlock()));
    return results;
  }

  /**
   * The datasets whose reject ratio blocks only because of rows dated after the as-of date, when
   * such datasets are all that blocks: without those rows every gate that blocks would pass. This
   * is what scoring an earlier date from inputs extracted later (a backfill) looks like, since the
   * contract quarantines the records the date must not count. Empty when anything else blocks.
   */
  public static List<String> blockedOnlyByLaterRows(
      List<GateResult> gates,
      Map<String, DatasetCount> counts,
      Map<String, Map<String, Long>> quarantinedByReason,
      QualityConfig config) {
    List<String> datasets = new ArrayList<>();
    for (GateResult gate : gates) {
      if (gate.outcome() != GateResult.Outcome.BLOCK) {
        continue;
      }
      String dataset = gate.gate().substring(gate.gate().indexOf('.') + 1);
      DatasetCount c = counts.get(dataset);
      if (!gate.gate().startsWith("reject_ratio.") || c == null) {
        return List.of();
      }
      long later =
          quarantinedByReason
              .getOrDefault(dataset, Map.of())
              .getOrDefault(RowRules.FUTURE_DATE, 0L);
      long others = c.quarantined() - later;
      if (later == 0 || others / (double) c.read() > config.maxRejectRatio()) {
        return List.of();
      }
      datasets.add(dataset);
    }
    return datasets;
  }

  /** Whether any gate blocks publication. */
  public static boolean blocks(List<GateResult> results) {
    return results.stream().anyMatch(r -> r.outcome() == GateResult.Outcome.BLOCK);
  }

  /**
   * Population stability index of two histograms over the same bands: sum over bands of (a - e) *
   * ln(a / e) with a and e the shares of each band; empty bands get a share of 1e-4 so that the
   * index stays finite. Null when either side is empty.
   */
  public static Double psi(long[] expected, long[] actual) {
    long totalE = java.util.Arrays.stream(expected).sum();
    long totalA = java.util.Arrays.stream(actual).sum();
    if (totalE == 0 || totalA == 0) {
      return null;
    }
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i] / (double) totalE, 1e-4);
      double a = Math.max(actual[i] / (double) totalA, 1e-4);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }
}
