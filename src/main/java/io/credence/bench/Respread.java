package io.credence.bench;

import static org.apache.spark.sql.functions.rand;

import io.credence.schema.InputDataset;
import io.credence.source.InputReader;
import io.credence.spark.SparkSessions;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Rewrites generated inputs with every dataset's rows spread at random across files, so that no
 * file holds one person's records together: the benchmark's worst case for aggregating per person
 * before the shuffle. Run by {@code scripts/bench --spread random}.
 */
@Command(
    name = "respread",
    mixinStandardHelpOptions = true,
    description = "Copies inputs with their rows spread at random across files.")
public final class Respread implements Callable<Integer> {
  @Option(names = "--from", required = true, description = "Input root to copy.")
  String from;

  @Option(names = "--to", required = true, description = "Where to write the copy.")
  String to;

  @Option(names = "--files", defaultValue = "16", description = "Files per large dataset.")
  int files;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the random spread.")
  long seed;

  /** Entry point for {@code scripts/bench}. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Respread()).execute(args));
  }

  @Override
  public Integer call() {
    SparkSession spark =
        SparkSessions.getOrCreate("credence respread", "local[*]", SparkSessions.Output.REDIRECTED);
    Map<InputDataset, Dataset<Row>> inputs = InputReader.readAll(spark, from);
    inputs.forEach(
        (dataset, rows) ->
            rows.repartition(files, rand(seed))
                .write()
                .mode("errorifexists")
                .parquet(to + "/" + dataset.tableName()));
    return 0;
  }
}
