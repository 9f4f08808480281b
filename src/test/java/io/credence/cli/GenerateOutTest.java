package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.CliRun;
import io.credence.error.CredenceException;
import io.credence.error.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What generate may replace under --out: only the datasets' folders of an earlier generate. */
class GenerateOutTest {
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
    assertThat(GenerateCommand.localOut("file://" + dir + "/a")).isEqualTo(dir.resolve("a"));
    assertThat(GenerateCommand.localOut("file:" + dir + "/a b")).isEqualTo(dir.resolve("a b"));
    assertThat(GenerateCommand.localOut(dir + "/a")).isEqualTo(dir.resolve("a"));
    assertThat(GenerateCommand.localOut("gen")).isEqualTo(Path.of("gen"));
    for (String store : new String[] {"s3a://bucket/x", "hdfs://nn:8020/x", "S3://bucket/x"}) {
      assertThatThrownBy(() -> GenerateCommand.localOut(store))
          .isInstanceOfSatisfying(
              CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageStartingWith("--out " + store + " is not a local folder")
          .hasMessageContaining("fix: generate into a local folder");
    }
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
