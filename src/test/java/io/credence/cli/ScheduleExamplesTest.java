package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The schedule examples under jobs/schedules/: a run that hangs (every worker lost, an executor
 * bigger than any worker) held the warehouse lock forever, and every later night exited 4.
 */
class ScheduleExamplesTest {
  private static final Path SCHEDULES = Path.of("jobs/schedules");

  @Test
  void theCronEntryBoundsTheRunWithTimeout() throws Exception {
    List<String> entries =
        Files.readAllLines(SCHEDULES.resolve("credence.cron")).stream()
            .filter(line -> line.contains("scripts/submit") && !line.startsWith("#"))
            .toList();
    assertThat(entries).hasSize(1);
    Matcher limit =
        Pattern.compile("&& timeout (--kill-after=\\S+ )?(\\d+)h scripts/submit ")
            .matcher(entries.get(0));
    assertThat(limit.find()).as(entries.get(0)).isTrue();
    // Well above a normal run (minutes), well below the lock's 12-hour staleness.
    assertThat(Integer.parseInt(limit.group(2))).isBetween(2, 11);
  }

  @Test
  void theDagBoundsEachAttemptAndDoesNotRetrySparkSubmitsOwnFailure() throws Exception {
    String dag = Files.readString(SCHEDULES.resolve("credence_nightly_dag.py"));
    Matcher limit =
        Pattern.compile("\"execution_timeout\": timedelta\\(hours=(\\d+)\\)").matcher(dag);
    assertThat(limit.find()).as("execution_timeout in default_args").isTrue();
    assertThat(Integer.parseInt(limit.group(1))).isBetween(2, 11);
    Matcher notRetried = Pattern.compile("NOT_RETRIED = \\{([^}]*)\\}").matcher(dag);
    assertThat(notRetried.find()).isTrue();
    assertThat(notRetried.group(1)).contains("2:", "3:", "101:").doesNotContain("4:");
  }
}
