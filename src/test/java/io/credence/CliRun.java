package io.credence;

import io.credence.cli.Main;
import io.credence.serve.LogLines;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs the command line in-process and captures its exit code, stdout, stderr and the lines the
 * io.credence loggers log meanwhile ({@link LogLines#under}: the test log configuration's console
 * appender writes to the System.err of the JVM's start, never to the captured one).
 */
public record CliRun(int code, String stdout, String stderr, List<String> logs) {

  /** Runs {@code credence args...}. */
  public static CliRun of(String... args) {
    return withInput("", args);
  }

  /** Runs {@code credence args...} with {@code stdin} as its standard input. */
  public static CliRun withInput(String stdin, String... args) {
    InputStream oldIn = System.in;
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (LogLines log = LogLines.under("io.credence")) {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new CliRun(
          code,
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8),
          log.lines());
    } finally {
      System.setIn(oldIn);
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** The log lines as one text, a line each, for assertions such as doesNotContain. */
  public String logText() {
    return String.join("\n", logs);
  }
}
