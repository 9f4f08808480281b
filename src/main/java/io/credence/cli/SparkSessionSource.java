package io.credence.cli;

import io.credence.config.ConfigLoader;
import io.credence.config.JobConfig;
import io.credence.config.S3aEndpoint;
import io.credence.config.StorageSettings;
import io.credence.spark.SparkSessions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Where {@link SparkOptions}' {@link #session} lives. Not in that class itself: picocli reads every
 * method signature of an options class (which loads the classes they name), and lookup and serve
 * share those options but run without Spark's jars, so no signature of SparkOptions may name a
 * Spark class.
 */
interface SparkSessionSource {
  /**
   * A system property that, when set, replaces {@code spark.executor_wait_minutes} by a number of
   * seconds: for tests only, which cannot wait minutes for a cluster without workers to fail.
   */
  String TEST_EXECUTOR_WAIT_SECONDS = "credence.test.executor_wait_seconds";

  /** The master to use when spark-submit set none. */
  String master();

  /**
   * The command's SparkSession (the active one, or a new one on {@link #master}), with Spark's
   * console progress bar only when the command runs in a terminal (not under a scheduler or with
   * its output redirected to a log), and the built-in bound on its wait for executors: for the
   * commands that read no job config.
   */
  default SparkSession session(String appName) {
    return session(appName, ConfigLoader.load(null, Map.of()).config().spark().executorWait());
  }

  /**
   * As {@link #session(String)}, with the job config's bound on the wait for executors and its
   * storage settings (S3A endpoint, addressing, region, warehouse lock mode) passed on to Hadoop; a
   * {@code spark.hadoop.*} setting that spark-submit was given wins. {@code paths} are the inputs,
   * warehouse or tables the command reads and writes (null for one not given): before Spark starts,
   * the S3A endpoint of those on {@code s3a://} must accept a connection (exit 2 in seconds, where
   * S3A retries for minutes).
   */
  default SparkSession session(String appName, JobConfig config, List<String> paths) {
    S3aEndpoint.requireReachable(
        StorageSettings.beforeSpark(config.storage()), paths, S3aEndpoint.CONNECT_TIMEOUT);
    SparkSession session = session(appName, config.spark().executorWait());
    org.apache.spark.SparkConf given = session.sparkContext().getConf();
    StorageSettings.apply(
        session.sparkContext().hadoopConfiguration(),
        key -> given.contains(key) ? given.get(key) : null,
        config.storage());
    return session;
  }

  private SparkSession session(String appName, Duration executorWait) {
    SparkSessions.Output output =
        System.console() != null ? SparkSessions.Output.TERMINAL : SparkSessions.Output.REDIRECTED;
    String testSeconds = System.getProperty(TEST_EXECUTOR_WAIT_SECONDS);
    Duration wait =
        testSeconds == null ? executorWait : Duration.ofSeconds(Long.parseLong(testSeconds));
    return SparkSessions.getOrCreate(appName, master(), output, wait);
  }
}
