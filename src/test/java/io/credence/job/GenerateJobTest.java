package io.credence.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.EndToEnd;
import io.credence.SparkTestBase;
import io.credence.generate.GeneratorSpec;
import io.credence.schema.InputDataset;
import io.credence.spark.ScopedConf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EndToEnd
class GenerateJobTest extends SparkTestBase {
  private static final GeneratorSpec SPEC =
      new GeneratorSpec(9, 300, LocalDate.of(2025, 6, 30), 0.01);

  @Test
  void writesOneParquetFilePerDatasetAndReplacesItOnRerun(@TempDir Path out) throws IOException {
    Map<InputDataset, Long> first = GenerateJob.run(spark(), SPEC, out);
    // collected to the driver, not cached: Spark refreshes a cache over a path that is overwritten,
    // so a cached first run would be compared with the second run's rows
    Map<InputDataset, List<Row>> firstRows = new EnumMap<>(InputDataset.class);
    for (InputDataset dataset : InputDataset.values()) {
      firstRows.put(dataset, read(out, dataset).collectAsList());
    }
    Map<InputDataset, Long> second = GenerateJob.run(spark(), SPEC, out);
    for (InputDataset dataset : InputDataset.values()) {
      Path folder = out.resolve(dataset.tableName());
      Dataset<Row> read = read(out, dataset);
      assertThat(parquetFiles(folder)).as(dataset.tableName()).isEqualTo(1);
      assertThat(read.schema()).as(dataset.tableName()).isEqualTo(dataset.schema());
      Dataset<Row> before = spark().createDataFrame(firstRows.get(dataset), dataset.schema());
      assertThat(before.count()).as(dataset.tableName()).isPositive();
      assertThat(read.exceptAll(before).count())
          .as("%s rows of the second run missing from the first", dataset.tableName())
          .isZero();
      assertThat(before.exceptAll(read).count())
          .as("%s rows of the first run missing from the second", dataset.tableName())
          .isZero();
      assertThat(read.count()).as(dataset.tableName()).isEqualTo(second.get(dataset));
    }
    assertThat(second).isEqualTo(first);
  }

  /**
   * The folder generate checked is the one Spark writes: with another default file system
   * (fs.defaultFS, here one with no file system at all), the datasets went there instead.
   */
  @Test
  void writesOnThisMachineWhateverTheDefaultFileSystem(@TempDir Path out) throws IOException {
    try (ScopedConf scoped = ScopedConf.set(spark(), "fs.defaultFS", "nowhere:///")) {
      GenerateJob.run(spark(), new GeneratorSpec(3, 20, LocalDate.of(2025, 6, 30), 0), out);
    }
    for (InputDataset dataset : InputDataset.values()) {
      assertThat(parquetFiles(out.resolve(dataset.tableName()))).as(dataset.tableName()).isOne();
    }
  }

  private static Dataset<Row> read(Path out, InputDataset dataset) {
    return spark().read().parquet(out.resolve(dataset.tableName()).toString());
  }

  @Test
  void sizesFilesByExpectedRows() {
    assertThat(GenerateJob.filesFor(InputDataset.SHOPPING_ORDERS, 2_000)).isEqualTo(1);
    assertThat(GenerateJob.filesFor(InputDataset.SHOPPING_ORDERS, 1_000_000)).isEqualTo(10);
    assertThat(GenerateJob.filesFor(InputDataset.COURT_RECORDS, 1_000_000)).isEqualTo(1);
  }

  private static long parquetFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count();
    }
  }
}
