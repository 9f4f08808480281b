package io.credence.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.SparkTestBase;
import io.credence.TestFiles;
import io.credence.error.CredenceException;
import io.credence.error.ExitCode;
import io.credence.schema.InputDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining(
            "input dataset 'payments' holds a zero-byte file, payments/part-99999.parquet")
        .hasMessageContaining("remove the file if it holds no rows");
  }

  @Test
  void aFolderWithOnlySparksSuccessMarkerHoldsNoDataFiles() throws Exception {
    writeRequired();
    Files.createDirectories(root.resolve("disputes"));
    Files.createFile(root.resolve("disputes").resolve("_SUCCESS"));
    assertThatThrownBy(() -> InputReader.readAll(spark(), root.toString()))
        .hasMessageContaining("input dataset 'disputes'")
        .hasMessageContaining("holds no data files");
  }

  @Test
  void readsADatasetFolderThatIsASymbolicLink() throws Exception {
    writeRequired();
    Path elsewhere = Files.move(root.resolve("payments"), root.getParent().resolve(root + "-p"));
    Files.createSymbolicLink(root.resolve("payments"), elsewhere);
    try {
      assertThat(InputReader.readAll(spark(), root.toString()).get(InputDataset.PAYMENTS).count())
          .isZero();
    } finally {
      TestFiles.deleteTree(elsewhere);
    }
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

  /** Writes {@code rows} as one Parquet file named {@code name} into the folder of {@code d}. */
  private void writeFile(Dataset<Row> rows, InputDataset d, String name) throws Exception {
    Path staging = root.resolve("staging-" + name);
    rows.coalesce(1).write().parquet(staging.toString());
    try (var files = Files.list(staging)) {
      Path part =
          files.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().get();
      Files.move(part, root.resolve(d.tableName()).resolve(name));
    }
    TestFiles.deleteTree(staging);
  }

  private Dataset<Row> orders(String amount, String timestamp) {
    return spark()
        .sql(
            "SELECT 'O1' order_id, 'P1' person_id, "
                + timestamp
                + "'2026-01-01 10:00:00' order_ts, "
                + amount
                + " amount, 'books' category, 'completed' status");
  }

  @ParameterizedTest
  @ValueSource(strings = {"000-first.parquet", "zzz-last.parquet"})
  void refusesAFileWithoutAContractColumnWhereverItSorts(String name) throws Exception {
    // A file of orders with person_id renamed, among valid ones: when Spark took the schema from
    // another file, its rows were read with null person ids, quarantined, and the run published.
    writeRequired();
    writeFile(
        orders("CAST(12 AS DECIMAL(12,2))", "TIMESTAMP")
            .withColumnRenamed("person_id", "customer_id"),
        InputDataset.SHOPPING_ORDERS,
        name);
    assertThatThrownBy(() -> InputReader.readAll(spark(), root.toString()))
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining(
            "shopping_orders.person_id: expected STRING, found no such column in file"
                + " shopping_orders/"
                + name)
        .hasMessageNotContaining("part-0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"000-first.parquet", "zzz-last.parquet"})
  void refusesAFileWithAWrongTypeWhereverItSorts(String name) throws Exception {
    writeRequired();
    writeFile(orders("1.5D", "TIMESTAMP"), InputDataset.SHOPPING_ORDERS, name);
    assertThatThrownBy(() -> InputReader.readAll(spark(), root.toString()))
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining(
            "shopping_orders.amount: expected DECIMAL(12,2), found DOUBLE in file"
                + " shopping_orders/"
                + name)
        .hasMessageNotContaining("part-0");
  }

  @Test
  void refusesANonParquetFileSortedAfterTheOneSparkTakesTheSchemaFrom() throws Exception {
    writeRequired();
    Files.writeString(root.resolve("payments").resolve("zzz-last.parquet"), "not parquet");
    assertThatThrownBy(() -> InputReader.readAll(spark(), root.toString()))
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining("input dataset 'payments'")
        .hasMessageContaining("zzz-last.parquet is not a Parquet file");
  }

  @Test
  void acceptsSeveralFilesWithTheSameSafeWideningsAndPartitionFolders() throws Exception {
    writeRequired();
    TestFiles.deleteTree(root.resolve("shopping_orders"));
    // int amounts and timestamps without a time zone, in three files under status=... folders
    // that give the files their status column.
    spark()
        .sql(
            "SELECT concat('O', id) order_id, 'P1' person_id,"
                + " TIMESTAMP_NTZ'2026-01-01 10:00:00' order_ts, CAST(id AS INT) amount,"
                + " 'books' category, IF(id % 2 = 0, 'completed', 'returned') status"
                + " FROM range(6)")
        .repartition(3)
        .write()
        .partitionBy("status")
        .parquet(folder(InputDataset.SHOPPING_ORDERS));
    Dataset<Row> read =
        InputReader.readAll(spark(), root.toString()).get(InputDataset.SHOPPING_ORDERS);
    assertThat(read.schema()).isEqualTo(InputDataset.SHOPPING_ORDERS.schema());
    assertThat(read.where("status = 'returned'").count()).isEqualTo(3);
    assertThat(read.agg(functions.sum("amount")).first().getDecimal(0))
        .isEqualByComparingTo("15.00");
  }

  @Test
  void refusesFilesThatStoreAColumnAsDifferentAcceptedTypes() throws Exception {
    // Each file alone is a safe widening, but Spark reads them all with one file's types and
    // failed partway through the run on the other.
    writeRequired();
    writeFile(orders("12", "TIMESTAMP"), InputDataset.SHOPPING_ORDERS, "a.parquet");
    assertThatThrownBy(() -> InputReader.readAll(spark(), root.toString()))
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining(
            "the files of input dataset 'shopping_orders' store amount as different types:"
                + " INT in shopping_orders/a.parquet, DECIMAL(12,2) in shopping_orders/part-");
  }
}
