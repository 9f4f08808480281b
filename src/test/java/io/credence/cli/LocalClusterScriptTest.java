package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/local-cluster start in a stand-in project, with a stand-in {@code java} and {@code mvn}
 * that only record that they ran, and a {@code sleep} this test starts (and stops by its pid)
 * standing in for a live worker: no cluster is started.
 */
class LocalClusterScriptTest {
  @TempDir Path dir;

  /**
   * A master that died with its workers alive: start deleted the state folder with the workers' pid
   * files, so they kept running, re-registered with the new master and outlived stop.
   */
  @Test
  void startRefusesWhileARecordedWorkerIsAlive() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    Process ended = new ProcessBuilder("true").start();
    assertThat(ended.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Process worker = new ProcessBuilder("sleep", "60").start();
    try {
      Files.writeString(state.resolve("master.pid"), ended.pid() + "\n");
      Files.writeString(state.resolve("worker-1.pid"), worker.pid() + "\n");
      Files.writeString(state.resolve("master-url"), "spark://127.0.0.1:7077\n");
      StandInProject.Run run = start(state);
      assertThat(run.status()).as(run.output()).isEqualTo(2);
      assertThat(run.output())
          .contains(
              "already running: worker-1 (pid " + worker.pid() + ")",
              "fix: run scripts/local-cluster stop first");
      assertThat(run.ran()).as("java or mvn started").isEmpty();
      assertThat(state.resolve("worker-1.pid")).hasContent(worker.pid() + "\n");
      assertThat(worker.isAlive()).isTrue();
    } finally {
      worker.destroy();
      worker.waitFor(10, TimeUnit.SECONDS);
    }
    // Only dead processes recorded: start goes on (the stand-in java ends at once, so it fails
    // waiting for workers, but it started them).
    StandInProject.Run again = start(state);
    assertThat(again.status()).as(again.output()).isEqualTo(1);
    assertThat(again.ran()).anyMatch(line -> line.contains("deploy.master.Master"));
  }

  private StandInProject.Run start(Path state) throws Exception {
    return StandInProject.create(dir, "/nowhere/spark-core.jar")
        .run(
            "scripts/local-cluster",
            Map.of("CREDENCE_CLUSTER_DIR", state.toString(), "CREDENCE_CLUSTER_START_TIMEOUT", "5"),
            "start");
  }
}
