package io.credence.cli;

import io.credence.job.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The Spark option every command shares, and the session it yields. */
final class SparkOptions {
  @Option(
      names = "--master",
      paramLabel = "URL",
      defaultValue = "local[*]",
      description = "Spark master when not set by spark-submit (default: ${DEFAULT-VALUE}).")
  String master;

  /** The command's SparkSession (the active one, or a new one on {@link #master}). */
  SparkSession session(String appName) {
    return SparkSessions.getOrCreate(appName, master);
  }
}
