package io.credence.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.codegen.GenerateUnsafeProjection;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class SparkSessionsTest extends SparkTestBase {
  @Test
  void aMasterUrlSparkCannotParseIsTheUsersMistake() {
    // The message Spark's SparkContext.createTaskScheduler gives (checked by hand with
    // `scripts/credence validate --master bogus://x`, which now exits 2 with it).
    RuntimeException failure =
        SparkSessions.startFailure(
            new org.apache.spark.SparkException("Could not parse Master URL: 'bogus://x'"),
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
                "local[0]"))
        .isInstanceOfSatisfying(
            io.credence.error.CredenceException.class,
            e -> assertThat(e.exitCode()).isEqualTo(io.credence.error.ExitCode.BAD_INPUT))
        .hasMessageStartingWith("--master local[0] is not a Spark master URL");
    IllegalStateException other = new IllegalStateException("something else");
    assertThat(SparkSessions.startFailure(other, "local[2]")).isSameAs(other);
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
