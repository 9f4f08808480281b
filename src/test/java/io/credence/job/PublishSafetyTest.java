package io.credence.job;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.EndToEnd;
import io.credence.SeededWarehouse;
import io.credence.SparkExecution;
import io.credence.SparkTestBase;
import io.credence.TestFiles;
import io.credence.publish.Table;
import io.credence.publish.WarehouseLock;
import io.credence.run.RunOutcome;
import io.credence.schema.InputDataset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.internal.SQLConf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quality gates, the one-writer lock and determinism, through the command line. */
@EndToEnd
class PublishSafetyTest extends SparkTestBase {
  private static final String SHUFFLE_PARTITIONS = SQLConf.SHUFFLE_PARTITIONS().key();
  private static final String COALESCE_PARTITIONS = SQLConf.COALESCE_PARTITIONS_ENABLED().key();
  @TempDir static Path dir;
  static String input;

  @BeforeAll
  static void generate() {
    input = SeededWarehouse.input();
  }

  private static Path config(String name, String quality) throws Exception {
    return config(name, quality, 2);
  }

  private static Path config(String name, String quality, int partitions) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    // Small generated datasets have noisy reject ratios; these tests are about other gates.
    Files.writeString(
        file,
        "inputs: {root: "
            + input
            + "}\nspark: {shuffle_partitions: "
            + partitions
            + "}\n"
            + "quality: {max_reject_ratio: 0.5"
            + quality
            + "}\n");
    return file;
  }

  private static CliRun score(Path config, String warehouse, String date, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "score", "--config", config.toString(), "--warehouse", warehouse, "--date", date));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static Dataset<Row> table(String warehouse, Table t) {
    return spark().read().format("delta").load(t.path(warehouse));
  }

  /**
   * A warehouse with one published snapshot (a copy of the shared seeded warehouse's, 2026-10-31),
   * then a run of the next day that a gate blocks, then the same run forced.
   */
  @Test
  void blockedGatePublishesNothingExitsThreeAndForceOverrides() throws Exception {
    String wh = SeededWarehouse.copy(dir.resolve("gates"));
    assertThat(table(wh, Table.RUNS).filter(col("status").equalTo("PUBLISHED")).count()).isOne();
    List<Row> current = table(wh, Table.SCORES_CURRENT).orderBy(PERSON_ID).collectAsList();

    Path strict = config("strict", ", max_unscorable_share: 0.0");
    CliRun blocked = score(strict, wh, "2026-11-01");
    assertThat(blocked.code()).isEqualTo(3);
    assertThat(blocked.stderr())
        .contains("BLOCKED")
        .contains("unscorable_share")
        .contains("--force")
        .doesNotContain("backfill");
    // The summary a published run prints, with what the gates measured, on standard output.
    assertThat(blocked.stdout())
        .contains("credence score 2026-11-01: BLOCKED")
        .contains("unscorable_share=")
        .contains("nothing published");
    assertThat(table(wh, Table.SCORE_SNAPSHOTS).select(SNAPSHOT_DATE).distinct().count()).isOne();
    assertThat(table(wh, Table.SCORES_CURRENT).orderBy(PERSON_ID).collectAsList())
        .isEqualTo(current);
    Row run = table(wh, Table.RUNS).filter(col("status").equalTo("BLOCKED")).first();
    assertThat(run.<String>getAs("message")).contains("unscorable_share");
    assertThat(run.<Double>getAs("psi")).isNotNull();

    CliRun forced = score(strict, wh, "2026-11-01", "--force");
    assertThat(forced.code()).isZero();
    assertThat(forced.stdout()).contains("FORCED");
    Row published =
        table(wh, Table.RUNS)
            .filter(col("status").equalTo("PUBLISHED"))
            .orderBy(col("started_at").desc())
            .first();
    assertThat(published.<Boolean>getAs("forced")).isTrue();
    assertThat(table(wh, Table.SCORE_SNAPSHOTS).select(SNAPSHOT_DATE).distinct().count())
        .isEqualTo(2);
  }

  @Test
  void secondRunOnALockedWarehouseExitsFourAndChangesNothing() throws Exception {
    String wh = dir.resolve("locked").toString();
    try (WarehouseLock held =
        WarehouseLock.acquire(
            spark().sparkContext().hadoopConfiguration(), wh, "other-run", Duration.ofHours(12))) {
      CliRun second = score(config("ok", ""), wh, "2026-10-31");
      assertThat(second.code()).isEqualTo(4);
      assertThat(second.stderr()).contains("locked by run other-run").contains("fix:");
      try (var files = Files.list(Path.of(wh))) {
        // the holder's lock and its heartbeat: the refused run left nothing of its own
        assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")))
            .hasSize(2)
            .contains("_credence.lock")
            .anyMatch(n -> n.startsWith("_credence.lock.beat-"));
      }
    }
  }

  @Test
  void staleLockOfADeadProcessIsTakenOver() throws Exception {
    String wh = dir.resolve("stale").toString();
    Files.createDirectories(Path.of(wh));
    Files.writeString(
        Path.of(wh, "_credence.lock"),
        "run_id=killed\npid=2147483000\nhost="
            + java.net.InetAddress.getLocalHost().getHostName()
            + "\nstarted_at=2026-11-26T00:00:00Z\n");
    assertThat(score(config("ok", ""), wh, "2026-10-31").code()).isZero();
    assertThat(Files.exists(Path.of(wh, "_credence.lock"))).isFalse();
  }

  /**
   * The 2-partition run is the shared seeded warehouse's (the same inputs, date and scorecard, run
   * with adaptive coalescing off; what Spark ran for it was recorded as it ran): scoring them again
   * here would only repeat it.
   */
  @Test
  void sameInputsGiveIdenticalSnapshotsWithTwoAndFiftyShufflePartitions() throws Exception {
    String fifty = dir.resolve("p50").toString();
    // Adaptive execution coalesces small shuffles (300 persons) into a partition or two, so both
    // runs would be partitioned alike: it is turned off, and the plans show no coalesced read.
    Path wide = config("wide", "", 50);
    RuntimeConfig conf = spark().conf();
    String partitions = conf.get(SHUFFLE_PARTITIONS);
    conf.set(COALESCE_PARTITIONS, "false");
    SparkExecution fiftyRun;
    try {
      fiftyRun = observe(() -> score(wide, fifty, "2026-10-31"));
    } finally {
      conf.unset(COALESCE_PARTITIONS);
      conf.set(SHUFFLE_PARTITIONS, partitions); // the job sets it on the session it is given
    }
    SparkExecution twoRun = SeededWarehouse.execution();
    assertThat(SeededWarehouse.run().snapshotDate()).isEqualTo(LocalDate.parse("2026-10-31"));
    assertThat(SeededWarehouse.run().status()).isEqualTo(RunOutcome.Status.PUBLISHED);
    assertThat(twoRun.coalescedReads()).as("coalesced shuffle reads with 2 partitions").isZero();
    assertThat(fiftyRun.coalescedReads()).as("coalesced shuffle reads with 50").isZero();
    assertThat(fiftyRun.stageTasks()).as("tasks per stage with 50 partitions").contains(50);
    assertThat(twoRun.stageTasks())
        .as("tasks per stage with 2 partitions")
        .isNotEmpty()
        .doesNotContain(50);
    assertThat(snapshotRows(fifty)).isEqualTo(snapshotRows(SeededWarehouse.warehouse()));
  }

  /**
   * With adaptive coalescing on (Spark's default), spark.shuffle_partitions is the most a run uses:
   * these inputs (under a megabyte) get one partition, so no stage runs the 50 tasks configured
   * (not the key passes' reduce, the features' merge or the scores' layout) and the scores are one
   * file.
   */
  @Test
  void aSmallRunTakesFewerPartitionsThanConfigured() throws Exception {
    String wh = dir.resolve("p50-fitted").toString();
    Path wide = config("wide-fitted", "", 50);
    SparkExecution run = observe(() -> score(wide, wh, "2026-10-31"));
    assertThat(run.stageTasks()).as("tasks per stage with 50 partitions configured").isNotEmpty();
    assertThat(run.stageTasks()).doesNotContain(50);
    assertThat(table(wh, Table.SCORES_CURRENT).inputFiles()).hasSize(1);
  }

  /** Runs {@code run}, which must exit 0, and returns what Spark executed meanwhile. */
  private static SparkExecution observe(Supplier<CliRun> run) {
    SparkExecution.Observed<CliRun> observed = SparkExecution.observe(run);
    assertThat(observed.result().code()).as(observed.result().stderr()).isZero();
    return observed.execution();
  }

  @Test
  void damagedDataPageFoundMidScanExitsTwoNamingTheFileAndPublishesNothing() throws Exception {
    Path copy = dir.resolve("corrupt-in");
    TestFiles.copyTree(Path.of(input), copy);
    Path damaged = copy.resolve("payments").resolve("part-99999-damaged.parquet");
    try (var files = Files.list(Path.of(input, "payments"))) {
      Files.copy(
          files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow(), damaged);
    }
    damageDataPage(damaged, PERSON_ID);
    // a real Parquet file: magic and footer intact, so the schema check passes and the damage is
    // only found when a task decodes the page
    assertThat(spark().read().parquet(damaged.toString()).schema())
        .isEqualTo(InputDataset.PAYMENTS.schema());
    String wh = dir.resolve("corrupt-wh").toString();
    CliRun out =
        CliRun.of("score", "--input", copy.toString(), "--warehouse", wh, "--date", "2026-10-31");
    assertThat(out.code()).isEqualTo(2);
    // The message itself names the file (Spark's log lines above it name it too).
    assertThat(out.stderr().lines().filter(l -> l.startsWith("credence: ")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("an input file of dataset 'payments' cannot be read")
        .contains(damaged.getFileName().toString());
    assertThat(out.stderr()).contains("fix:");
    assertThat(Files.exists(Path.of(wh, "score_snapshots"))).isFalse();
    assertThat(Files.exists(Path.of(wh, "_credence.lock"))).isFalse();
  }

  /**
   * Overwrites the middle of {@code column}'s data pages; the magic bytes and footer stay intact.
   */
  private static void damageDataPage(Path file, String column) throws IOException {
    ColumnChunkMetaData chunk;
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      chunk =
          reader.getFooter().getBlocks().stream()
              .flatMap(block -> block.getColumns().stream())
              .filter(c -> c.getPath().toDotString().equals(column))
              .findFirst()
              .orElseThrow();
    }
    long pages = chunk.getFirstDataPageOffset();
    long length = chunk.getStartingPos() + chunk.getTotalSize() - pages;
    byte[] junk = new byte[(int) (length / 2)];
    Arrays.fill(junk, (byte) 0xA5);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(junk), pages + length / 4);
    }
  }

  private static List<Row> snapshotRows(String wh) {
    return table(wh, Table.SCORE_SNAPSHOTS).drop(RUN_ID).orderBy(PERSON_ID).collectAsList();
  }
}
