package io.credence.cli;

import io.credence.config.ConfigLoader;
import io.credence.config.StorageSettings;
import io.credence.error.InputErrors;
import io.credence.job.NightlyScoreJob;
import io.credence.privacy.PersonIds;
import io.credence.run.RunOutcome;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardYaml;
import io.credence.score.Tiers;
import io.credence.source.InputLocation;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The nightly job: score every person at an as-of date and publish the snapshot. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Validates the inputs, computes features, scores every person at the as-of date, checks the"
          + " quality gates and publishes the snapshot to the warehouse.",
      "Rerunning a date replaces that date's snapshot."
    })
final class ScoreCommand implements Callable<Integer> {
  @Mixin JobOptions job;

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      description = "As-of date D of the snapshot (default: today in UTC).")
  LocalDate date;

  @Option(
      names = "--force",
      description = "Publish even when a quality gate blocks; the run table records it.")
  boolean force;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ConfigLoader.Loaded loaded = job.load();
    InputLocation.requireApart(
        loaded.config().inputs().root(),
        loaded.config().warehouse(),
        StorageSettings.beforeSpark(loaded.config().storage()));
    PersonIds ids = PseudonymKeys.forRun(loaded.config().privacy());
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate asOf = date != null ? date : today;
    // A day of slack: east of UTC, the local date is a day ahead for part of the day.
    if (asOf.isAfter(today.plusDays(1))) {
      throw InputErrors.dateAhead(asOf, today);
    }
    // A scorecard or tiers the run would refuse are refused before Spark starts (15 s or more);
    // the run applies this scorecard, not a second read of its file.
    Scorecard card = ScorecardYaml.readForNightlyRun(loaded.config().scoring().scorecard());
    new Tiers(loaded.config().scoring().tiers());
    SparkSession spark =
        job.spark.session(
            "credence score " + asOf,
            loaded.config(),
            List.of(loaded.config().inputs().root(), loaded.config().warehouse()));
    NightlyScoreJob.GateMode mode =
        force ? NightlyScoreJob.GateMode.FORCE : NightlyScoreJob.GateMode.ENFORCE;
    RunOutcome summary = NightlyScoreJob.outcome(spark, loaded, card, asOf, mode, ids);
    SummaryPrinter.print(summary, loaded.config().warehouse(), spec.commandLine().getOut());
    if (summary.status() == RunOutcome.Status.BLOCKED) {
      throw NightlyScoreJob.blocked(summary, loaded.config().quality());
    }
    return 0;
  }
}
