package io.credence.cli;

import io.credence.config.ConfigLoader;
import io.credence.error.CredenceException;
import io.credence.error.ErrorText;
import io.credence.error.WarehouseErrors;
import io.credence.publish.Warehouse;
import io.credence.source.ReadFailures;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoDir;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import scala.jdk.javaapi.CollectionConverters;

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

  @Parameters(
      index = "0",
      paramLabel = "QUERY",
      description = "A Spark SQL query (SELECT, or the read-only DESCRIBE, SHOW, EXPLAIN).")
  String query;

  @Option(
      names = "--limit",
      defaultValue = "100",
      description = "Rows printed at most, 1 or more (default ${DEFAULT-VALUE}).")
  int limit;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw WarehouseErrors.limitNotPositive(limit);
    }
    ConfigLoader.Loaded loaded = job.load();
    SparkSession spark =
        job.spark.session("credence sql", loaded.config(), List.of(loaded.config().warehouse()));
    // Parsed first: spark.sql runs a command (DELETE, INSERT, DROP, ...) as soon as it is called.
    // A statement that does not parse is refused before any table (erasures included) is read.
    LogicalPlan parsed;
    try {
      parsed = spark.sessionState().sqlParser().parsePlan(query);
    } catch (Exception e) { // Spark's ParseException is checked in Java's eyes
      throw rejected(e, Warehouse.tableNames(spark, loaded.config().warehouse()));
    }
    String writes = writer(parsed);
    if (writes != null) {
      throw WarehouseErrors.queryWrites(writes);
    }
    List<String> views = Warehouse.registerViews(spark, loaded.config().warehouse());
    Dataset<Row> result;
    try {
      result = spark.sql(query);
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes
      throw rejected(e, views);
    }
    // One row more than printed, to tell whether the query has more.
    List<Row> rows;
    try {
      rows = result.limit(limit == Integer.MAX_VALUE ? limit : limit + 1).collectAsList();
    } catch (Exception e) { // SparkException is checked in Java's eyes but thrown unchecked
      if (ReadFailures.fileGone(e)) {
        throw WarehouseErrors.queryReadsRemovedFiles();
      }
      SparkThrowable own = ReadFailures.queryError(e);
      if (own != null) {
        throw WarehouseErrors.queryFailed(ErrorText.firstLine(((Throwable) own).getMessage()));
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
    boolean more = rows.size() > limit;
    rows = more ? rows.subList(0, limit) : rows;
    PrintWriter out = spec.commandLine().getOut();
    TablePrinter.print(result.columns(), rows, out);
    if (more) {
      out.printf("(the first %d rows; raise --limit to see more)%n", limit);
    } else {
      out.printf("(%d row%s)%n", rows.size(), rows.size() == 1 ? "" : "s");
    }
    out.flush();
    return 0;
  }

  private static CredenceException rejected(Exception e, List<String> views) {
    return WarehouseErrors.queryRejected(ErrorText.firstLine(e.getMessage()), views);
  }

  /**
   * The first node of {@code plan}, as parsed, that is a statement rather than a query, named for
   * the error (e.g. "DeleteFromTable"); null for a query. Spark's commands (DELETE, UPDATE, MERGE,
   * CREATE, DROP, ALTER, SET, CACHE, Delta's OPTIMIZE and VACUUM, ...), parsed statements such as
   * INSERT, and INSERT OVERWRITE DIRECTORY count as statements, except the read-only DESCRIBE, SHOW
   * and EXPLAIN.
   */
  static String writer(LogicalPlan plan) {
    String name = plan.getClass().getSimpleName();
    boolean statement =
        plan instanceof org.apache.spark.sql.catalyst.plans.logical.Command
            || plan instanceof ParsedStatement
            || plan instanceof InsertIntoDir;
    if (statement
        && !name.startsWith("Describe")
        && !name.startsWith("Show")
        && !name.startsWith("Explain")) {
      return name;
    }
    List<LogicalPlan> inside = new ArrayList<>(CollectionConverters.asJava(plan.children()));
    for (var inner : CollectionConverters.asJava(plan.innerChildren())) {
      if (inner instanceof LogicalPlan p) {
        inside.add(p);
      }
    }
    for (LogicalPlan child : inside) {
      String found = writer(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
