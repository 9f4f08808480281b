package io.credence.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.SparkTestBase;
import io.credence.error.CredenceException;
import io.credence.error.ExitCode;
import io.credence.schema.InputDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputReaderTest extends SparkTestBase {
  @TempDir Path root;

  private void writeEmpty(InputDataset d) {
    spark().createDataFrame(java.util.List.of(), d.schema()).write().parquet(folder(d));
  }

  private String folder(InputDataset d) {
    return root.resolve(d.tableName()).toString();
  }

  private void writeRequired() {
    for (InputDataset d : InputDataset.values()) {
      if (d.required()) {
        writeEmpty(d);
      }
    }
  }

  @Test
  void readsMissingOptionalDisputesAsEmpty() {
    writeRequired();
    var inputs = InputReader.readAll(spark(), root.toString());
    assertThat(inputs.get(InputDataset.DISPUTES).count()).isZero();
    assertThat(inputs.get(InputDataset.DISPUTES).schema())
        .isEqualTo(InputDataset.DISPUTES.schema());
  }

  @Test
  void failsWithExitTwoWhenRequiredDatasetMissing() {
    writeEmpty(InputDataset.PERSONS);
    assertThatThrownBy(() -> InputReader.readAll(spark(), root.toString()))
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining("shopping_orders")
        .hasMessageContaining("does not exist");
  }

  @Test
  void failsOnEmptyDatasetFolder() throws Exception {
    writeRequired();
    Files.createDirectories(root.resolve("disputes"));
    assertThatThrownBy(() -> InputReader.readAll(spark(), root.toString()))
        .hasMessageContaining("disputes")
        .hasMessageContaining("holds no data files");
  }

  @Test
  void failsOnZeroByteFile() throws Exception {
    writeRequired();
    Files.createFile(root.resolve("payments").resolve("part-99999.parquet"));
    assertThatThrownBy(() -> InputReader.readAll(spark(), root.toString()))
        .hasMessageContaining("payments")
        .hasMessageContaining("zero-byte");
  }

  @Test
  void filesInASubFolderSparkWouldNotReadStopTheRun() throws Exception {
    // A month's payments copied into payments/2026-11/ were skipped without a word: the run
    // published with exit 0 and those rows neither scored nor quarantined.
    writeRequired();
    spark()
        .createDataFrame(java.util.List.of(), InputDataset.PAYMENTS.schema())
        .write()
        .parquet(root.resolve("payments").resolve("2026-11").toString());
    assertThatThrownBy(() -> InputReader.readAll(spark(), root.toString()))
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining("input dataset 'payments'")
        .hasMessageContaining("has files in its sub-folder 2026-11/")
        .hasMessageContaining("key=value");
  }

  @Test
  void partitionFoldersAndHiddenFoldersAreNotRefused() throws Exception {
    writeRequired();
    Files.createDirectories(root.resolve("persons").resolve("_temporary").resolve("0"));
    Files.writeString(root.resolve("persons").resolve("_temporary/0/part-1.parquet"), "partial");
    spark()
        .createDataFrame(java.util.List.of(), InputDataset.DISPUTES.schema())
        .write()
        .parquet(root.resolve("disputes").resolve("month=2026-11").toString());
    var inputs = InputReader.readAll(spark(), root.toString());
    assertThat(inputs.get(InputDataset.DISPUTES).count()).isZero();
    assertThat(InputReader.unreadFolder("part-0.parquet")).isNull();
    assertThat(InputReader.unreadFolder("month=2026-11/part-0.parquet")).isNull();
    assertThat(InputReader.unreadFolder("y=2026/m=11/part-0.parquet")).isNull();
    assertThat(InputReader.unreadFolder("2026-11/part-0.parquet")).isEqualTo("2026-11/");
    assertThat(InputReader.unreadFolder("y=2026/extra/part-0.parquet")).isEqualTo("y=2026/extra/");
    assertThat(InputReader.unreadFolder("=x/part-0.parquet")).isEqualTo("=x/");
  }

  @Test
  void failsOnNonParquetFile() throws Exception {
    writeRequired();
    Files.delete(
        Files.list(root.resolve("court_records"))
            .filter(p -> p.toString().endsWith(".parquet"))
            .findFirst()
            .orElseThrow());
    Files.writeString(root.resolve("court_records").resolve("part-0.parquet"), "not parquet");
    assertThatThrownBy(() -> InputReader.readAll(spark(), root.toString()))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("court_records")
        .hasMessageContaining("cannot be read as Parquet")
        // the file and what is wrong with it, not only which Spark task failed
        .hasMessageContaining("part-0.parquet is not a Parquet file")
        .hasMessageNotContaining("Job aborted");
  }

  @Test
  void failsNamingWrongTypeAndMissingColumn() {
    writeRequired();
    Dataset<Row> orders =
        spark()
            .createDataFrame(java.util.List.of(), InputDataset.SHOPPING_ORDERS.schema())
            .drop("category")
            .withColumn("amount", org.apache.spark.sql.functions.lit(1.5));
    orders.write().mode("overwrite").parquet(folder(InputDataset.SHOPPING_ORDERS));
    assertThatThrownBy(() -> InputReader.readAll(spark(), root.toString()))
        .hasMessageContaining("shopping_orders.amount: expected DECIMAL(12,2), found DOUBLE")
        .hasMessageContaining("shopping_orders.category: expected STRING, found no such column");
  }

  @Test
  void widensIntAmountsToTheContractDecimal() {
    writeRequired();
    Dataset<Row> orders =
        spark()
            .sql(
                "SELECT 'O1' order_id, 'P1' person_id, TIMESTAMP_NTZ'2026-01-01 10:00:00' order_ts,"
                    + " 12 amount, 'books' category, 'completed' status");
    orders.write().mode("overwrite").parquet(folder(InputDataset.SHOPPING_ORDERS));
    Dataset<Row> read =
        InputReader.readAll(spark(), root.toString()).get(InputDataset.SHOPPING_ORDERS);
    assertThat(read.schema()).isEqualTo(InputDataset.SHOPPING_ORDERS.schema());
    Row row = read.first();
    assertThat(row.getDecimal(3)).isEqualByComparingTo("12.00");
    assertThat(row.getTimestamp(2).toInstant().toString()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(read.schema().apply("amount").dataType())
        .isEqualTo(DataTypes.createDecimalType(12, 2));
  }
}
