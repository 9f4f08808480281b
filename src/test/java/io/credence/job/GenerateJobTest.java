package io.credence.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.generate.GeneratorSpec;
import io.credence.schema.InputDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateJobTest extends SparkTestBase {
  private static final GeneratorSpec SPEC =
      new GeneratorSpec(9, 300, LocalDate.of(2025, 6, 30), 0.01);

  @Test
  void writesOneParquetFilePerDatasetAndReplacesItOnRerun(@TempDir Path out) throws IOException {
    Map<InputDataset, Long> first = GenerateJob.run(spark(), SPEC, out);
    Dataset<Row> firstPayments = spark().read().parquet(out.resolve("payments").toString()).cache();
    firstPayments.count();
    Map<InputDataset, Long> second = GenerateJob.run(spark(), SPEC, out);
    assertThat(second).isEqualTo(first);
    for (InputDataset dataset : InputDataset.values()) {
      Path folder = out.resolve(dataset.tableName());
      Dataset<Row> read = spark().read().parquet(folder.toString());
      assertThat(parquetFiles(folder)).as(dataset.tableName()).isEqualTo(1);
      assertThat(read.schema()).as(dataset.tableName()).isEqualTo(dataset.schema());
      assertThat(read.count()).as(dataset.tableName()).isPositive().isEqualTo(second.get(dataset));
    }
    Dataset<Row> payments = spark().read().parquet(out.resolve("payments").toString());
    assertThat(payments.exceptAll(firstPayments).isEmpty()).isTrue();
    firstPayments.unpersist();
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
