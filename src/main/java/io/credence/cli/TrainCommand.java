package io.credence.cli;

import io.credence.config.ConfigLoader;
import io.credence.config.JobConfig;
import io.credence.job.Progress;
import io.credence.job.TrainScorecardJob;
import io.credence.train.Evaluation;
import io.credence.train.TrainConfig;
import io.credence.train.TrainingReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains a scorecard with MLlib and writes it, its model and its report to a versioned folder. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a points-table scorecard: features at the observation date, labels from the 12"
          + " months after it, binning, weight of evidence, a sign-bounded logistic regression and"
          + " points-to-double-the-odds scaling; evaluates it on an out-of-time holdout.",
      "Writes <out>/<scorecard_id>/: scorecard.yaml, model/, metadata.json, report.md."
    })
final class TrainCommand implements Callable<Integer> {
  static final Path DEFAULT_CONFIG = Path.of("jobs/train-scorecard.yaml");

  @Option(
      names = "--observation-date",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "D0: features at this date, outcomes from the 12 months after it.")
  LocalDate observationDate;

  @Option(
      names = "--holdout-date",
      paramLabel = "YYYY-MM-DD",
      description = "D1 of the out-of-time holdout (default: D0 + holdout_months).")
  LocalDate holdoutDate;

  @Option(
      names = "--data-as-of",
      paramLabel = "YYYY-MM-DD",
      description = "E, the as-of date of the inputs (default: today in UTC).")
  LocalDate dataAsOf;

  @Option(
      names = "--config",
      paramLabel = "YAML",
      description = "Training config (default: jobs/train-scorecard.yaml when present).")
  Path config;

  @Option(
      names = "--job-config",
      paramLabel = "YAML",
      description =
          "Job config for inputs, feature windows and eligibility"
              + " (default: jobs/nightly-score.yaml when present).")
  Path jobConfig;

  @Option(names = "--input", paramLabel = "DIR", description = "Overrides inputs.root.")
  String input;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "models",
      description = "Folder of trained scorecards (default: ${DEFAULT-VALUE}).")
  Path out;

  @Mixin SparkOptions sparkOptions;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    TrainConfig train = TrainConfig.load(orDefault(config, DEFAULT_CONFIG));
    Map<String, String> overrides = new LinkedHashMap<>();
    if (input != null) {
      overrides.put("inputs.root", input);
    }
    JobConfig job =
        ConfigLoader.load(orDefault(jobConfig, JobOptions.DEFAULT_CONFIG), overrides).config();
    LocalDate e = dataAsOf != null ? dataAsOf : LocalDate.now(ZoneOffset.UTC);
    LocalDate d1 =
        holdoutDate != null ? holdoutDate : observationDate.plusMonths(train.holdoutMonths());
    TrainScorecardJob.Request request =
        new TrainScorecardJob.Request(
            job.inputs().root(),
            job.features(),
            job.eligibility(),
            train,
            observationDate,
            d1,
            e,
            out,
            job.spark().shufflePartitions());
    SparkSession session = sparkOptions.session("credence train " + observationDate);
    TrainScorecardJob.Result result = TrainScorecardJob.run(session, request, new Progress());
    print(result, spec.commandLine().getOut());
    return 0;
  }

  private static Path orDefault(Path given, Path fallback) {
    return given != null ? given : (Files.exists(fallback) ? fallback : null);
  }

  private static void print(TrainScorecardJob.Result result, PrintWriter out) {
    TrainingReport r = result.report();
    out.println("trained scorecard " + r.scorecardId());
    out.println("kept features (IV):");
    r.kept().forEach(k -> out.println(f("  %-28s %.4f", k.feature(), k.iv())));
    out.println("dropped features (IV under " + r.config().binning().minIv() + "):");
    r.dropped().forEach(d -> out.println(f("  %-28s %.4f", d.feature(), d.iv())));
    metrics(out, "train   " + r.observationDate(), r.train());
    metrics(out, "holdout " + r.holdoutDate(), r.holdout());
    out.println(f("PSI train vs holdout: %.4f", r.psi()));
    out.println("written to " + result.directory());
    out.flush();
  }

  private static void metrics(PrintWriter out, String name, Evaluation.Metrics m) {
    out.println(
        f(
            "%s: rows %d, bad rate %.4f, AUC %.4f, Gini %.4f, KS %.4f",
            name, m.rows(), m.badRate(), m.auc(), m.gini(), m.ks()));
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
