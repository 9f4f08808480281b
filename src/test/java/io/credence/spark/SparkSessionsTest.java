package io.credence.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.SparkTestBase;
import io.credence.TestJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.codegen.GenerateUnsafeProjection;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

class SparkSessionsTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void aMasterUrlSparkCannotParseIsTheUsersMistake() {
    // The message Spark's SparkContext.createTaskScheduler gives (checked by hand with
    // `scripts/credence validate --master bogus://x`, which now exits 2 with it).
    RuntimeException failure =
        SparkSessions.startFailure(
            new org.apache.spark.SparkException("Could not parse Master URL: 'bogus://x'"),
            null,
            "bogus://x");
    assertThat(failure)
        .isInstanceOfSatisfying(
            io.credence.error.CredenceException.class,
            e -> assertThat(e.exitCode()).isEqualTo(io.credence.error.ExitCode.BAD_INPUT))
        .hasMessageStartingWith(
            "--master bogus://x is not a Spark master URL: Could not parse Master URL: 'bogus://x'");
    // local[0] fails the same way, in Spark's words (exit 1 with a stack trace before).
    assertThat(
            SparkSessions.startFailure(
                new org.apache.spark.SparkException("Asked to run locally with 0 threads"),
                null,
                "local[0]"))
        .isInstanceOfSatisfying(
            io.credence.error.CredenceException.class,
            e -> assertThat(e.exitCode()).isEqualTo(io.credence.error.ExitCode.BAD_INPUT))
        .hasMessageStartingWith("--master local[0] is not a Spark master URL");
    IllegalStateException other = new IllegalStateException("something else");
    assertThat(SparkSessions.startFailure(other, null, "local[2]")).isSameAs(other);
  }

  /**
   * A spark:// URL without its port: Spark's SparkException, seen by hand with `scripts/credence
   * validate --master spark://127.0.0.1` (exit 1 "unexpected failure" with a stack trace before).
   */
  @Test
  void aStandaloneMasterWithoutItsPortIsTheUsersMistake() {
    assertThat(
            SparkSessions.startFailure(
                new org.apache.spark.SparkException("Invalid master URL: spark://127.0.0.1"),
                null,
                "spark://127.0.0.1"))
        .isInstanceOfSatisfying(
            io.credence.error.CredenceException.class,
            e -> assertThat(e.exitCode()).isEqualTo(io.credence.error.ExitCode.BAD_INPUT))
        .hasMessageStartingWith(
            "--master spark://127.0.0.1 is not a Spark master URL: Invalid master URL")
        .hasMessageContaining("spark://HOST:PORT");
    assertThat(
            SparkSessions.startFailure(
                new org.apache.spark.SparkException("Invalid master URL: spark://127.0.0.1"),
                "spark://127.0.0.1",
                "local[*]"))
        .isInstanceOf(io.credence.error.CredenceException.class)
        .hasMessageStartingWith("spark.master spark://127.0.0.1 (set by spark-submit");
  }

  /**
   * A driver or executor memory under Spark's 450 MB minimum: Spark's own exceptions, as the
   * context throws them (exit 1 "unexpected failure" with a stack trace before).
   */
  @Test
  void memoryBelowSparksMinimumIsTheUsersMistake() {
    RuntimeException executor =
        SparkSessions.startFailure(
            new org.apache.spark.SparkIllegalArgumentException(
                "INVALID_EXECUTOR_MEMORY",
                java.util.Map.of(
                    "executorMemory", "314572800",
                    "minSystemMemory", "471859200",
                    "config", "spark.executor.memory")),
            "spark://127.0.0.1:7077",
            "local[*]");
    assertThat(executor)
        .isInstanceOfSatisfying(
            io.credence.error.CredenceException.class,
            e -> assertThat(e.exitCode()).isEqualTo(io.credence.error.ExitCode.BAD_INPUT))
        .hasMessageStartingWith(
            "the executors' memory is too small for Spark: [INVALID_EXECUTOR_MEMORY] Executor"
                + " memory 314572800 must be at least 471859200")
        .hasMessageContaining("--executor-memory 1g");
    RuntimeException driver =
        SparkSessions.startFailure(
            new org.apache.spark.SparkIllegalArgumentException(
                "INVALID_DRIVER_MEMORY",
                java.util.Map.of(
                    "systemMemory", "314572800",
                    "minSystemMemory", "471859200",
                    "config", "spark.driver.memory")),
            null,
            "local[*]");
    assertThat(driver)
        .isInstanceOfSatisfying(
            io.credence.error.CredenceException.class,
            e -> assertThat(e.exitCode()).isEqualTo(io.credence.error.ExitCode.BAD_INPUT))
        .hasMessageStartingWith(
            "the driver's memory is too small for Spark: [INVALID_DRIVER_MEMORY] System memory"
                + " 314572800 must be at least 471859200")
        .hasMessageContaining("CREDENCE_DRIVER_MEMORY=1g");
  }

  /**
   * A master URL spark-submit set (spark.master) is named as such, not as credence's --master,
   * which spark-submit's overrides.
   */
  @Test
  void aMasterUrlFromSparkSubmitIsNamedAsSparkSubmits() {
    RuntimeException failure =
        SparkSessions.startFailure(
            new org.apache.spark.SparkException("Could not parse Master URL: 'bogus://x'"),
            "bogus://x",
            "local[*]");
    assertThat(failure)
        .isInstanceOfSatisfying(
            io.credence.error.CredenceException.class,
            e -> assertThat(e.exitCode()).isEqualTo(io.credence.error.ExitCode.BAD_INPUT))
        .hasMessageStartingWith(
            "spark.master bogus://x (set by spark-submit: its --master, a --conf or"
                + " spark-defaults.conf) is not a Spark master URL: Could not parse Master URL")
        .hasMessageContaining("give spark-submit --master local[*]")
        .hasMessageNotContaining("local[*] is not")
        .hasMessageNotContaining("leave --master out");
  }

  /**
   * A spark:// master nobody listens on: exit 2 naming HOST:PORT at once, from the check before the
   * SparkContext (whose own client retried for about a minute, then exit 1). The command runs in
   * its own JVM, where no session is active yet.
   */
  @Test
  void anUnreachableStandaloneMasterExitsTwoBeforeASparkContextStarts() throws Exception {
    int closed = closedPort();
    Path out = dir.resolve("master.out");
    Process p =
        TestJvm.of(
                io.credence.cli.Main.class,
                List.of(),
                List.of(
                    "validate",
                    "--date",
                    "2026-10-31",
                    "--input",
                    Path.of("sample-data").toAbsolutePath().toString(),
                    "--master",
                    "spark://127.0.0.1:" + closed))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      assertThat(p.waitFor(50, TimeUnit.SECONDS)).as("the command ends within 50 s").isTrue();
    } finally {
      p.destroyForcibly();
    }
    String output = Files.readString(out);
    assertThat(p.exitValue()).as(output).isEqualTo(2);
    // Only the check before the SparkContext says "cannot be reached"; Spark's own failure came
    // after about a minute.
    assertThat(output)
        .contains(
            "the Spark master spark://127.0.0.1:" + closed + " cannot be reached",
            "127.0.0.1:" + closed + " (",
            "is the master started? check --master")
        .doesNotContain("All masters are unresponsive");
  }

  @Test
  void oneReachableMasterOfSeveralIsEnough() throws Exception {
    int closed = closedPort();
    try (ServerSocket standby = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String master = "spark://127.0.0.1:" + closed + ",127.0.0.1:" + standby.getLocalPort();
      SparkSessions.requireReachableMaster(master, Duration.ofSeconds(3));
    }
    SparkSessions.requireReachableMaster("local[2]", Duration.ofSeconds(3));
    SparkSessions.requireReachableMaster("spark://no-port", Duration.ofSeconds(3));
    assertThatThrownBy(
            () ->
                SparkSessions.requireReachableMaster(
                    "spark://127.0.0.1:" + closed, Duration.ofSeconds(3)))
        .isInstanceOfSatisfying(
            io.credence.error.CredenceException.class,
            e -> assertThat(e.exitCode()).isEqualTo(io.credence.error.ExitCode.BAD_INPUT))
        .hasMessageContaining("127.0.0.1:" + closed);
  }

  /** Spark's own words when registration fails after the check passed map to exit 2 too. */
  @Test
  void mastersThatNeverRegisterTheApplicationAreTheUsersToFix() {
    RuntimeException failure =
        SparkSessions.startFailure(
            new IllegalStateException(
                "Exiting due to error from cluster scheduler: All masters are unresponsive!"
                    + " Giving up."),
            "spark://127.0.0.1:7077", // as spark-submit's
            "local[*]");
    assertThat(failure)
        .isInstanceOfSatisfying(
            io.credence.error.CredenceException.class,
            e -> assertThat(e.exitCode()).isEqualTo(io.credence.error.ExitCode.BAD_INPUT))
        .hasMessageStartingWith(
            "the Spark master spark://127.0.0.1:7077 did not take the application")
        .hasMessageContaining("is the master started? check --master");
    // What the session's start really throws (seen with a port that accepts but is no master: 73 s,
    // then exit 1 with this, after Spark logged "All masters are unresponsive").
    assertThat(
            SparkSessions.startFailure(
                new IllegalStateException(
                    "Cannot call methods on a stopped SparkContext.\nThis stopped SparkContext was"
                        + " created at: ..."),
                null,
                "spark://127.0.0.1:7077"))
        .isInstanceOf(io.credence.error.CredenceException.class)
        .hasMessageStartingWith(
            "the Spark master spark://127.0.0.1:7077 did not take the application");
    IllegalStateException stoppedLocally =
        new IllegalStateException("Cannot call methods on a stopped SparkContext.");
    assertThat(SparkSessions.startFailure(stoppedLocally, null, "local[2]"))
        .isSameAs(stoppedLocally);
    assertThat(
            io.credence.error.StoreFailures.explain(
                new RuntimeException(
                    "wrapped",
                    new org.apache.spark.SparkException(
                        "Job aborted: All masters are unresponsive! Giving up."))))
        .hasMessageStartingWith("the Spark master did not take the application");
  }

  /** A loopback port nothing listens on (bound, then closed). */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void sparksCatalogFolderIsNotLeftWhereCredenceStarts() {
    // The production builder's catalog folder is a temporary one, not ./spark-warehouse.
    Path catalog = Path.of(java.net.URI.create(spark().conf().get(SparkSessions.CATALOG_DIR)));
    assertThat(catalog).startsWith(Path.of(System.getProperty("java.io.tmpdir")));
    assertThat(catalog.getFileName().toString()).startsWith("credence-spark-catalog-");
    spark().sql("SELECT 1").collectAsList(); // uses the catalog, which creates its folder
    assertThat(catalog).isEmptyDirectory();
  }

  @Test
  void consoleProgressBarOnlyInATerminal() {
    assertThat(SparkSessions.consoleProgress(SparkSessions.Output.TERMINAL, null))
        .isEqualTo("true");
    assertThat(SparkSessions.consoleProgress(SparkSessions.Output.REDIRECTED, null))
        .isEqualTo("false");
  }

  @Test
  void consoleProgressSetBySparkSubmitWins() {
    assertThat(SparkSessions.consoleProgress(SparkSessions.Output.REDIRECTED, "true"))
        .isEqualTo("true");
    assertThat(SparkSessions.consoleProgress(SparkSessions.Output.TERMINAL, "false"))
        .isEqualTo("false");
  }

  /**
   * Adaptive execution coalesces shuffle partitions up to 16 MB, not Spark's 64 MB, which left a
   * 1M-person run's merge, scores and features' write with 3 tasks on 2 cores (see {@link
   * SparkSessions#ADVISORY_PARTITION_SIZE}; the benchmark measures the effect).
   */
  @Test
  void shufflePartitionsCoalesceUpTo16Megabytes() {
    assertThat(spark().conf().get(SparkSessions.ADVISORY_PARTITION_SIZE)).isEqualTo("16m");
  }

  /**
   * A class generated before 150 others (more than Spark's default cache of 100 keeps) is still
   * compiled when the same code is generated again, as a second run in the same JVM does.
   */
  @Test
  void generatedCodeStaysCompiledAcrossMoreClassesThanSparksDefaultCacheHolds() {
    assertThat(spark().conf().get(SparkSessions.CODEGEN_CACHE_ENTRIES)).isEqualTo("2000");
    long before = compilations();
    for (int i = 0; i < 150; i++) {
      constantProjection(i);
    }
    long afterAll = compilations();
    assertThat(afterAll - before).as("each constant compiles to a class of its own").isEqualTo(150);
    constantProjection(0);
    assertThat(compilations()).as("the first class compiled again").isEqualTo(afterAll);
  }

  /** Compiles (or finds compiled) a projection writing one int constant, distinct for each n. */
  private static void constantProjection(int n) {
    // An offset no other test's code carries, so that every class here is compiled by this test.
    List<Expression> constant = List.of(Literal.create(1_000_000_007 + n, DataTypes.IntegerType));
    GenerateUnsafeProjection.generate(CollectionConverters.asScala(constant).toSeq());
  }

  private static long compilations() {
    return CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
  }
}
