package io.credence.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The JDK HTTP server's settings the service sets when the operator did not, and its stop. */
class ServerDefaultsTest {
  @Test
  void boundsTheTimeToReadARequestUnlessTheOperatorDid() {
    Properties unset = new Properties();
    ScoreServer.serverDefaults(unset);
    assertThat(unset)
        .containsEntry("sun.net.httpserver.maxReqTime", "10")
        .containsEntry("sun.net.httpserver.maxRspTime", "30")
        .containsEntry("sun.net.httpserver.nodelay", "true");

    Properties operator = new Properties();
    operator.setProperty("sun.net.httpserver.maxReqTime", "3");
    operator.setProperty("sun.net.httpserver.nodelay", "false");
    ScoreServer.serverDefaults(operator);
    assertThat(operator)
        .containsEntry("sun.net.httpserver.maxReqTime", "3")
        .containsEntry("sun.net.httpserver.maxRspTime", "30")
        .containsEntry("sun.net.httpserver.nodelay", "false");
  }

  @Test
  void aStopLetsAFoldInProgressFinishAndCancelsTheNextOnes() throws Exception {
    // shutdownNow interrupted a fold mid-commit: Delta retried the commit on the interrupted
    // thread 200 times, flooding the log, and left an orphan file.
    ScheduledExecutorService background = Executors.newScheduledThreadPool(1);
    CountDownLatch running = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    AtomicBoolean interrupted = new AtomicBoolean();
    background.scheduleWithFixedDelay(
        () -> {
          runs.incrementAndGet();
          running.countDown();
          try {
            Thread.sleep(500); // a commit in progress
          } catch (InterruptedException e) {
            interrupted.set(true);
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    ScoreServer.finishBackground(background, Duration.ofSeconds(10));

    assertThat(background.isTerminated()).isTrue();
    assertThat(interrupted).as("the task in progress was interrupted").isFalse();
    assertThat(runs.get()).as("no run after the stop").isEqualTo(1);

    // One that does not finish within the grace is interrupted.
    ScheduledExecutorService stuck = Executors.newScheduledThreadPool(1);
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean stopped = new AtomicBoolean();
    stuck.execute(
        () -> {
          started.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            stopped.set(true);
          }
        });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    ScoreServer.finishBackground(stuck, Duration.ofMillis(200));
    assertThat(stuck.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(stopped).isTrue();
  }
}
