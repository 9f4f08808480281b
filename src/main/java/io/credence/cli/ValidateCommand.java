package io.credence.cli;

import io.credence.config.ConfigLoader;
import io.credence.config.StorageSettings;
import io.credence.job.ErasureJob;
import io.credence.privacy.PersonIds;
import io.credence.publish.GateResult;
import io.credence.publish.QualityGates;
import io.credence.quality.OnePassInputs;
import io.credence.quality.RowRules;
import io.credence.run.Progress;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardYaml;
import io.credence.score.Tiers;
import io.credence.source.InputLocation;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Checks the inputs against the contract and counts what would be quarantined; writes nothing. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Checks every input dataset against the contract (schema, then row rules) at the as-of"
            + " date and prints rows read, accepted and quarantined per reason, after reading"
            + " the scorecard and tiers that score would apply. Writes nothing.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin JobOptions job;

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      description = "As-of date for the row rules (default: today in UTC).")
  LocalDate date;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ConfigLoader.Loaded loaded = job.load();
    InputLocation.requireApart(
        loaded.config().inputs().root(),
        loaded.config().warehouse(),
        StorageSettings.beforeSpark(loaded.config().storage()));
    LocalDate asOf = date != null ? date : LocalDate.now(ZoneOffset.UTC);
    // What score would refuse before reading anything, validate refuses too (exit 2).
    Scorecard card = ScorecardYaml.readForNightlyRun(loaded.config().scoring().scorecard());
    new Tiers(loaded.config().scoring().tiers());
    var spark =
        job.spark.session(
            "credence validate",
            loaded.config(),
            List.of(loaded.config().inputs().root(), loaded.config().warehouse()));
    PrintWriter out = spec.commandLine().getOut();
    String warehouse = loaded.config().warehouse();
    PersonIds ids = PseudonymKeys.forWarehouse(spark, warehouse, loaded.config().privacy());
    try (OnePassInputs inputs =
        OnePassInputs.load(
            spark,
            loaded.config().inputs().root(),
            asOf,
            loaded.config().features(),
            ErasureJob.policy(spark, warehouse, ids),
            new OnePassInputs.Plan(
                loaded.config().spark().shufflePartitions(),
                loaded.config().spark().broadcastPersonsMax(),
                true),
            Map.of(),
            new Progress())) {
      out.printf(
          "scorecard %s (%d features) and %d tiers read from %s%n",
          card.id(),
          card.features().size(),
          loaded.config().scoring().tiers().size(),
          loaded.config().scoring().scorecard());
      out.printf(
          "inputs under %s match the contract at %s%n", loaded.config().inputs().root(), asOf);
      inputs
          .datasetCounts()
          .forEach(
              (dataset, c) ->
                  out.printf(
                      "%-16s read %,d accepted %,d quarantined %,d %s%n",
                      dataset,
                      c.read(),
                      c.accepted(),
                      c.quarantined(),
                      inputs.quarantinedByReason().get(dataset)));
      // The rows follow the contract's rules, but a score of this date would still be blocked
      // when too many are quarantined: say so, with the gate's own words.
      double limit = loaded.config().quality().maxRejectRatio();
      List<GateResult> gates =
          QualityGates.rejectRatioGates(
              QualityGates.rejectRatios(inputs.datasetCounts()), loaded.config().quality());
      List<String> blocking =
          gates.stream()
              .filter(gate -> gate.outcome() == GateResult.Outcome.BLOCK)
              .map(GateResult::describe)
              .toList();
      if (blocking.isEmpty()) {
        out.printf(
            "every dataset's quarantined share is within quality.max_reject_ratio %s%n", limit);
      } else {
        out.printf(
            "score at %s would be BLOCKED (exit 3) by quality.max_reject_ratio %s:%n", asOf, limit);
        blocking.forEach(line -> out.println("  " + line));
        List<String> later =
            QualityGates.blockedOnlyByLaterRows(
                gates,
                inputs.datasetCounts(),
                inputs.quarantinedByReason(),
                loaded.config().quality());
        if (!later.isEmpty()) {
          out.printf(
              "  only because of rows dated after %s (%s) in %s: a backfill from inputs extracted"
                  + " later; score it with --force, or from inputs extracted as of %s%n",
              asOf, RowRules.FUTURE_DATE, String.join(", ", later), asOf);
        }
      }
    }
    out.flush();
    return 0;
  }
}
