package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/submit's checks of the spark-submit options it passes on (scripts/lib/submit-options.sh),
 * run in a stand-in project with a built jar and no spark-submit installed, against a stand-in
 * {@code java} and {@code mvn} that record how they were called.
 */
class LauncherSubmitTest {
  @TempDir Path dir;
  private StandInProject project;

  @BeforeEach
  void standInProject() throws IOException {
    project = StandInProject.create(dir, "/nowhere/spark-core_2.13-4.1.0.jar");
  }

  /**
   * Without spark-submit installed, the driver runs in the JVM scripts/submit starts: its
   * --driver-memory was ignored (-Xmx came from CREDENCE_DRIVER_MEMORY); now it is that -Xmx.
   */
  @Test
  void driverMemoryIsTheHeapOfTheJvmSubmitStarts() throws Exception {
    StandInProject.Run given =
        submit("--master", "local[2]", "--driver-memory", "3g", "--", "validate");
    assertThat(given.status()).as(given.output()).isZero();
    assertThat(given.ran()).singleElement().asString().startsWith("java -Xmx3g ");
    for (List<String> form :
        List.of(
            List.of("--driver-memory=2gb"),
            List.of("--conf", "spark.driver.memory=2g"),
            List.of("--driver-memory", "2048"))) {
      List<String> args = new ArrayList<>(form);
      args.addAll(List.of("--", "validate"));
      StandInProject.Run run = submit(args.toArray(String[]::new));
      assertThat(run.ran())
          .as(form.toString())
          .singleElement()
          .asString()
          .matches("java -Xmx2(g|048m) .*");
    }
    StandInProject.Run none = submit("--master", "local[2]", "--", "validate");
    assertThat(none.ran()).singleElement().asString().startsWith("java -Xmx4g ");
    for (String bad : List.of("300m", "lots", "1.5g")) {
      StandInProject.Run run = submit("--driver-memory", bad, "--", "validate");
      assertThat(run.status()).as(bad + ": " + run.output()).isEqualTo(2);
      assertThat(run.output()).contains("--driver-memory '" + bad + "'", "  fix: give");
      assertThat(run.ran()).isEmpty();
    }
  }

  /**
   * A standalone master in cluster deploy mode returned 0 before the job ran, and the job's exit
   * code never reached the caller.
   */
  @Test
  void clusterDeployModeOnAStandaloneMasterExitsTwo() throws Exception {
    for (List<String> form :
        List.of(
            List.of("--master", "spark://127.0.0.1:7077", "--deploy-mode", "cluster"),
            List.of("--deploy-mode=cluster", "--master=spark://127.0.0.1:7077"),
            List.of(
                "--master", "spark://127.0.0.1:7077", "--conf", "spark.submit.deployMode=cluster"),
            List.of("--conf", "spark.master=spark://h:7077", "--deploy-mode", "cluster"))) {
      List<String> args = new ArrayList<>(form);
      args.addAll(List.of("--", "score", "--date", "2026-10-31"));
      StandInProject.Run run = submit(args.toArray(String[]::new));
      assertThat(run.status()).as(form + ": " + run.output()).isEqualTo(2);
      assertThat(run.output())
          .contains(
              "--deploy-mode cluster on the standalone master spark://",
              "exit code",
              "  fix: leave --deploy-mode out");
      assertThat(run.ran()).isEmpty();
    }
    StandInProject.Run client =
        submit("--master", "spark://127.0.0.1:7077", "--deploy-mode", "client", "--", "validate");
    assertThat(client.status()).as(client.output()).isZero();
    StandInProject.Run yarn =
        submit("--master", "yarn", "--deploy-mode", "cluster", "--", "validate");
    assertThat(yarn.status()).as(yarn.output()).isZero();
  }

  /** SparkSubmit exited 1 on a master it cannot take, before credence's code ran. */
  @Test
  void aMasterSparkSubmitCannotTakeExitsTwo() throws Exception {
    for (String bad : List.of("bogus://x", "spark://127.0.0.1", "spark://a:7077,b", "sparky")) {
      StandInProject.Run run = submit("--master", bad, "--", "validate");
      assertThat(run.status()).as(bad + ": " + run.output()).isEqualTo(2);
      assertThat(run.output())
          .contains("--master '" + bad + "' is not a Spark master URL", "spark://HOST:PORT");
      assertThat(run.ran()).isEmpty();
    }
    for (String good :
        List.of(
            "local",
            "local[*]",
            "local[2,3]",
            "yarn",
            "k8s://https://api:443",
            "spark://127.0.0.1:7077",
            "spark://a:7077,b:7078")) {
      StandInProject.Run run = submit("--master", good, "--", "validate");
      assertThat(run.status()).as(good + ": " + run.output()).isZero();
    }
  }

  /**
   * An installed spark-submit starts the driver itself: CREDENCE_DRIVER_MEMORY, which the README
   * says submit reads, was not passed on to it.
   */
  @Test
  void anInstalledSparkSubmitIsGivenTheDriverMemoryOfTheEnvironment() throws Exception {
    Path home = java.nio.file.Files.createDirectories(dir.resolve("spark-home/bin"));
    Path submit = home.resolve("spark-submit");
    java.nio.file.Files.writeString(
        submit, "#!/usr/bin/env bash\necho \"spark-submit $*\" >> \"$RAN\"\nexit 0\n");
    submit.toFile().setExecutable(true);
    String sparkHome = dir.resolve("spark-home").toString();

    StandInProject.Run set =
        project.run(
            "scripts/submit",
            Map.of("SPARK_HOME", sparkHome, "CREDENCE_DRIVER_MEMORY", "3g"),
            "--master",
            "local[2]",
            "--",
            "validate");
    assertThat(set.status()).as(set.output()).isZero();
    assertThat(set.ran()).singleElement().asString().contains(" --driver-memory 3g ");

    StandInProject.Run given =
        project.run(
            "scripts/submit",
            Map.of("SPARK_HOME", sparkHome, "CREDENCE_DRIVER_MEMORY", "3g"),
            "--master",
            "local[2]",
            "--driver-memory",
            "2g",
            "--",
            "validate");
    assertThat(given.ran()).singleElement().asString().doesNotContain("3g").contains("2g");

    StandInProject.Run unset =
        project.run(
            "scripts/submit", Map.of("SPARK_HOME", sparkHome), "--master", "local[2]", "--", "x");
    assertThat(unset.ran()).singleElement().asString().doesNotContain("--driver-memory");
  }

  private StandInProject.Run submit(String... args) throws Exception {
    return project.run("scripts/submit", Map.of(), args);
  }
}
