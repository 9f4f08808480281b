package io.credence.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code credence serve} in a JVM of its own, as the launcher runs it (without Spark's jars), on
 * 127.0.0.1 with a port the system picks, its output appended to a log file; waited for until it
 * listens, and stopped or killed by its pid within a bound.
 */
final class ServeProcess {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  private ServeProcess() {}

  /**
   * Starts {@code java jvmOptions -cp <Spark-free class path> io.credence.cli.Main serve
   * --warehouse W --tokens T --port 0 --journal J options}, standard output and error appended to
   * {@code log}.
   */
  static Process start(
      List<String> jvmOptions,
      String warehouse,
      Path tokens,
      Path journal,
      List<String> options,
      Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(sparkFreeClasspath());
    command.addAll(
        List.of(
            "io.credence.cli.Main",
            "serve",
            "--warehouse",
            warehouse,
            "--tokens",
            tokens.toString(),
            "--port",
            "0",
            "--journal",
            journal.toString()));
    command.addAll(options);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /**
   * Waits up to {@code timeout} for the {@code seen}+1st "listening on" line in {@code log} (lines
   * of earlier processes on the same log come first) and returns its port; fails when the process
   * dies or the time is up.
   */
  static int port(Process p, Path log, int seen, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
      Matcher m = LISTENING.matcher(Files.readString(log));
      int count = 0;
      int port = -1;
      while (m.find()) {
        count++;
        port = Integer.parseInt(m.group(1));
      }
      if (count > seen) {
        return port;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the service did not start: " + Files.readString(log));
  }

  /** Sends SIGTERM to the process's pid and waits up to {@code timeout} for it to end. */
  static void stop(Process p, Duration timeout) throws InterruptedException {
    p.destroy();
    assertThat(p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        .as("serve (pid %d) ended after SIGTERM", p.pid())
        .isTrue();
  }

  /** Sends SIGKILL to the process's pid and waits up to {@code timeout} for it to end. */
  static void kill(Process p, Duration timeout) throws InterruptedException {
    p.destroyForcibly();
    assertThat(p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        .as("serve (pid %d) ended after SIGKILL", p.pid())
        .isTrue();
  }

  /** This JVM's class path without Spark, Scala and test libraries. */
  static String sparkFreeClasspath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (!name.matches("(spark-|scala-|delta-spark|junit|assertj|opentest4j).*")) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
