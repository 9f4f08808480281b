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

  /**
   * The command's SparkSession (the active one, or a new one on {@link #master}), with Spark's
   * console progress bar only when the command runs in a terminal (not under a scheduler or with
   * its output redirected to a log).
   */
  SparkSession session(String appName) {
    SparkSessions.Output output =
        System.console() != null ? SparkSessions.Output.TERMINAL : SparkSessions.Output.REDIRECTED;
    return SparkSessions.getOrCreate(appName, master, output);
  }
}
