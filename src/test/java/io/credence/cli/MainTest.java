package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.SparkTestBase;
import io.credence.config.SparkConfig;
import io.credence.error.StoreErrors;
import io.credence.spark.Starvation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void helpListsEverySubcommandAndExitCodes() {
    CliRun out = CliRun.of("--help");
    assertThat(out.code()).isZero();
    assertThat(out.stdout())
        .contains("generate", "validate", "score", "lookup", "sql")
        .contains("3   a quality gate blocked publication");
  }

  @Test
  void subcommandHelpExitsZero() {
    CliRun out = CliRun.of("score", "--help");
    assertThat(out.code()).isZero();
    assertThat(out.stdout()).contains("--date", "--force", "--config", "--warehouse");
  }

  @Test
  void missingSubcommandIsUsageError() {
    assertThat(CliRun.of().code()).isEqualTo(2);
  }

  @Test
  void unknownOptionIsUsageError() {
    CliRun out = CliRun.of("score", "--no-such-option");
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr()).contains("--no-such-option");
  }

  @Test
  void malformedDateIsUsageError() {
    CliRun out = CliRun.of("score", "--date", "31/10/2026");
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr()).contains("31/10/2026");
  }

  @Test
  void badConfigValueExitsTwoNamingTheKey() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "quality: {psi_warn: 0.3, psi_block: 0.2}\n");
    CliRun out = CliRun.of("score", "--config", config.toString(), "--date", "2026-10-31");
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr()).contains("quality.psi_block");
  }

  @Test
  void missingInputFolderExitsTwoAndWritesNothing() {
    Path warehouse = dir.resolve("wh");
    CliRun out =
        CliRun.of(
            "score",
            "--input",
            dir.resolve("nothing-here").toString(),
            "--warehouse",
            warehouse.toString(),
            "--date",
            "2026-10-31");
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr()).contains("persons").contains("does not exist").contains("fix:");
    assertThat(Files.exists(warehouse)).isFalse();
  }

  @Test
  void scoreRefusesADateAfterTomorrowBeforeReadingAnything() {
    Path warehouse = dir.resolve("future");
    String ahead = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2).toString();
    CliRun out =
        CliRun.of(
            "score",
            "--input",
            "sample-data",
            "--warehouse",
            warehouse.toString(),
            "--date",
            ahead);
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr())
        .contains("credence: --date " + ahead + " is after today")
        .contains("fix: score today's date");
    assertThat(Files.exists(warehouse)).isFalse();
  }

  @Test
  void generateRefusesOutOfRangePopulation() {
    CliRun out =
        CliRun.of("generate", "--persons", "0", "--as-of", "2026-10-31", "--out", dir.toString());
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr()).contains("--persons").contains("\n  fix: pass --persons");
  }

  @Test
  void lookupWithoutWarehouseExitsTwo() {
    CliRun out =
        CliRun.of(
            "lookup",
            "--person",
            "P1",
            "--purpose",
            "test",
            "--warehouse",
            dir.resolve("empty").toString());
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr()).contains("no scores_current table");
  }

  @Test
  void aWarehouseOnAStoreWithoutItsConnectorExitsTwoNamingTheScheme() {
    CliRun out =
        CliRun.of(
            "score",
            "--input",
            dir.resolve("in").toString(),
            "--warehouse",
            "nosuchfs://bucket/warehouse",
            "--date",
            "2026-10-31");
    assertThat(out.code()).as(out.stderr()).isEqualTo(2);
    assertThat(out.stderr())
        .contains("no Hadoop file system for nosuchfs:// paths")
        .contains("connector for nosuchfs://")
        .contains("fix:");
  }

  @Test
  void aFailureWhileTheJvmStopsSaysASignalStoppedItNotABug() {
    // Spark's shutdown hook stops its context under a SIGTERM'd score, which then failed with
    // "unexpected failure: ... No active or default Spark session found" and a stack trace.
    CommandLine cli = Main.commandLine(false);
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    Exception gone = new IllegalStateException("No active or default Spark session found");
    // A read cancelled by the stop was explained as the input's fault (fix: rewrite the files).
    Exception read =
        io.credence.error.InputErrors.notParquet(
            "persons", "/in/persons", "Job 1 cancelled because SparkContext was shut down");
    Main.stopping = true;
    try {
      assertThat(Main.handle(read, cli, null)).isEqualTo(1);
      assertThat(err.toString()).startsWith("credence: stopped by a signal");
      err.getBuffer().setLength(0);
      assertThat(Main.handle(gone, cli, null)).isEqualTo(1);
    } finally {
      Main.stopping = false;
    }
    assertThat(err.toString())
        .startsWith("credence: stopped by a signal")
        .contains("No active or default Spark session found")
        .contains("fix: run the command again")
        .doesNotContain("unexpected failure")
        .doesNotContain("\tat ");

    StringWriter before = new StringWriter();
    cli.setErr(new PrintWriter(before));
    assertThat(Main.handle(gone, cli, null)).isEqualTo(1);
    assertThat(before.toString()).startsWith("credence: unexpected failure");
  }

  @Test
  void aStarvationSaysWhatTheCommandWasDoing() {
    // A score whose snapshot was published before its jobs were cancelled said only "no executor",
    // and an operator could not know that the date was published but not complete.
    CommandLine cli = Main.commandLine(false);
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    Exception published =
        new IllegalStateException(
            "the snapshot of 2026-10-31 was published by run r-1, but a later step failed (the"
                + " runs table says so); rerun the date to complete it: Job 7 cancelled\nat plan");
    Starvation.record(
        StoreErrors.noExecutors(
            "spark://10.0.0.5:7077",
            Duration.ofMinutes(30),
            Duration.ofMinutes(30),
            SparkConfig.EXECUTOR_WAIT_KEY));
    try {
      assertThat(Main.handle(published, cli, null)).isEqualTo(1);
    } finally {
      Starvation.forget();
    }
    assertThat(err.toString())
        .startsWith(
            "credence: the Spark master spark://10.0.0.5:7077 gave the command no executor for 30"
                + " min")
        .contains(
            "is 30 min) (it was at: the snapshot of 2026-10-31 was published by run r-1, but a"
                + " later step failed")
        .contains("rerun the date to complete it: Job 7 cancelled)\n  why: no task runs")
        .contains("\n  fix: start the cluster's workers")
        .doesNotContain("at plan");
  }

  @Test
  void aStarvationOfAnEarlierCommandInTheJvmIsNotTheNextOnesFailure() {
    Starvation.record(
        StoreErrors.noExecutors(
            "spark://10.0.0.5:7077",
            Duration.ofMinutes(30),
            Duration.ofMinutes(30),
            SparkConfig.EXECUTOR_WAIT_KEY));
    try {
      CliRun out =
          CliRun.of(
              "lookup",
              "--person",
              "P1",
              "--purpose",
              "test",
              "--warehouse",
              dir.resolve("empty").toString());
      assertThat(out.code()).isEqualTo(2);
      assertThat(out.stderr()).contains("no scores_current table").doesNotContain("executor");
    } finally {
      Starvation.forget();
    }
  }
}
