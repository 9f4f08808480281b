package io.credence.job;

import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.RUN_ID;
import static io.credence.schema.Columns.SCORE;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.CliRun;
import io.credence.EndToEnd;
import io.credence.S3ProxyServer;
import io.credence.SeededWarehouse;
import io.credence.SparkTestBase;
import io.credence.publish.ConditionalPutLogStore;
import io.credence.publish.Table;
import io.credence.publish.WarehouseLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly run, lookup, sql, report, maintain and erase with inputs and warehouse in buckets of
 * a real S3-compatible server (S3Proxy on 127.0.0.1, started and stopped here), compared row for
 * row with the local run of the same inputs (the shared seeded warehouse); the one-writer lock and
 * the Delta log's conditional commits on the store; and the errors for a missing bucket, refused
 * credentials and an unreachable endpoint.
 */
@EndToEnd
class ObjectStoreTest extends SparkTestBase {
  private static final String DATE = "2026-10-31";
  private static final String INPUT = "s3a://credence-inputs/sample";
  private static final String WAREHOUSE = "s3a://credence-warehouse/w1";

  @TempDir static Path dir;
  static S3ProxyServer store;
  static Path config;
  static Path localWarehouse;
  static CliRun s3Run;

  /** A scored person of the shared seeded population, the first by id. */
  static String person;

  @BeforeAll
  static void scoreLocallyAndOnTheStore() throws Exception {
    store = S3ProxyServer.start(dir.resolve("s3"));
    store.bucket("credence-inputs");
    store.bucket("credence-warehouse");
    store.bucket("credence-wrong-key");
    store.bucket("credence-unconditional");
    Configuration conf = hadoop();
    store.configure(conf);
    S3ProxyServer.upload(Path.of(SeededWarehouse.input()), INPUT, conf);
    config = dir.resolve("job.yaml");
    Files.writeString(config, storage(store.endpoint()));
    // The local run to compare with: the shared seeded warehouse, read only.
    localWarehouse = Path.of(SeededWarehouse.warehouse());
    person =
        table(localWarehouse.toString(), Table.SCORES_CURRENT)
            .where(col(SCORE).isNotNull())
            .orderBy(PERSON_ID)
            .first()
            .getAs(PERSON_ID);
    s3Run = cli("score", "--date", DATE, "--input", INPUT, "--warehouse", WAREHOUSE);
  }

  @AfterAll
  static void stopStore() {
    SeededWarehouse.warehouse(); // left as it was
    if (store != null) {
      store.close();
    }
  }

  private static Configuration hadoop() {
    return spark().sparkContext().hadoopConfiguration();
  }

  private static String storage(String endpoint) {
    return "storage:\n"
        + "  s3a:\n"
        + "    endpoint: "
        + endpoint
        + "\n"
        + "    path_style_access: true\n"
        + "    region: us-east-1\n"
        + "spark:\n"
        + "  shuffle_partitions: 2\n"
        + "scoring:\n"
        + "  scorecard: jobs/scorecards/expert-v1.yaml\n";
  }

  private static CliRun cli(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    return CliRun.of(all);
  }

  private static Dataset<Row> table(String warehouse, Table t) {
    return spark().read().format("delta").load(t.path(warehouse)).drop(RUN_ID);
  }

  @Test
  void runOnBucketsPublishesTheLocalRunsTablesRowForRow() {
    assertThat(s3Run.code()).as(s3Run.stderr()).isZero();
    assertThat(s3Run.stdout()).contains("PUBLISHED");
    for (Table t :
        List.of(Table.SCORE_SNAPSHOTS, Table.SCORES_CURRENT, Table.FEATURES, Table.QUARANTINE)) {
      Row sides = compare(table(localWarehouse.toString(), t), table(WAREHOUSE, t));
      long local = sides.getLong(0);
      assertThat(sides.getLong(1)).as(t.tableName()).isEqualTo(local).isPositive();
      assertThat(sides.getLong(2)).as(t.tableName() + " extra rows").isZero();
      assertThat(sides.getLong(3)).as(t.tableName() + " missing rows").isZero();
    }
  }

  /**
   * The rows of {@code local} and of {@code remote}, the rows only {@code remote} holds ({@code
   * remote.exceptAll(local)}) and those only {@code local} holds ({@code local.exceptAll(remote)}),
   * duplicates counted, in one query: each distinct row with the times each side holds it.
   */
  private static Row compare(Dataset<Row> local, Dataset<Row> remote) {
    Column[] row = java.util.Arrays.stream(local.columns()).map(c -> col(c)).toArray(Column[]::new);
    return local
        .withColumn("in_local", lit(1L))
        .withColumn("in_remote", lit(0L))
        .unionByName(remote.withColumn("in_local", lit(0L)).withColumn("in_remote", lit(1L)))
        .groupBy(row)
        .agg(sum("in_local").as("in_local"), sum("in_remote").as("in_remote"))
        .agg(
            coalesce(sum("in_local"), lit(0L)),
            coalesce(sum("in_remote"), lit(0L)),
            coalesce(sum(greatest(col("in_remote").minus(col("in_local")), lit(0L))), lit(0L)),
            coalesce(sum(greatest(col("in_local").minus(col("in_remote")), lit(0L))), lit(0L)))
        .first();
  }

  @Test
  void lookupSqlReportAndMaintainWorkAgainstTheStore() throws Exception {
    CliRun lookup =
        cli(
            "lookup",
            "--person",
            person,
            "--purpose",
            "object store test",
            "--warehouse",
            WAREHOUSE);
    assertThat(lookup.code()).as(lookup.stderr()).isZero();
    Row expected =
        table(WAREHOUSE, Table.SCORES_CURRENT)
            .where(org.apache.spark.sql.functions.col("person_id").equalTo(person))
            .first();
    assertThat(lookup.stdout()).contains("score " + expected.getAs("score") + ", tier ");
    assertThat(spark().read().format("delta").load(Table.LOOKUP_AUDIT.path(WAREHOUSE)).count())
        .isEqualTo(1);

    CliRun sql = cli("sql", "--warehouse", WAREHOUSE, "SELECT count(*) AS n FROM scores_current");
    assertThat(sql.code()).as(sql.stderr()).isZero();
    assertThat(sql.stdout())
        .contains(String.valueOf(table(localWarehouse.toString(), Table.SCORES_CURRENT).count()));

    CliRun report = cli("report", "--date", DATE, "--warehouse", WAREHOUSE);
    assertThat(report.code()).as(report.stderr()).isZero();
    String path = report.stdout().replaceAll("(?s).*report: (\\S+).*", "$1");
    assertThat(path).startsWith("s3a://credence-warehouse/w1/reports/");
    org.apache.hadoop.fs.Path written = new org.apache.hadoop.fs.Path(path);
    assertThat(written.getFileSystem(hadoop()).getFileStatus(written).getLen()).isPositive();

    CliRun maintain = cli("maintain", "--warehouse", WAREHOUSE);
    assertThat(maintain.code()).as(maintain.stderr()).isZero();
  }

  @Test
  void eraseRemovesThePersonFromTheStore() throws Exception {
    // on a copy in the same bucket, so that the other tests see the run's warehouse in any order
    String warehouse = "s3a://credence-warehouse/w-erase";
    org.apache.hadoop.fs.Path from = new org.apache.hadoop.fs.Path(WAREHOUSE);
    org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(warehouse);
    FileSystem fs = from.getFileSystem(hadoop());
    assertThat(FileUtil.copy(fs, from, fs, to, false, hadoop())).isTrue();
    assertThat(
            table(warehouse, Table.SCORE_SNAPSHOTS).where(col(PERSON_ID).equalTo(person)).count())
        .isOne();
    CliRun erase =
        cli("erase", "--person", person, "--reason", "object store test", "--warehouse", warehouse);
    assertThat(erase.code()).as(erase.stderr()).isZero();
    assertThat(
            table(warehouse, Table.SCORE_SNAPSHOTS).where(col(PERSON_ID).equalTo(person)).count())
        .isZero();
    CliRun lookup =
        cli("lookup", "--person", person, "--purpose", "after erasure", "--warehouse", warehouse);
    assertThat(lookup.code()).isNotZero();
  }

  @Test
  void theWarehouseLockHoldsOnTheStore() {
    try (WarehouseLock held =
        WarehouseLock.acquire(hadoop(), WAREHOUSE, "test-holder", Duration.ofHours(1))) {
      CliRun second = cli("score", "--date", DATE, "--input", INPUT, "--warehouse", WAREHOUSE);
      assertThat(second.code()).as(second.stderr()).isEqualTo(4);
      assertThat(second.stderr()).contains("test-holder");
    }
  }

  @Test
  void threadsReleasedTogetherNeverBothHoldTheLockOnTheStore() throws Exception {
    List<String> wrong =
        io.credence.publish.LockContention.rounds(
            hadoop(), 3, 30, "s3a://credence-warehouse/contended", () -> {});
    assertThat(wrong).as("rounds without exactly one holder").isEmpty();
  }

  @Test
  void aDeltaCommitOfATakenVersionIsRefused() throws Exception {
    ConditionalPutLogStore log = new ConditionalPutLogStore(hadoop());
    org.apache.hadoop.fs.Path commit =
        new org.apache.hadoop.fs.Path("s3a://credence-warehouse/log-test/_delta_log/00.json");
    log.write(commit, List.of("{\"first\":1}").iterator(), false, hadoop());
    assertThatThrownBy(
            () -> log.write(commit, List.of("{\"second\":2}").iterator(), false, hadoop()))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    List<String> kept = new java.util.ArrayList<>();
    log.read(commit, hadoop()).forEachRemaining(kept::add);
    assertThat(kept).containsExactly("{\"first\":1}");
  }

  @Test
  void aMissingBucketExitsTwoNamingTheSetting() {
    CliRun run =
        cli("score", "--date", DATE, "--input", INPUT, "--warehouse", "s3a://credence-no-bucket/w");
    assertThat(run.code()).as(run.stderr()).isEqualTo(2);
    assertThat(run.stderr()).contains("no such bucket").contains("storage.s3a.endpoint");
  }

  @Test
  void wrongCredentialsExitTwoNamingTheProviderChain() {
    hadoop().set("fs.s3a.bucket.credence-wrong-key.access.key", "not-the-key");
    CliRun run =
        cli("score", "--date", DATE, "--input", INPUT, "--warehouse", "s3a://credence-wrong-key/w");
    assertThat(run.code()).as(run.stderr()).isEqualTo(2);
    assertThat(run.stderr()).contains("refused access").contains("AWS_ACCESS_KEY_ID");
  }

  @Test
  void anUnreachableEndpointExitsTwoNamingTheSetting() throws Exception {
    String endpoint = hadoop().get("fs.s3a.endpoint");
    int closed;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Path unreachable = dir.resolve("unreachable.yaml");
    Files.writeString(unreachable, storage("http://127.0.0.1:" + closed));
    try {
      CliRun run =
          CliRun.of(
              "score",
              "--date",
              DATE,
              "--input",
              INPUT,
              "--warehouse",
              "s3a://credence-far-away/w",
              "--config",
              unreachable.toString());
      assertThat(run.code()).as(run.stderr()).isEqualTo(2);
      assertThat(run.stderr()).contains("cannot be reached").contains("storage.s3a.endpoint");
    } finally {
      hadoop().set("fs.s3a.endpoint", endpoint);
    }
  }

  @Test
  void withoutConditionalWritesTheLockIsRefusedUnlessASingleWriterIsAsserted() throws Exception {
    Configuration conf = new Configuration(hadoop());
    // S3A as it behaves on a store without conditional writes: it offers no conditional create.
    conf.set("fs.s3a.bucket.credence-unconditional.create.conditional.enabled", "false");
    conf.set("fs.s3a.impl.disable.cache", "true");
    String warehouse = "s3a://credence-unconditional/w";
    assertThatThrownBy(() -> WarehouseLock.acquire(conf, warehouse, "run-a", Duration.ofHours(1)))
        .isInstanceOf(io.credence.error.CredenceException.class)
        .hasMessageContaining("no conditional create")
        .hasMessageContaining("single_writer_asserted");
    conf.set(io.credence.config.StorageSettings.LOCK_MODE, "single_writer_asserted");
    try (WarehouseLock held =
        WarehouseLock.acquire(conf, warehouse, "run-a", Duration.ofHours(1))) {
      // Best effort still stops a second run that starts while one holds the lock.
      assertThatThrownBy(() -> WarehouseLock.acquire(conf, warehouse, "run-b", Duration.ofHours(1)))
          .isInstanceOf(io.credence.error.CredenceException.class)
          .hasMessageContaining("run-a");
      // Delta's commits fall back to check-then-write there, still refusing a taken version.
      ConditionalPutLogStore log = new ConditionalPutLogStore(conf);
      org.apache.hadoop.fs.Path commit =
          new org.apache.hadoop.fs.Path(warehouse + "/t/_delta_log/00.json");
      log.write(commit, List.of("{}").iterator(), false, conf);
      assertThatThrownBy(() -> log.write(commit, List.of("{}").iterator(), false, conf))
          .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }
  }
}
