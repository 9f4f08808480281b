package io.credence.cli;

import io.credence.config.StorageSettings;
import io.credence.error.InputErrors;
import io.credence.generate.GeneratorSpec;
import io.credence.job.GenerateJob;
import io.credence.schema.InputDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
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
  /** Spark's files in a dataset folder it wrote: parts, the success marker, their checksums. */
  private static final Pattern SPARK_OUTPUT =
      Pattern.compile("(\\.)?(part-[^/]+\\.parquet|_SUCCESS)(\\.crc)?");

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--persons",
      defaultValue = "2000",
      description = "Population size, 1 to 10,000,000,000 (default ${DEFAULT-VALUE}).")
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

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      converter = HomePath.AsString.class,
      description =
          "Local output folder (a path or a file: URI; a file: URI when fs.defaultFS is not"
              + " local): new, empty, or holding only an earlier generate's output, which is"
              + " replaced.")
  String out;

  @Mixin SparkOptions spark;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /**
   * Hadoop's files and spark-submit's spark.hadoop.* settings: the session's default file system.
   */
  private static Configuration hadoopBeforeSpark() {
    Configuration conf = new Configuration();
    StorageSettings.copySparkHadoopProperties(conf);
    return conf;
  }

  @Override
  public Integer call() throws IOException {
    GeneratorSpec generatorSpec = new GeneratorSpec(seed, persons, asOf, badRowShare);
    Path folder = localOut(out, hadoopBeforeSpark());
    requireOnlyGenerated(folder);
    GenerateJob.run(spark.session("credence generate"), generatorSpec, folder);
    spec.commandLine()
        .getOut()
        .printf("generated %,d persons up to %s into %s%n", persons, asOf, folder);
    return 0;
  }

  /**
   * The local folder {@code out} names ({@link LocalOut}); exit 2 for another file system, or for a
   * path without a scheme when {@code hadoop}'s default file system is not the local one. As a
   * {@link Path}, s3a://bucket/x was s3a:/bucket/x, which S3A refused after the whole generation
   * (exit 1), and file:///x was checked as ./file:/x while Spark wrote /x.
   */
  static Path localOut(String out, Configuration hadoop) {
    return LocalOut.of(out, hadoop, InputErrors::generateOutNotLocal);
  }

  /**
   * Exit 2 unless what generate replaces under {@code out}, the datasets' folders, is absent or
   * holds only Spark's Parquet output (an earlier generate's): anything else there would be deleted
   * by the overwrite. Other entries of {@code out} are left alone, and so allowed.
   */
  static void requireOnlyGenerated(Path out) throws IOException {
    if (!Files.exists(out)) {
      return;
    }
    if (!Files.isDirectory(out)) {
      throw InputErrors.generateOutTaken(out.toString(), null);
    }
    Set<String> datasets =
        Arrays.stream(InputDataset.values())
            .map(InputDataset::tableName)
            .collect(Collectors.toSet());
    try (Stream<Path> entries = Files.list(out)) {
      for (Path entry : entries.sorted().toList()) {
        if (!datasets.contains(entry.getFileName().toString())) {
          continue; // not written, so not deleted
        }
        if (!Files.isDirectory(entry)) {
          throw InputErrors.generateOutTaken(out.toString(), entry.getFileName().toString());
        }
        try (Stream<Path> files = Files.list(entry)) {
          for (Path file : files.sorted().toList()) {
            String name = file.getFileName().toString();
            if (!Files.isRegularFile(file) || !SPARK_OUTPUT.matcher(name).matches()) {
              throw InputErrors.generateOutTaken(out.toString(), out.relativize(file).toString());
            }
          }
        }
      }
    }
  }
}
