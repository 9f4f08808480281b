package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.CliRun;
import io.credence.TestJvm;
import io.credence.error.CredenceException;
import io.credence.error.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What generate may replace under --out (only the datasets' folders of an earlier generate), and
 * where generate's and train's --out lie.
 */
class GenerateOutTest {
  /** Hadoop's defaults alone: the local file system is the default one. */
  private static final Configuration LOCAL = new Configuration(false);

  @TempDir Path dir;

  @Test
  void aNewEmptyOrEarlierGeneratedFolderIsTaken() throws Exception {
    assertThatCode(() -> GenerateCommand.requireOnlyGenerated(dir.resolve("new")))
        .doesNotThrowAnyException();
    assertThatCode(() -> GenerateCommand.requireOnlyGenerated(dir)).doesNotThrowAnyException();
    // sample-data/ is an earlier generate's output, with a README beside the datasets
    assertThatCode(() -> GenerateCommand.requireOnlyGenerated(Path.of("sample-data")))
        .doesNotThrowAnyException();
    Path persons = Files.createDirectories(dir.resolve("persons"));
    for (String name :
        new String[] {
          "part-00000-6a1c-c000.snappy.parquet",
          ".part-00000-6a1c-c000.snappy.parquet.crc",
          "_SUCCESS",
          "._SUCCESS.crc"
        }) {
      Files.writeString(persons.resolve(name), "");
    }
    Files.writeString(dir.resolve("notes.txt"), "beside the datasets, never written");
    assertThatCode(() -> GenerateCommand.requireOnlyGenerated(dir)).doesNotThrowAnyException();
  }

  @Test
  void whatGenerateWouldDeleteIsNamedAndKept() throws Exception {
    Path mine = Files.createDirectories(dir.resolve("a/persons")).resolve("mine.csv");
    Files.writeString(mine, "id\n1\n");
    Files.writeString(Files.createDirectories(dir.resolve("b")).resolve("payments"), "a file");
    Path file = Files.writeString(dir.resolve("c"), "a file");
    Files.createDirectories(dir.resolve("d/court_records/nested"));
    assertRefused(dir.resolve("a"), "persons/mine.csv");
    assertRefused(dir.resolve("b"), "payments");
    assertRefused(file, null);
    assertRefused(dir.resolve("d"), "court_records/nested");
    assertThat(Files.readString(mine)).isEqualTo("id\n1\n");
  }

  @Test
  void outIsALocalPathOrAFileUri() {
    // As a Path, file:///x was checked as the folder ./file:/x while Spark wrote to /x.
    assertThat(GenerateCommand.localOut("file://" + dir + "/a", LOCAL)).isEqualTo(dir.resolve("a"));
    assertThat(GenerateCommand.localOut("file:" + dir + "/a b", LOCAL))
        .isEqualTo(dir.resolve("a b"));
    assertThat(GenerateCommand.localOut(dir + "/a", LOCAL)).isEqualTo(dir.resolve("a"));
    assertThat(GenerateCommand.localOut("gen", LOCAL)).isEqualTo(Path.of("gen"));
    for (String store : new String[] {"s3a://bucket/x", "hdfs://nn:8020/x", "S3://bucket/x"}) {
      assertThatThrownBy(() -> GenerateCommand.localOut(store, LOCAL))
          .isInstanceOfSatisfying(
              CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageStartingWith("--out " + store + " is not a local folder")
          .hasMessageContaining("fix: generate into a local folder");
    }
  }

  /**
   * generate and train check and write --out on this machine; a path without a scheme was checked
   * there while Spark wrote generate's datasets (replacing what was there, unchecked) and train's
   * model on the default file system. Only fs.defaultFS is read: nothing is contacted.
   */
  @Test
  void aPathWithoutASchemeIsRefusedWhenTheDefaultFileSystemIsNotLocal() {
    for (String defaultFs : new String[] {"hdfs://nn:8020", "nowhere://x"}) {
      Configuration remote = new Configuration(false);
      remote.set("fs.defaultFS", defaultFs);
      for (String out : new String[] {dir + "/gen", "gen"}) {
        String local = Path.of(out).toAbsolutePath().toString();
        for (ThrowingCallable refused :
            List.<ThrowingCallable>of(
                () -> GenerateCommand.localOut(out, remote),
                () -> TrainCommand.localOut(out, remote))) {
          assertThatThrownBy(refused)
              .isInstanceOfSatisfying(
                  CredenceException.class,
                  e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
              .hasMessageStartingWith(
                  "--out "
                      + out
                      + " has no scheme, and the default file system (fs.defaultFS) is "
                      + defaultFs)
              .hasMessageContaining("fix: pass --out as a file: URI (--out file:" + local + ")");
        }
      }
      assertThat(GenerateCommand.localOut("file:" + dir + "/gen", remote))
          .isEqualTo(dir.resolve("gen"));
      assertThat(TrainCommand.localOut("file://" + dir + "/models", remote))
          .isEqualTo(dir.resolve("models"));
    }
    assertThat(TrainCommand.localOut("models", LOCAL)).isEqualTo(Path.of("models"));
    // train's --out was a java.nio Path: s3a://bucket/x the local folder ./s3a:/bucket/x.
    assertThatThrownBy(() -> TrainCommand.localOut("s3a://bucket/x", LOCAL))
        .hasMessageStartingWith("--out s3a://bucket/x is not a local folder")
        .hasMessageContaining("train writes");
  }

  /**
   * The default file system spark-submit gives (spark.hadoop.fs.defaultFS) is the one generate and
   * train read before Spark starts: in a JVM of their own, with a name node nobody listens on.
   */
  @Test
  void generateAndTrainRefuseAnOutWithoutASchemeOnTheDefaultFileSystemSparkSubmitGives()
      throws Exception {
    List<String> nameNode = List.of("-Dspark.hadoop.fs.defaultFS=hdfs://127.0.0.1:1");
    Path gen = dir.resolve("gen");
    Path models = dir.resolve("models");
    List<List<String>> commands =
        List.of(
            List.of("generate", "--persons", "10", "--as-of", "2026-10-31", "--out", gen + ""),
            List.of("train", "--observation-date", "2020-12-31", "--out", models + ""));
    for (List<String> command : commands) {
      Path out = dir.resolve(command.get(0) + ".out");
      Process p =
          TestJvm.of(Main.class, nameNode, command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      try {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(command + " ends within 60 s").isTrue();
      } finally {
        p.destroyForcibly();
      }
      assertThat(p.exitValue()).as(Files.readString(out)).isEqualTo(2);
      assertThat(Files.readString(out))
          .contains(
              "has no scheme, and the default file system (fs.defaultFS) is hdfs://127.0.0.1:1")
          .contains("fix: pass --out as a file: URI");
    }
    assertThat(gen).doesNotExist();
    assertThat(models).doesNotExist();
  }

  @Test
  void anObjectStoreOutExitsTwoBeforeGenerating() {
    // --out s3a://bucket/x became s3a:/bucket/x: exit 1 (bucket is null/empty) after ~20 s.
    CliRun out =
        CliRun.of(
            "generate", "--persons", "10", "--as-of", "2026-10-31", "--out", "s3a://bucket/x");
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr())
        .contains("--out s3a://bucket/x is not a local folder")
        .contains("why:")
        .doesNotContain("Usage:");
  }

  @Test
  void aFileUriOutIsCheckedWhereItWrites() throws Exception {
    Path mine = Files.createDirectories(dir.resolve("a/persons")).resolve("mine.csv");
    Files.writeString(mine, "id\n1\n");
    CliRun out =
        CliRun.of(
            "generate",
            "--persons",
            "10",
            "--as-of",
            "2026-10-31",
            "--out",
            "file://" + dir.resolve("a"));
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr()).contains("holds persons/mine.csv, which generate did not write");
    assertThat(Files.readString(mine)).isEqualTo("id\n1\n");
  }

  private static void assertRefused(Path out, String named) {
    assertThatThrownBy(() -> GenerateCommand.requireOnlyGenerated(out))
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageStartingWith(
            "--out " + out + (named == null ? " is a file, not a folder" : " holds " + named))
        .hasMessageContaining("fix:");
  }
}
