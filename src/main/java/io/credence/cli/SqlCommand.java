package io.credence.cli;

import io.credence.config.ConfigLoader;
import io.credence.error.ErrorText;
import io.credence.error.WarehouseErrors;
import io.credence.publish.Warehouse;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs an analyst's Spark SQL query over the output tables, registered as views. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a Spark SQL query over the warehouse tables, which are registered as temporary views"
          + " named after them: features, score_snapshots, scores_current, quarantine, runs, monitoring.",
      "Example: credence sql \"SELECT tier, count(*) FROM scores_current GROUP BY tier\""
    })
final class SqlCommand implements Callable<Integer> {
  @Mixin JobOptions job;

  @Parameters(index = "0", paramLabel = "QUERY", description = "A Spark SQL query.")
  String query;

  @Option(
      names = "--limit",
      defaultValue = "100",
      description = "Rows printed at most (default ${DEFAULT-VALUE}).")
  int limit;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ConfigLoader.Loaded loaded = job.load();
    SparkSession spark = job.spark.session("credence sql", loaded.config().storage());
    List<String> views = Warehouse.registerViews(spark, loaded.config().warehouse());
    Dataset<Row> result;
    try {
      result = spark.sql(query);
    } catch (Exception e) { // Spark's AnalysisException and ParseException are checked in Java
      throw WarehouseErrors.queryRejected(ErrorText.firstLine(e.getMessage()), views);
    }
    List<Row> rows = result.limit(limit).collectAsList();
    TablePrinter.print(result.columns(), rows, spec.commandLine().getOut());
    spec.commandLine().getOut().printf("(%d row%s)%n", rows.size(), rows.size() == 1 ? "" : "s");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
