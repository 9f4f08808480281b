package io.credence.cli;

import io.credence.config.ConfigLoader;
import io.credence.config.JobConfig;
import io.credence.config.StorageSettings;
import io.credence.error.TrainErrors;
import io.credence.job.ErasureJob;
import io.credence.job.TrainScorecardJob;
import io.credence.job.TrainTableJob;
import io.credence.privacy.PersonIds;
import io.credence.run.Progress;
import io.credence.source.InputLocation;
import io.credence.spark.LocalFileSystems;
import io.credence.train.Evaluation;
import io.credence.train.TrainConfig;
import io.credence.train.TrainedScorecard;
import io.credence.train.TrainingReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
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
      "Trains a points-table scorecard: features at one or more observation dates, labels from"
          + " the 12 months after each, binning, weight of evidence, a sign-bounded logistic"
          + " regression and points-to-double-the-odds scaling; evaluates it on an out-of-time"
          + " holdout.",
      "With --table, trains on a Parquet or Delta table with a 0/1 --label column instead"
          + " (numeric columns binned by quantiles, string columns by category).",
      "Writes <out>/<scorecard_id>/: scorecard.yaml, model/, metadata.json, report.md."
    })
final class TrainCommand implements Callable<Integer> {
  static final Path DEFAULT_CONFIG = Path.of("jobs/train-scorecard.yaml");

  @Option(
      names = "--observation-date",
      paramLabel = "YYYY-MM-DD",
      description =
          "D0: features at this date, outcomes from the 12 months after it. Repeat it to stack"
              + " several dates (default: observation_dates of the training config).")
  List<LocalDate> observationDates;

  @Option(
      names = "--holdout-date",
      paramLabel = "YYYY-MM-DD",
      description = "D1 of the out-of-time holdout (default: the latest D0 + holdout_months).")
  LocalDate holdoutDate;

  @Option(
      names = "--table",
      paramLabel = "PATH",
      converter = HomePath.AsString.class,
      description = "Train on this Parquet or Delta table instead of the inputs.")
  String table;

  @Option(
      names = "--label",
      paramLabel = "COLUMN",
      description = "The table's label column: 1 bad, 0 good (with --table).")
  String label;

  @Option(
      names = "--features",
      split = ",",
      paramLabel = "COLUMN",
      description =
          "The table's feature columns, comma-separated (default: every column but the label and"
              + " id columns: id and names ending in _id).")
  List<String> features;

  @Option(
      names = "--holdout-table",
      paramLabel = "PATH",
      converter = HomePath.AsString.class,
      description =
          "Evaluate on this table (default: a hashed share of the --table rows, see"
              + " table.holdout_share).")
  String holdoutTable;

  @Option(
      names = "--protected",
      split = ",",
      paramLabel = "COLUMN",
      description =
          "The table's columns holding protected attributes besides those with a protected name"
              + " (age, sex, ...): never features, compared with every kept feature to find"
              + " likely proxies (default: proxy.protected_columns of the training config; with"
              + " --table).")
  List<String> protectedColumns;

  @Option(
      names = "--allow-proxy",
      split = ",",
      paramLabel = "COLUMN",
      description =
          "Keep these features although the proxy check flags them (by name or by association"
              + " with a protected column); the report lists them as allowed proxies (with"
              + " --table).")
  List<String> allowProxies;

  @Option(
      names = "--data-as-of",
      paramLabel = "YYYY-MM-DD",
      description =
          "E, the date the inputs run to (default: their latest date, the latest order, payment,"
              + " court or dispute date on or before today in UTC). Every outcome window must end"
              + " by E and by the inputs' latest date.")
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

  @Option(
      names = "--input",
      paramLabel = "DIR",
      converter = HomePath.AsString.class,
      description = "Overrides inputs.root (a leading ~ is your home).")
  String input;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "models",
      converter = HomePath.AsString.class,
      description =
          "Local folder of trained scorecards, a path or a file: URI (a file: URI when"
              + " fs.defaultFS is not local; default: ${DEFAULT-VALUE}).")
  String out;

  @Mixin SparkOptions sparkOptions;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    TrainConfig train = TrainConfig.load(orDefault(config, DEFAULT_CONFIG));
    JobConfig job = jobConfig();
    Path folder = localOut(out, StorageSettings.beforeSpark(job.storage()));
    // The nearest of --out and the folders above it that exists must be a folder.
    for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw TrainErrors.outNotFolder(out, p);
        }
        break;
      }
    }
    TrainedScorecard result =
        table != null ? trainOnTable(train, job, folder) : trainOnInputs(train, job, folder);
    print(result, spec.commandLine().getOut());
    return 0;
  }

  /**
   * The local folder {@code out} names ({@link LocalOut}): train writes the scorecard's YAML, its
   * report and MLlib's model there, and score reads the YAML from the local disk. Exit 2 for
   * another file system, or for a path without a scheme when {@code hadoop}'s default file system
   * is not the local one (the model went there, the YAML to the local disk).
   */
  static Path localOut(String out, Configuration hadoop) {
    return LocalOut.of(out, hadoop, TrainErrors::outNotLocal);
  }

  private TrainedScorecard trainOnInputs(TrainConfig train, JobConfig job, Path folder) {
    if (label != null
        || features != null
        || holdoutTable != null
        || protectedColumns != null
        || allowProxies != null) {
      throw TrainErrors.sourceUsage(
          "--label, --features, --holdout-table, --protected and --allow-proxy need --table");
    }
    List<LocalDate> dates = observationDates != null ? observationDates : train.dates();
    if (dates.isEmpty()) {
      throw TrainErrors.sourceUsage(
          "training from the inputs needs an observation date: pass --observation-date (or list"
              + " observation_dates in the training config), or train on a table with --table");
    }
    Configuration hadoop = StorageSettings.beforeSpark(job.storage());
    InputLocation.requireApart(job.inputs().root(), job.warehouse(), hadoop);
    if (InputLocation.within(LocalFileSystems.sparkPath(folder), job.inputs().root(), hadoop)) {
      throw TrainErrors.outInsideInputs(out, job.inputs().root());
    }
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    // A day of slack, as score allows: east of UTC, the local date is a day ahead for part of it.
    if (dataAsOf != null && dataAsOf.isAfter(today.plusDays(1))) {
      throw TrainErrors.dataAsOfAhead(dataAsOf, today);
    }
    LocalDate latest = dates.stream().max(LocalDate::compareTo).orElseThrow();
    LocalDate d1 = holdoutDate != null ? holdoutDate : latest.plusMonths(train.holdoutMonths());
    SparkSession session =
        sparkOptions.session(
            "credence train " + latest, job, List.of(job.inputs().root(), job.warehouse()));
    PersonIds ids = PseudonymKeys.forWarehouse(session, job.warehouse(), job.privacy());
    TrainScorecardJob.Request request =
        new TrainScorecardJob.Request(
            job.inputs().root(),
            job.features(),
            job.eligibility(),
            train,
            dates,
            d1,
            dataAsOf,
            folder,
            job.spark().shufflePartitions(),
            ErasureJob.policy(session, job.warehouse(), ids));
    return TrainScorecardJob.run(session, request, new Progress());
  }

  private TrainedScorecard trainOnTable(TrainConfig train, JobConfig job, Path folder) {
    if (label == null) {
      throw TrainErrors.sourceUsage("--table needs --label, the table's 0/1 label column");
    }
    if (observationDates != null || holdoutDate != null || dataAsOf != null || input != null) {
      throw TrainErrors.sourceUsage(
          "--observation-date, --holdout-date, --data-as-of and --input train from the inputs;"
              + " leave them out with --table (use --holdout-table for a holdout)");
    }
    TrainTableJob.Request request =
        new TrainTableJob.Request(
            table,
            label,
            features,
            holdoutTable,
            train,
            folder,
            job.spark().shufflePartitions(),
            protectedColumns,
            allowProxies);
    SparkSession session =
        sparkOptions.session("credence train --table", job, Arrays.asList(table, holdoutTable));
    return TrainTableJob.run(session, request, new Progress());
  }

  private JobConfig jobConfig() {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (input != null) {
      overrides.put("inputs.root", input);
    }
    return ConfigLoader.load(orDefault(jobConfig, JobOptions.DEFAULT_CONFIG), overrides).config();
  }

  private static Path orDefault(Path given, Path fallback) {
    return given != null ? given : (Files.exists(fallback) ? fallback : null);
  }

  private static void print(TrainedScorecard result, PrintWriter out) {
    TrainingReport r = result.report();
    out.println("trained scorecard " + r.scorecardId());
    TrainingReport.Sample s = r.sample();
    s.observationDates()
        .forEach(
            d ->
                out.println(
                    f("observation date %s: rows %d, bads %d", d.date(), d.rows(), d.bads())));
    if (s.dataAsOf() != null) {
      out.println(
          "data as of "
              + s.dataAsOf()
              + " (latest date in the inputs "
              + s.latestInputDate()
              + ")");
    }
    out.println("holdout: " + s.holdout());
    out.println("kept features (IV):");
    r.kept().forEach(k -> out.println(f("  %-28s %.4f", k.feature(), k.iv())));
    out.println("dropped features (IV under " + r.config().binning().minIv() + "):");
    r.dropped().forEach(d -> out.println(f("  %-28s %.4f", d.feature(), d.iv())));
    if (r.proxies() != null) {
      r.proxies()
          .allowed()
          .forEach(
              a ->
                  out.println(
                      "warning: "
                          + a.feature()
                          + " is a likely proxy of a protected attribute, kept by --allow-proxy: "
                          + a.reason()));
    }
    metrics(out, "train  ", r.train());
    metrics(out, "holdout" + (s.holdoutDate() == null ? "" : " " + s.holdoutDate()), r.holdout());
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
