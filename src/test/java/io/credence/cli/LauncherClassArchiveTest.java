package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data-sharing archive ({@code java_with_archive} in
 * scripts/lib/class-archive.sh), run against a stand-in {@code java} that records its arguments,
 * writes the archive it is asked to and exits as told: the first run of a command after a build
 * writes the archive only when it did the command's work, and later runs map it.
 */
class LauncherClassArchiveTest {
  private static final String MAIN = "io.credence.cli.Main";

  @TempDir Path dir;
  private Path target;
  private Path archive;

  @BeforeEach
  void build() throws IOException {
    target = Files.createDirectories(dir.resolve("target"));
    archive = target.resolve("score.jsa");
    Path jar = Files.writeString(target.resolve("credence.jar"), "jar");
    Path classpath = Files.writeString(target.resolve("spark-classpath.txt"), "a.jar:b.jar");
    FileTime built = FileTime.from(Instant.now().minusSeconds(3600));
    Files.setLastModifiedTime(jar, built);
    Files.setLastModifiedTime(classpath, built);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(
        java,
        """
        #!/usr/bin/env bash
        printf '%s\\n' "$@" > "$FAKE_JAVA_ARGS"
        if [[ -n "${FAKE_JAVA_STDIN:-}" ]]; then cat > "$FAKE_JAVA_STDIN"; fi
        if [[ -n "${FAKE_JAVA_STOPPED:-}" ]]; then
          sleep 60 &
          trap 'kill $!; printf stopped > "$FAKE_JAVA_STOPPED"; exit 143' TERM
          printf ready > "$FAKE_JAVA_STOPPED.ready"
          wait
        fi
        for arg in "$@"; do
          case "$arg" in
            -XX:ArchiveClassesAtExit=*) printf 'classes' > "${arg#-XX:ArchiveClassesAtExit=}" ;;
          esac
        done
        exit "${FAKE_JAVA_EXIT:-0}"
        """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void aSuccessfulFirstRunWritesTheArchiveAndTheNextRunMapsIt() throws Exception {
    Run first = launch(0, "score", "--date", "2026-10-31");
    assertThat(first.status()).isZero();
    assertThat(first.javaArgs()).anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=" + archive));
    assertThat(archive).hasContent("classes");
    assertThat(filesInTarget()).doesNotContain("score.jsa." + first.pid());

    Run second = launch(0, "score", "--date", "2026-10-31");
    assertThat(second.javaArgs()).contains("-XX:SharedArchiveFile=" + archive);
    assertThat(second.javaArgs()).noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"));
  }

  @Test
  void aFailedRunLeavesNoArchiveAndTheNextRunWritesIt() throws Exception {
    Run failed = launch(4, "score", "--date", "2026-10-31");
    assertThat(failed.status()).as("java's exit status, passed on").isEqualTo(4);
    assertThat(failed.javaArgs()).anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit="));
    assertThat(archive).doesNotExist();
    assertThat(filesInTarget()).noneMatch(f -> f.startsWith("score.jsa"));

    assertThat(launch(0, "score", "--date", "2026-10-31").status()).isZero();
    assertThat(archive).hasContent("classes");
  }

  @Test
  void aRunForHelpOrTheVersionWritesNoArchive() throws Exception {
    for (String ask : List.of("-h", "--help", "-V", "--version")) {
      Run run = launch(0, "score", ask);
      assertThat(run.status()).isZero();
      assertThat(run.javaArgs()).as(ask).contains(MAIN, ask);
      assertThat(run.javaArgs()).as(ask).noneMatch(a -> a.startsWith("-XX:"));
      assertThat(filesInTarget()).as(ask).noneMatch(f -> f.startsWith("score.jsa"));
    }
  }

  @Test
  void anArchiveOlderThanTheJarIsWrittenAgain() throws Exception {
    Files.writeString(archive, "old");
    Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(7200)));
    Run run = launch(0, "score", "--date", "2026-10-31");
    assertThat(run.javaArgs()).anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=" + archive));
    assertThat(archive).hasContent("classes");
  }

  @Test
  void theFirstRunReadsTheLaunchersStandardInput() throws Exception {
    // java runs in the background there, where bash would give it /dev/null (lookup --person -).
    Path read = dir.resolve("stdin.txt");
    Run run = launch(0, Map.of("FAKE_JAVA_STDIN", read.toString()), "lookup", "--person", "-");
    assertThat(run.status()).isZero();
    assertThat(read).hasContent("P0000000042");
  }

  @Test
  void aStopOfTheFirstRunsLauncherStopsJavaAndLeavesNoArchive() throws Exception {
    // The launcher's pid is what a scheduler stops; java went on, holding the warehouse lock.
    Path stopped = dir.resolve("stopped.txt");
    Process launcher = start(0, Map.of("FAKE_JAVA_STOPPED", stopped.toString()), "score");
    try {
      Path ready = Path.of(stopped + ".ready");
      for (int i = 0; i < 300 && !Files.exists(ready); i++) {
        Thread.sleep(100);
      }
      assertThat(ready).as("java started").exists();
      launcher.destroy(); // SIGTERM
      assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
    } finally {
      launcher.destroyForcibly();
    }
    assertThat(stopped).as("java was stopped").hasContent("stopped");
    assertThat(launcher.exitValue()).as("java's status, passed on").isEqualTo(143);
    assertThat(filesInTarget()).noneMatch(f -> f.startsWith("score.jsa"));
  }

  /** What a launch did: its exit status and pid, and the arguments the stand-in java was given. */
  private record Run(int status, long pid, List<String> javaArgs) {}

  /** Sources the launcher's library and runs java_with_archive ARCHIVE -Xmx1g MAIN ARGS. */
  private Run launch(int javaExit, String... args) throws Exception {
    return launch(javaExit, Map.of(), args);
  }

  /** As above, with the stand-in java's further settings {@code env}. */
  private Run launch(int javaExit, Map<String, String> env, String... args) throws Exception {
    Process p = start(javaExit, env, args);
    if (env.containsKey("FAKE_JAVA_STDIN")) {
      try (var in = p.getOutputStream()) {
        in.write("P0000000042".getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("bash ends within 30 s").isTrue();
    } finally {
      p.destroyForcibly();
    }
    Path recorded = dir.resolve("java-args.txt");
    long pid = Long.parseLong(Files.readString(Path.of(recorded + ".pid")).strip());
    return new Run(p.exitValue(), pid, Files.readAllLines(recorded, StandardCharsets.UTF_8));
  }

  /** Starts the launch of {@link #launch(int, Map, String...)}; its standard input is a pipe. */
  private Process start(int javaExit, Map<String, String> settings, String... args)
      throws IOException {
    Path recorded = dir.resolve("java-args.txt");
    Files.deleteIfExists(recorded);
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                "-c",
                "jar=\"$1/credence.jar\"; classpath_file=\"$1/spark-classpath.txt\"; source \"$2\";"
                    + " archive=\"$3\"; shift 3; echo $$ > \"$FAKE_JAVA_ARGS.pid\";"
                    + " java_with_archive \"$archive\" \"$@\"",
                "class-archive",
                target.toString(),
                Path.of("scripts/lib/class-archive.sh").toAbsolutePath().toString(),
                archive.toString(),
                "-Xmx1g",
                MAIN));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("launch.out").toFile());
    Map<String, String> env = builder.environment();
    env.put("PATH", dir.resolve("bin") + ":" + env.get("PATH"));
    env.put("FAKE_JAVA_ARGS", recorded.toString());
    env.put("FAKE_JAVA_EXIT", String.valueOf(javaExit));
    env.putAll(settings);
    return builder.start();
  }

  private List<String> filesInTarget() throws IOException {
    try (Stream<Path> files = Files.list(target)) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }
}
