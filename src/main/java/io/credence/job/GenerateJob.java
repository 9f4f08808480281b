package io.credence.job;

import io.credence.generate.GeneratedInputs;
import io.credence.generate.GeneratorSpec;
import io.credence.generate.SyntheticGenerator;
import io.credence.schema.InputDataset;
import io.credence.spark.LocalFileSystems;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a synthetic population's five input datasets as Parquet, one folder per dataset. */
public final class GenerateJob {
  private static final Logger LOG = LoggerFactory.getLogger(GenerateJob.class);

  /** Target rows per Parquet file: roughly 100 MB of order or payment rows. */
  static final long ROWS_PER_FILE = 5_000_000L;

  private GenerateJob() {}

  /**
   * Generates the inputs for {@code spec} and writes each to {@code outRoot/<table name>},
   * replacing what is there; returns the rows written per dataset.
   */
  public static Map<InputDataset, Long> run(SparkSession spark, GeneratorSpec spec, Path outRoot) {
    GeneratedInputs inputs = SyntheticGenerator.generate(spark, spec);
    Map<InputDataset, Long> written = new EnumMap<>(InputDataset.class);
    for (InputDataset dataset : InputDataset.values()) {
      written.put(dataset, write(inputs.of(dataset), dataset, spec.persons(), outRoot));
    }
    return written;
  }

  /** About the rows a person contributes to each dataset, to size the output files. */
  static double rowsPerPerson(InputDataset dataset) {
    return switch (dataset) {
      case PERSONS -> 1;
      case SHOPPING_ORDERS -> 50;
      case PAYMENTS -> 45;
      case COURT_RECORDS -> 0.2;
      case DISPUTES -> 1;
    };
  }

  /** Files to write: one per {@value #ROWS_PER_FILE} expected rows, at least one. */
  static int filesFor(InputDataset dataset, long persons) {
    double rows = persons * rowsPerPerson(dataset);
    return (int) Math.max(1, Math.min(100_000, Math.ceil(rows / ROWS_PER_FILE)));
  }

  private static long write(Dataset<Row> rows, InputDataset dataset, long persons, Path outRoot) {
    long started = System.nanoTime();
    int files = filesFor(dataset, persons);
    String path = LocalFileSystems.sparkPath(outRoot.resolve(dataset.tableName()));
    withFileCount(rows, dataset, files).write().mode(SaveMode.Overwrite).parquet(path);
    // counted from the files (Parquet footers, cheap) rather than with an Observation: once used,
    // an Observation leaves the session unserializable for MLlib closures (Spark 4.1)
    long written = rows.sparkSession().read().parquet(path).count();
    LOG.info(
        "wrote {} rows of {} to {} ({} file(s), {} ms)",
        written,
        dataset.tableName(),
        path,
        files,
        (System.nanoTime() - started) / 1_000_000);
    return written;
  }

  /**
   * Narrows to {@code files} partitions. Orders and payments coalesce, which keeps their costly
   * generation in the same tasks; the small datasets are repartitioned instead, because a coalesce
   * to one task would also generate (and, for disputes, sample) every record in that one task.
   */
  private static Dataset<Row> withFileCount(Dataset<Row> rows, InputDataset dataset, int files) {
    if (files >= rows.rdd().getNumPartitions()) {
      return rows;
    }
    boolean large = dataset == InputDataset.SHOPPING_ORDERS || dataset == InputDataset.PAYMENTS;
    return large ? rows.coalesce(files) : rows.repartition(files);
  }
}
