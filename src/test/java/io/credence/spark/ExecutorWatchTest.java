package io.credence.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.EndToEnd;
import io.credence.TestJvm;
import io.credence.cli.Main;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.deploy.master.Master;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A score run against a standalone master with no worker: Spark alone waits for executors forever,
 * holding the warehouse lock; the watch cancels the run's jobs at the limit (3 s here, by the
 * test's override), and the run exits 1 naming the master and the limit, with the lock released.
 * The master and the run are separate JVMs on 127.0.0.1, as an operator's would be.
 */
@EndToEnd
class ExecutorWatchTest {
  @TempDir Path dir;

  @Test
  void aRunOnAClusterWithoutWorkersFailsAtTheLimitAndReleasesTheLock() throws Exception {
    int port = freePort();
    Process master =
        masterJvm(port, freePort()).redirectOutput(dir.resolve("master.out").toFile()).start();
    try {
      awaitListening(port, master);
      Path warehouse = dir.resolve("warehouse");
      Path out = dir.resolve("score.out");
      Process run =
          TestJvm.of(
                  Main.class,
                  List.of(
                      "-Xmx1g",
                      "-Dcredence.test.executor_wait_seconds=3",
                      "-Dspark.ui.enabled=false"),
                  List.of(
                      "score",
                      "--date",
                      "2026-10-31",
                      "--input",
                      Path.of("sample-data").toAbsolutePath().toString(),
                      "--warehouse",
                      warehouse.toString(),
                      "--master",
                      "spark://127.0.0.1:" + port))
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      try {
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("the run ends within 120 s").isTrue();
      } finally {
        run.destroyForcibly();
      }
      String output = Files.readString(out);
      assertThat(run.exitValue()).as(output).isEqualTo(1);
      assertThat(output)
          .contains(
              "credence: the Spark master spark://127.0.0.1:"
                  + port
                  + " gave the command no executor for ",
              "(the limit, spark.executor_wait_minutes, is 3 s)",
              "fix: start the cluster's workers")
          .doesNotContain("unexpected failure");
      // The run took the lock before its first Spark job, so it held it while the jobs waited.
      assertThat(warehouse.resolve("_credence.lock")).doesNotExist();
    } finally {
      master.destroy();
      if (!master.waitFor(30, TimeUnit.SECONDS)) {
        master.destroyForcibly();
      }
    }
  }

  /**
   * A standalone master on 127.0.0.1, its web UI too (SPARK_LOCAL_IP), as scripts/local-cluster.
   */
  private ProcessBuilder masterJvm(int port, int webUiPort) {
    ProcessBuilder master =
        TestJvm.of(
                Master.class,
                List.of("-Xmx256m"),
                List.of(
                    "--host",
                    "127.0.0.1",
                    "--port",
                    String.valueOf(port),
                    "--webui-port",
                    String.valueOf(webUiPort)))
            .redirectErrorStream(true);
    master.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return master;
  }

  /** Waits up to 60 s for the master's port to accept a connection. */
  private static void awaitListening(int port, Process master) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && master.isAlive()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the standalone master did not listen on " + port + " within 60 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
