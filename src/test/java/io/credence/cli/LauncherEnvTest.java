package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers' checks of the CREDENCE_* variables they read (scripts/lib/launcher-env.sh):
 * scripts/credence and scripts/submit, copied into a stand-in project with a built jar, run against
 * a stand-in {@code java} and {@code mvn} that record that they ran. A bad value exits 2 naming the
 * variable and the form it takes, before Maven or Java starts (java used to exit 1 refusing -Xmx).
 */
class LauncherEnvTest {
  @TempDir Path dir;
  private StandInProject project;

  @BeforeEach
  void standInProject() throws IOException {
    project =
        StandInProject.create(
            dir, "/nowhere/slf4j-api-2.0.17.jar:/nowhere/spark-core_2.13-4.1.0.jar");
    assertThat(project.root().resolve("scripts/lib/launcher-env.sh")).exists();
  }

  @Test
  void aDriverMemoryThatIsNotAHeapSizeExitsTwoBeforeJavaStarts() throws Exception {
    StandInProject.Run run =
        launch("scripts/credence", Map.of("CREDENCE_DRIVER_MEMORY", "abc"), "score");
    assertThat(run.status()).as(run.output()).isEqualTo(2);
    assertThat(run.output())
        .contains("CREDENCE_DRIVER_MEMORY is 'abc', not a heap size", "-Xmx", "2g or 512m");
    assertThat(run.ran()).as("java or mvn started").isEmpty();
  }

  @Test
  void everyVariableTheLauncherReadsIsChecked() throws Exception {
    for (String name :
        List.of("CREDENCE_DRIVER_MEMORY", "CREDENCE_LOOKUP_MEMORY", "CREDENCE_SERVE_MEMORY")) {
      for (String bad : List.of("4 g", "0g", "-1g", "4gb", "1.5g")) {
        StandInProject.Run run =
            launch("scripts/credence", Map.of(name, bad), "lookup", "--person", "P1");
        assertThat(run.status()).as(name + "=" + bad).isEqualTo(2);
        assertThat(run.output()).contains(name + " is '" + bad + "', not a heap size");
        assertThat(run.ran()).isEmpty();
      }
    }
    for (String bad : List.of("64m", "abc", "-1")) {
      StandInProject.Run run =
          launch("scripts/credence", Map.of("CREDENCE_SHORT_RUN_BYTES", bad), "score");
      assertThat(run.status()).as(bad).isEqualTo(2);
      assertThat(run.output())
          .contains(
              "CREDENCE_SHORT_RUN_BYTES is '" + bad + "', not a number of bytes", "0 to turn");
      assertThat(run.ran()).isEmpty();
    }
  }

  /** Java refused -Xmx1m itself (exit 1) and Spark a heap under 450 MB (exit 1, a stack trace). */
  @Test
  void aDriverMemoryUnder512mExitsTwoBeforeJavaStarts() throws Exception {
    for (String script : List.of("scripts/credence", "scripts/submit")) {
      for (String small : List.of("1m", "300m", "511m", "524287k", "536870911")) {
        StandInProject.Run run =
            launch(script, Map.of("CREDENCE_DRIVER_MEMORY", small), "--", "validate", "-V");
        assertThat(run.status()).as(script + " " + small + ": " + run.output()).isEqualTo(2);
        assertThat(run.output())
            .contains(
                "CREDENCE_DRIVER_MEMORY is '" + small + "', under the 512m the driver needs",
                "450 MB");
        assertThat(run.ran()).isEmpty();
      }
    }
    StandInProject.Run enough =
        launch("scripts/credence", Map.of("CREDENCE_DRIVER_MEMORY", "524288k"), "sql", "-V");
    assertThat(enough.ran()).singleElement().asString().startsWith("java -Xmx524288k ");
  }

  /** java started with -Xmx1k or -Xmx2m and exited 1 with its own message (or out of memory). */
  @Test
  void aLookupOrServeMemoryUnder128mExitsTwoBeforeJavaStarts() throws Exception {
    Map<String, String> commands =
        Map.of("CREDENCE_LOOKUP_MEMORY", "lookup", "CREDENCE_SERVE_MEMORY", "serve");
    for (Map.Entry<String, String> c : commands.entrySet()) {
      for (String small : List.of("1k", "2m", "64m", "127m", "131071k", "127")) {
        StandInProject.Run run =
            launch("scripts/credence", Map.of(c.getKey(), small), c.getValue());
        assertThat(run.status()).as(c.getKey() + "=" + small + ": " + run.output()).isEqualTo(2);
        assertThat(run.output())
            .contains(c.getKey() + " is '" + small + "', under the 128m ", "why: ", "fix: ");
        assertThat(run.ran()).isEmpty();
      }
      StandInProject.Run enough =
          launch("scripts/credence", Map.of(c.getKey(), "131072k"), c.getValue());
      assertThat(enough.ran()).singleElement().asString().contains("-Xmx131072k ");
    }
  }

  @Test
  void goodValuesReachJava() throws Exception {
    StandInProject.Run run =
        launch(
            "scripts/credence",
            Map.of("CREDENCE_DRIVER_MEMORY", "3g", "CREDENCE_SHORT_RUN_BYTES", "0"),
            "score",
            "--version");
    assertThat(run.status()).as(run.output()).isZero();
    assertThat(run.ran()).singleElement().asString().startsWith("java -Xmx3g ");
    StandInProject.Run lookup =
        launch("scripts/credence", Map.of("CREDENCE_LOOKUP_MEMORY", "700M"), "lookup");
    assertThat(lookup.ran()).singleElement().asString().contains("-Xmx700M ");
    StandInProject.Run empty =
        launch("scripts/credence", Map.of("CREDENCE_DRIVER_MEMORY", ""), "sql", "-V");
    assertThat(empty.ran()).singleElement().asString().startsWith("java -Xmx4g ");
  }

  @Test
  void submitChecksTheDriverMemoryToo() throws Exception {
    StandInProject.Run run =
        launch("scripts/submit", Map.of("CREDENCE_DRIVER_MEMORY", "lots"), "--", "score");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.output()).contains("CREDENCE_DRIVER_MEMORY is 'lots', not a heap size");
    assertThat(run.ran()).isEmpty();
  }

  private StandInProject.Run launch(String script, Map<String, String> env, String... args)
      throws Exception {
    return project.run(script, env, args);
  }
}
