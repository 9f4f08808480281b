package io.credence.cli;

import io.credence.generate.GeneratorSpec;
import io.credence.job.GenerateJob;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a synthetic population's five input datasets as Parquet. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Generates synthetic inputs (persons, shopping_orders, payments, court_records, disputes):"
            + " five years of orders and payments and twelve of court records up to --as-of, driven"
            + " by a latent risk per person, with a small share of bad rows. Same seed, same rows.")
final class GenerateCommand implements Callable<Integer> {
  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--persons",
      defaultValue = "2000",
      description = "Population size, 100 to 10,000,000 (default ${DEFAULT-VALUE}).")
  long persons;

  @Option(
      names = "--as-of",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "Last date of the generated history (E).")
  LocalDate asOf;

  @Option(
      names = "--bad-row-share",
      defaultValue = "0.004",
      description = "Share of deliberately bad rows per dataset (default ${DEFAULT-VALUE}).")
  double badRowShare;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Mixin SparkOptions spark;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    GeneratorSpec generatorSpec = new GeneratorSpec(seed, persons, asOf, badRowShare);
    GenerateJob.run(spark.session("credence generate"), generatorSpec, out);
    spec.commandLine()
        .getOut()
        .printf("generated %,d persons up to %s into %s%n", persons, asOf, out);
    return 0;
  }
}
