package io.credence.cli;

import io.credence.config.ConfigLoader;
import io.credence.config.MaintenanceConfig;
import io.credence.job.MaintenanceJob;
import io.credence.publish.Table;
import io.credence.run.Progress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Housekeeping: vacuums every output table with the configured retention. */
@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Vacuums every output table in the warehouse: deletes the data files that no table version"
          + " of the retention window needs. Time travel (versionAsOf, timestampAsOf) keeps"
          + " working inside the window.",
      "The retention is maintenance.retention_hours (default 168, 7 days); less than "
          + MaintenanceConfig.MIN_RETENTION_HOURS
          + " hours is refused. scores_current keeps 168 hours whatever the retention: its log"
          + " names persons (as files' first and last ids), and an erased person's must age out"
          + " within a week."
    })
final class MaintainCommand implements Callable<Integer> {
  @Mixin JobOptions job;

  @Option(
      names = "--retention-hours",
      paramLabel = "HOURS",
      description = "Overrides maintenance.retention_hours (at least 168).")
  Integer retentionHours;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ConfigLoader.Loaded loaded =
        job.load(
            retentionHours == null
                ? Map.of()
                : Map.of("maintenance.retention_hours", retentionHours.toString()));
    MaintenanceConfig config = loaded.config().maintenance();
    SparkSession spark =
        job.spark.session(
            "credence maintain", loaded.config(), List.of(loaded.config().warehouse()));
    String warehouse = loaded.config().warehouse();
    Map<String, Long> removed = MaintenanceJob.run(spark, warehouse, config, new Progress());
    spec.commandLine()
        .getOut()
        .printf(
            "vacuumed %s under %s, keeping %d hours of history; files and folders deleted: %s%n",
            String.join(", ", removed.keySet()),
            warehouse,
            config.retentionHours(),
            removed.entrySet().stream()
                .map(table -> table.getKey() + " " + table.getValue())
                .collect(Collectors.joining(", ")));
    int currentHours = MaintenanceJob.retentionHours(Table.SCORES_CURRENT, config.retentionHours());
    if (removed.containsKey(Table.SCORES_CURRENT.tableName())
        && currentHours != config.retentionHours()) {
      spec.commandLine()
          .getOut()
          .printf(
              "scores_current keeps %d hours: its log names persons, and an erased person's ids"
                  + " must age out within a week%n",
              currentHours);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
