package io.credence.cli;

import io.credence.config.S3aEndpoint;
import io.credence.config.StorageConfig;
import io.credence.config.StorageSettings;
import io.credence.spark.SparkSessions;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Where {@link SparkOptions}' {@link #session} lives. Not in that class itself: picocli reads every
 * method signature of an options class (which loads the classes they name), and lookup and serve
 * share those options but run without Spark's jars, so no signature of SparkOptions may name a
 * Spark class.
 */
interface SparkSessionSource {
  /** The master to use when spark-submit set none. */
  String master();

  /**
   * The command's SparkSession (the active one, or a new one on {@link #master}), with Spark's
   * console progress bar only when the command runs in a terminal (not under a scheduler or with
   * its output redirected to a log).
   */
  default SparkSession session(String appName) {
    SparkSessions.Output output =
        System.console() != null ? SparkSessions.Output.TERMINAL : SparkSessions.Output.REDIRECTED;
    return SparkSessions.getOrCreate(appName, master(), output);
  }

  /**
   * As {@link #session(String)}, with the job config's storage settings (S3A endpoint, addressing,
   * region, warehouse lock mode) passed on to Hadoop; a {@code spark.hadoop.*} setting that
   * spark-submit was given wins. {@code paths} are the inputs, warehouse or tables the command
   * reads and writes (null for one not given): before Spark starts, the S3A endpoint of those on
   * {@code s3a://} must accept a connection (exit 2 in seconds, where S3A retries for minutes).
   */
  default SparkSession session(String appName, StorageConfig storage, List<String> paths) {
    S3aEndpoint.requireReachable(
        StorageSettings.beforeSpark(storage), paths, S3aEndpoint.CONNECT_TIMEOUT);
    SparkSession session = session(appName);
    org.apache.spark.SparkConf given = session.sparkContext().getConf();
    StorageSettings.apply(
        session.sparkContext().hadoopConfiguration(),
        key -> given.contains(key) ? given.get(key) : null,
        storage);
    return session;
  }
}
