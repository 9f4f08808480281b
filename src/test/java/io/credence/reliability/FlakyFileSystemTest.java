package io.credence.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.SparkTestBase;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault injector scripts/crash-test relies on really fails first attempts, and only those. */
class FlakyFileSystemTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void failsTheFirstAttemptOfATaskButNotTheDriver() throws Exception {
    String folder = dir.resolve("rows").toString();
    spark().range(10).write().parquet(folder);
    Configuration conf = spark().sparkContext().hadoopConfiguration();
    conf.set("fs." + FlakyFileSystem.SCHEME + ".impl", FlakyFileSystem.class.getName());
    String flaky = FlakyFileSystem.SCHEME + "://" + folder;

    FileSystem fs = new org.apache.hadoop.fs.Path(flaky).getFileSystem(conf);
    assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(flaky))).isNotEmpty();
    // What InputReader does before reading: list recursively (permissions included).
    assertThat(fs.listFiles(new org.apache.hadoop.fs.Path(flaky), true).next().getPermission())
        .isNotNull();
    int before = FlakyFileSystem.injected();
    // The shared session is local[2]: one attempt per task, so an injected failure fails the job.
    assertThatThrownBy(() -> spark().read().parquet(flaky).count())
        .hasStackTraceContaining("injected failure: first attempt");
    assertThat(FlakyFileSystem.injected()).isGreaterThan(before);
  }
}
