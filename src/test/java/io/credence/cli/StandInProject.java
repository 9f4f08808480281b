package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of the repository's scripts/ in a stand-in project with a built jar (sources and pom older
 * than it, so no launcher rebuilds), run against a stand-in {@code java} and {@code mvn} on the
 * PATH that only record how they were called: the launchers' own checks, with nothing started.
 */
final class StandInProject {
  /** What a script did: its exit status, its output, and the stand-in tools that ran. */
  record Run(int status, String output, List<String> ran) {}

  private final Path dir;
  private final Path root;
  private final Path ran;

  private StandInProject(Path dir, Path root, Path ran) {
    this.dir = dir;
    this.root = root;
    this.ran = ran;
  }

  /** The project under {@code dir}/project, its spark-classpath.txt holding {@code classpath}. */
  static StandInProject create(Path dir, String classpath) throws IOException {
    Path root = Files.createDirectories(dir.resolve("project"));
    Files.createDirectories(root.resolve("scripts/lib"));
    try (Stream<Path> files = Files.walk(Path.of("scripts"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(
            f,
            root.resolve(f.toString()),
            StandardCopyOption.COPY_ATTRIBUTES,
            StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.createDirectories(root.resolve("src/main"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    FileTime old = FileTime.from(Instant.now().minusSeconds(7200));
    Files.setLastModifiedTime(root.resolve("src/main"), old);
    Files.setLastModifiedTime(root.resolve("pom.xml"), old);
    Path target = Files.createDirectories(root.resolve("target"));
    Files.writeString(target.resolve("credence.jar"), "jar");
    Files.writeString(target.resolve("spark-classpath.txt"), classpath);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : List.of("java", "mvn")) {
      Path stub = bin.resolve(tool);
      Files.writeString(
          stub, "#!/usr/bin/env bash\necho \"" + tool + " $*\" >> \"$RAN\"\nexit 0\n");
      Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return new StandInProject(dir, root, dir.resolve("ran.txt"));
  }

  Path root() {
    return root;
  }

  /**
   * Runs {@code script} (relative to the project) with {@code args}, without the caller's
   * CREDENCE_* variables and SPARK_HOME, and with {@code env}; at most 30 s.
   */
  Run run(String script, Map<String, String> env, String... args) throws Exception {
    Files.deleteIfExists(ran);
    List<String> command = new ArrayList<>(List.of(root.resolve(script).toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("script.out");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("CREDENCE_") || k.equals("SPARK_HOME"));
    environment.put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
    environment.put("RAN", ran.toString());
    environment.putAll(env);
    Process p = builder.start();
    try {
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(script + " ends within 30 s").isTrue();
    } finally {
      p.destroyForcibly();
    }
    List<String> tools = Files.exists(ran) ? Files.readAllLines(ran) : List.of();
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), tools);
  }
}
