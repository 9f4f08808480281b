package io.credence.cli;

import io.credence.config.ConfigLoader;
import io.credence.report.ReportModel;
import io.credence.report.RunReport;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Rewrites the run report of a published snapshot from the warehouse tables. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the HTML run report of the snapshot published for a date to"
          + " <warehouse>/reports/score-report-<date>.html, from the warehouse tables alone (the"
          + " inputs are not needed). `score` writes it after each publish; this rewrites it.",
      "Shows the score distribution against the previous snapshot, tiers, PSI and gates, the most"
          + " frequent reason codes, quarantine, fairness monitoring by region and age band, and"
          + " stage timings.",
      "After erasures made since the run, the page and this command say so: the run's recorded"
          + " counts stay as it measured them, while the figures read from the person tables no"
          + " longer hold the erased persons' rows.",
      "When a later run of the date was BLOCKED or FAILED, the page and this command name it"
          + " and its message: the page still shows the snapshot the published run wrote."
    })
final class ReportCommand implements Callable<Integer> {
  @Mixin JobOptions job;

  @Option(
      names = "--date",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "Snapshot date; its latest PUBLISHED run is reported.")
  LocalDate date;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ConfigLoader.Loaded loaded = job.load();
    SparkSession spark =
        job.spark.session(
            "credence report " + date, loaded.config(), List.of(loaded.config().warehouse()));
    String warehouse = loaded.config().warehouse();
    ReportModel model = RunReport.model(spark, warehouse, date, loaded.config().report());
    String path = RunReport.write(spark, warehouse, model);
    spec.commandLine().getOut().println("report: " + path);
    if (model.laterRunNote() != null) {
      spec.commandLine().getOut().println("note: " + model.laterRunNote());
    }
    if (model.erasureNote() != null) {
      spec.commandLine().getOut().println("note: " + model.erasureNote());
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
