package io.credence.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.CliRun;
import io.credence.TestJvm;
import io.credence.cli.Main;
import io.credence.error.CredenceException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputLocationTest {
  /** Hadoop's defaults alone: the local file system is the default one. */
  private static final Configuration LOCAL = new Configuration(false);

  @TempDir Path dir;

  private static Configuration defaultFs(String uri) {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", uri);
    return conf;
  }

  private static boolean within(String inner, String outer) {
    return InputLocation.within(inner, outer, LOCAL);
  }

  @Test
  void comparesLocalPathsNormalizedAndByWholeFolders() {
    assertThat(within("/data/in/shopping_orders/wh", "/data/in")).isTrue();
    assertThat(within("/data/in/", "/data/in")).isTrue();
    assertThat(within("/data/in/./x", "/data/in")).isTrue();
    assertThat(within("file:///data/in/wh", "/data/in")).isTrue();
    assertThat(within("/data/in2", "/data/in")).isFalse();
    assertThat(within("/data/in/../wh", "/data/in")).isFalse();
    assertThat(within("/data", "/data/in")).isFalse();
    String cwd = Path.of("").toAbsolutePath().toString();
    assertThat(within("in/wh", "in")).isTrue();
    assertThat(within(cwd + "/in/wh", "in")).isTrue();
  }

  @Test
  void followsSymbolicLinksOfThePartThatExists() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    assertThat(within(link.resolve("wh/not-yet").toString(), real.toString())).isTrue();
  }

  @Test
  void comparesObjectStorePathsByBucketAndPrefix() {
    assertThat(within("s3a://bucket/in/wh", "s3a://bucket/in")).isTrue();
    assertThat(within("s3a://bucket/in/wh", "s3://bucket/in/")).isTrue();
    assertThat(within("s3a://other/in/wh", "s3a://bucket/in")).isFalse();
    assertThat(within("s3a://bucket/in2", "s3a://bucket/in")).isFalse();
    assertThat(within("hdfs://nn/in/wh", "/in")).isFalse();
  }

  @Test
  void hostNamesAreComparedInAnyCaseAndPathsAsWritten() {
    // s3a://Bucket/in/wh and s3a://bucket/in were two buckets, hdfs://NameNode/a and
    // hdfs://namenode:8020/a two name nodes, though host names are case-insensitive.
    assertThat(within("s3a://Bucket/in/wh", "s3a://bucket/in")).isTrue();
    assertThat(within("s3a://bucket/in", "s3://BUCKET/in/")).isTrue();
    assertThat(within("hdfs://NameNode/a/b", "hdfs://namenode:8020/a")).isTrue();
    assertThat(within("hdfs://namenode:8020/a/b", "hdfs://NAMENODE/a")).isTrue();
    Configuration hdfs = defaultFs("hdfs://NameNode:8020");
    assertThat(InputLocation.within("hdfs://namenode/a/b", "/a", hdfs)).isTrue();
    assertThat(InputLocation.within("/a/b", "hdfs://namenode:8020/a", hdfs)).isTrue();
    assertThatThrownBy(
            () -> InputLocation.requireApart("s3a://bucket/in", "s3a://BUCKET/in/wh", hdfs))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("the warehouse s3a://BUCKET/in/wh lies inside the input root");
    // The path stays case-sensitive, as S3 keys and HDFS names are.
    assertThat(within("s3a://bucket/In/wh", "s3a://bucket/in")).isFalse();
    assertThat(within("hdfs://nn/A/b", "hdfs://NN:8020/a")).isFalse();
  }

  @Test
  void hdfsPathsAreComparedOnTheDefaultFileSystemsNameNode() {
    // hdfs:///a/b and hdfs://nn:8020/a were compared as different file systems.
    Configuration hdfs = defaultFs("hdfs://nn:8020");
    assertThat(InputLocation.within("hdfs:///a/b", "hdfs://nn:8020/a", hdfs)).isTrue();
    assertThat(InputLocation.within("hdfs://nn:8020/a/b", "hdfs:///a", hdfs)).isTrue();
    assertThat(InputLocation.within("/a/b", "hdfs://nn:8020/a", hdfs)).isTrue();
    assertThat(InputLocation.within("hdfs:///a/b", "/a", hdfs)).isTrue();
    assertThat(InputLocation.within("hdfs://other:8020/a/b", "/a", hdfs)).isFalse();
    assertThat(InputLocation.within("file:/a/b", "/a", hdfs)).isFalse();
    assertThat(InputLocation.within("/a/b", "file:///a", hdfs)).isFalse();
    assertThat(InputLocation.within("s3a://bucket/a/b", "/a", hdfs)).isFalse();
    assertThatThrownBy(() -> InputLocation.requireApart("hdfs://nn:8020/a", "hdfs:///a/b", hdfs))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("the warehouse hdfs:///a/b lies inside the input root");
    // Without an authority of its own, hdfs:///a names the default only when it is on HDFS.
    assertThat(within("hdfs:///a/b", "hdfs://nn:8020/a")).isFalse();
  }

  @Test
  void aNameNodeWithoutItsPortIsTheOneOnHdfssDefaultPort() {
    // hdfs://nn/a/b and hdfs://nn:8020/a were compared as two file systems: nn and nn:8020.
    Configuration hdfs = defaultFs("hdfs://nn");
    assertThat(InputLocation.within("hdfs://nn/a/b", "hdfs://nn:8020/a", hdfs)).isTrue();
    assertThat(InputLocation.within("hdfs://nn:8020/a/b", "hdfs://nn/a", hdfs)).isTrue();
    assertThat(InputLocation.within("/a/b", "hdfs://nn:8020/a", hdfs)).isTrue();
    assertThat(InputLocation.within("hdfs:///a/b", "hdfs://nn:8020/a", hdfs)).isTrue();
    assertThat(InputLocation.within("hdfs://nn:8020/a/b", "/a", defaultFs("hdfs://nn:8020")))
        .isTrue();
    assertThat(within("hdfs://nn/a/b", "hdfs://nn:8020/a")).isTrue();
    assertThat(InputLocation.within("hdfs://nn:9000/a/b", "hdfs://nn/a", hdfs)).isFalse();
    assertThat(InputLocation.within("hdfs://other/a/b", "hdfs://nn:8020/a", hdfs)).isFalse();
    assertThatThrownBy(() -> InputLocation.requireApart("hdfs://nn:8020/in", "/in/wh", hdfs))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("the warehouse /in/wh lies inside the input root hdfs://nn:8020/in");
    assertThatThrownBy(
            () -> InputLocation.requireApart("hdfs://nn/in/x", "hdfs://nn:8020/in", hdfs))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("lies inside the warehouse");
  }

  @Test
  void aRelativePathOnHdfsLiesInTheUsersHomeFolder() throws Exception {
    String home = "hdfs://nn:8020/user/" + UserGroupInformation.getCurrentUser().getShortUserName();
    Configuration hdfs = defaultFs("hdfs://nn:8020");
    assertThat(InputLocation.within("in/wh", home + "/in", hdfs)).isTrue();
    assertThat(InputLocation.within(home + "/in/wh", "in", hdfs)).isTrue();
    assertThat(InputLocation.within("in/wh", "file:" + Path.of("in").toAbsolutePath(), hdfs))
        .isFalse();
  }

  @Test
  void aPathWithoutASchemeIsTheSameAsItsFileUriOnTheLocalFileSystem() {
    String cwd = Path.of("").toAbsolutePath().toString();
    assertThat(within("file:/data/in/wh", "/data/in")).isTrue();
    assertThat(within("/data/in/wh", "file:/data/in")).isTrue();
    assertThat(within("in/wh", "file:" + cwd + "/in")).isTrue();
    assertThat(within("file://" + cwd + "/in/wh", "in")).isTrue();
    assertThat(InputLocation.within("/data/in/wh", "file:/data/in", defaultFs("file:///")))
        .isTrue();
    assertThat(within("hdfs:///data/in/wh", "/data/in")).isFalse();
  }

  /**
   * The default file system spark-submit gives (spark.hadoop.fs.defaultFS) is the one score
   * compares on, before Spark starts: in a JVM of its own, with a name node on a closed port.
   */
  @Test
  void scoreComparesOnTheDefaultFileSystemSparkSubmitGives() throws Exception {
    String nameNode = "hdfs://127.0.0.1:" + closedPort();
    Path out = dir.resolve("score.out");
    Process p =
        TestJvm.of(
                Main.class,
                List.of("-Dspark.hadoop.fs.defaultFS=" + nameNode),
                List.of(
                    "score",
                    "--input",
                    "hdfs:///credence/in",
                    "--warehouse",
                    nameNode + "/credence/in/wh",
                    "--date",
                    "2026-10-31"))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("score ends within 60 s").isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).as(Files.readString(out)).isEqualTo(2);
    assertThat(Files.readString(out))
        .contains("the warehouse " + nameNode + "/credence/in/wh lies inside the input root");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void scoreRefusesAWarehouseInsideAnInputDatasetFolder() {
    // score published, and the next run met the warehouse's files among shopping_orders.
    Path warehouse = dir.resolve("in/shopping_orders/wh");
    CliRun out =
        CliRun.of(
            "score",
            "--input",
            dir.resolve("in").toString(),
            "--warehouse",
            warehouse.toString(),
            "--date",
            "2026-10-31");
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr())
        .contains("the warehouse " + warehouse + " lies inside the input root")
        .contains("why:")
        .contains("fix:");
    assertThat(Files.exists(warehouse)).isFalse();
  }

  @Test
  void validateRefusesAnInputRootInsideTheWarehouse() {
    CliRun out =
        CliRun.of(
            "validate",
            "--input",
            dir.resolve("wh/inputs").toString(),
            "--warehouse",
            dir.resolve("wh/").toString(),
            "--date",
            "2026-10-31");
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr()).contains("the input root ").contains(" lies inside the warehouse ");
  }

  @Test
  void trainRefusesAJobConfigWhoseWarehouseIsInsideTheInputs() throws Exception {
    Path job = Files.writeString(dir.resolve("job.yaml"), "warehouse: " + dir + "/in/wh\n");
    CliRun out =
        CliRun.of(
            "train",
            "--observation-date",
            "2020-12-31",
            "--input",
            dir.resolve("in").toString(),
            "--job-config",
            job.toString(),
            "--out",
            dir.resolve("models").toString());
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr()).contains("lies inside the input root");
  }

  @Test
  void trainRefusesAnOutFolderInsideTheInputs() {
    // MLlib's files under --out among the inputs: the next run would meet them in a dataset folder.
    Path models = dir.resolve("in/persons/models");
    CliRun out =
        CliRun.of(
            "train",
            "--observation-date",
            "2020-12-31",
            "--input",
            dir.resolve("in").toString(),
            "--out",
            models.toString());
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr())
        .contains("--out " + models + " lies inside the input root " + dir.resolve("in"))
        .contains("fix: pass an --out outside");
    assertThat(Files.exists(models)).isFalse();
  }
}
