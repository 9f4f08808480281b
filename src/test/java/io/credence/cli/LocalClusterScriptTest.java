package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
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
      Run run = start(state);
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
    Run again = start(state);
    assertThat(again.status()).as(again.output()).isEqualTo(1);
    assertThat(again.ran()).anyMatch(line -> line.contains("deploy.master.Master"));
  }

  /** What a run did: its exit status, its output, and the stand-in tools that ran. */
  private record Run(int status, String output, List<String> ran) {}

  private Run start(Path state) throws Exception {
    Path root = dir.resolve("project");
    Files.createDirectories(root.resolve("scripts"));
    for (String f : List.of("scripts/local-cluster", "scripts/java17-flags")) {
      Files.copy(
          Path.of(f),
          root.resolve(f),
          StandardCopyOption.COPY_ATTRIBUTES,
          StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.setLastModifiedTime(
        root.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(7200)));
    Files.createDirectories(root.resolve("target"));
    Files.writeString(root.resolve("target/spark-classpath.txt"), "/nowhere/spark-core.jar");
    Path ran = dir.resolve("ran.txt");
    Files.deleteIfExists(ran);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : List.of("java", "mvn")) {
      Path stub = bin.resolve(tool);
      Files.writeString(
          stub, "#!/usr/bin/env bash\necho \"" + tool + " $*\" >> \"$RAN\"\nexit 0\n");
      Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path out = dir.resolve("start.out");
    ProcessBuilder builder =
        new ProcessBuilder(root.resolve("scripts/local-cluster").toString(), "start")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("CREDENCE_"));
    builder.environment().put("PATH", bin + ":/usr/bin:/bin");
    builder.environment().put("RAN", ran.toString());
    builder.environment().put("CREDENCE_CLUSTER_DIR", state.toString());
    builder.environment().put("CREDENCE_CLUSTER_START_TIMEOUT", "5");
    Process p = builder.start();
    try {
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("start ends within 30 s").isTrue();
    } finally {
      p.destroyForcibly();
    }
    List<String> tools = Files.exists(ran) ? Files.readAllLines(ran) : List.of();
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), tools);
  }
}
