package io.credence.cli;

import picocli.CommandLine.Option;

/** The Spark option every command shares, and the session it yields. */
final class SparkOptions implements SparkSessionSource {
  @Option(
      names = "--master",
      paramLabel = "URL",
      defaultValue = "local[*]",
      description = "Spark master when not set by spark-submit (default: ${DEFAULT-VALUE}).")
  String master;

  @Override
  public String master() {
    return master;
  }
}
