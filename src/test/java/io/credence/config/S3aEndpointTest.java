package io.credence.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.TestJvm;
import io.credence.error.CredenceException;
import io.credence.error.ExitCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3A endpoint of s3a:// paths (host, port defaults, a bucket's own, the effective setting) and
 * the check that it accepts a connection, alone and through the commands, each in its own JVM with
 * S3A's own retry settings: a closed loopback port exits 2 in seconds (was exit 1 after about four
 * minutes of S3A's retries).
 */
class S3aEndpointTest {
  @TempDir Path dir;

  @Test
  void anEndpointWithoutAPortTakesTheSchemesAndWithoutASchemeHttps() {
    assertThat(S3aEndpoint.parse("http://127.0.0.1:9000"))
        .isEqualTo(new S3aEndpoint("127.0.0.1", 9000));
    assertThat(S3aEndpoint.parse("https://s3.eu-west-1.amazonaws.com"))
        .isEqualTo(new S3aEndpoint("s3.eu-west-1.amazonaws.com", 443));
    assertThat(S3aEndpoint.parse("http://minio")).isEqualTo(new S3aEndpoint("minio", 80));
    assertThat(S3aEndpoint.parse("HTTP://minio/")).isEqualTo(new S3aEndpoint("minio", 80));
    assertThat(S3aEndpoint.parse("s3.eu-west-1.amazonaws.com"))
        .isEqualTo(new S3aEndpoint("s3.eu-west-1.amazonaws.com", 443));
    assertThat(S3aEndpoint.parse(" minio:9000 ")).isEqualTo(new S3aEndpoint("minio", 9000));
    assertThat(S3aEndpoint.parse("https://store.example:8443/base"))
        .isEqualTo(new S3aEndpoint("store.example", 8443));
    assertThat(S3aEndpoint.parse("http://object_store:9000"))
        .isEqualTo(new S3aEndpoint("object_store", 9000));
    S3aEndpoint v6 = S3aEndpoint.parse("http://[::1]:9000");
    assertThat(v6).isEqualTo(new S3aEndpoint("::1", 9000));
    assertThat(v6.toString()).isEqualTo("[::1]:9000");
    assertThat(S3aEndpoint.parse("http://127.0.0.1:9000").toString()).isEqualTo("127.0.0.1:9000");
    assertThat(S3aEndpoint.parse("")).isNull();
    assertThat(S3aEndpoint.parse(null)).isNull();
    assertThat(S3aEndpoint.parse("http://bad host")).isNull();
  }

  @Test
  void onlyS3aPathsWithAnEndpointSetAreChecked() {
    Configuration conf = new Configuration(false);
    List<String> paths = Arrays.asList("s3a://inputs/x", null, "/srv/warehouse");
    assertThat(S3aEndpoint.of(conf, paths)).as("no endpoint: AWS's default").isEmpty();
    conf.set("fs.s3a.endpoint", "http://127.0.0.1:9000");
    assertThat(S3aEndpoint.of(conf, List.of("/srv/warehouse", "hdfs://nn/w", "file:/tmp/i")))
        .isEmpty();
    assertThat(S3aEndpoint.of(conf, paths))
        .isEqualTo(Map.of(new S3aEndpoint("127.0.0.1", 9000), "fs.s3a.endpoint"));
    // A bucket's own endpoint wins for that bucket; one endpoint is listed once.
    conf.set("fs.s3a.bucket.far.endpoint", "https://far.example", "core-site.xml");
    assertThat(S3aEndpoint.of(conf, List.of("s3a://far/w", "S3A://inputs/x", "s3a://more/y")))
        .containsExactly(
            Map.entry(
                new S3aEndpoint("far.example", 443),
                "fs.s3a.bucket.far.endpoint, set by core-site.xml"),
            Map.entry(new S3aEndpoint("127.0.0.1", 9000), "fs.s3a.endpoint"));
    // Without SSL, S3A takes an endpoint without a scheme as http.
    conf.set("fs.s3a.endpoint", "minio");
    conf.set("fs.s3a.connection.ssl.enabled", "false");
    assertThat(S3aEndpoint.of(conf, List.of("s3a://inputs/x")))
        .containsOnlyKeys(new S3aEndpoint("minio", 80));
    // Through a proxy S3A connects to the proxy, not the endpoint.
    conf.set("fs.s3a.proxy.host", "proxy.example");
    assertThat(S3aEndpoint.of(conf, List.of("s3a://inputs/x"))).isEmpty();
  }

  /** spark-submit's spark.hadoop.fs.s3a.endpoint wins over the YAML's, as in Spark's session. */
  @Test
  void theEndpointSparkSubmitWasGivenWinsOverTheJobConfigs() {
    StorageConfig storage =
        new StorageConfig(
            new StorageConfig.S3a("http://127.0.0.1:9000", true, null),
            StorageConfig.WarehouseLockMode.EXCLUSIVE);
    List<String> paths = List.of("s3a://w/x");
    assertThat(S3aEndpoint.of(StorageSettings.beforeSpark(storage), paths))
        .isEqualTo(
            Map.of(
                new S3aEndpoint("127.0.0.1", 9000),
                "fs.s3a.endpoint, set by storage.s3a.endpoint in the job config"));
    String key = "spark.hadoop.fs.s3a.endpoint";
    String before = System.getProperty(key);
    System.setProperty(key, "http://127.0.0.1:9100");
    try {
      assertThat(S3aEndpoint.of(StorageSettings.beforeSpark(storage), paths))
          .isEqualTo(
              Map.of(
                  new S3aEndpoint("127.0.0.1", 9100),
                  "fs.s3a.endpoint, set by spark.hadoop.fs.s3a.endpoint"));
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }

  @Test
  void aClosedPortExitsTwoNamingTheEndpointButNeverTheKeys() throws Exception {
    int closed = closedPort();
    Configuration conf = new Configuration(false);
    conf.set(
        "fs.s3a.endpoint", "http://127.0.0.1:" + closed, "storage.s3a.endpoint in the job config");
    conf.set("fs.s3a.access.key", "AKIAEXAMPLEKEY");
    conf.set("fs.s3a.secret.key", "secret-value-example");
    assertThatThrownBy(
            () ->
                S3aEndpoint.requireReachable(
                    conf, List.of("/local/inputs", "s3a://w/x"), Duration.ofSeconds(3)))
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageStartingWith(
            "the object store cannot be reached: no connection to its endpoint 127.0.0.1:"
                + closed
                + " (fs.s3a.endpoint, set by storage.s3a.endpoint in the job config) within 3 s")
        .hasMessageContaining("check storage.s3a.endpoint in the job config")
        .hasMessageNotContaining("AKIAEXAMPLEKEY")
        .hasMessageNotContaining("secret-value-example");
    // Local paths only: nothing to check.
    S3aEndpoint.requireReachable(conf, List.of("/local/inputs"), Duration.ofSeconds(3));
    try (ServerSocket open = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      conf.set("fs.s3a.endpoint", "http://127.0.0.1:" + open.getLocalPort());
      S3aEndpoint.requireReachable(conf, List.of("s3a://w/x"), Duration.ofSeconds(3));
    }
  }

  /**
   * validate, train --table and lookup (Spark-free, Delta Kernel) with an s3a:// path and an
   * endpoint on a closed port each exit 2 naming it, before anything reaches the store.
   */
  @Test
  void commandsWithAnUnreachableEndpointExitTwoInSeconds() throws Exception {
    int closed = closedPort();
    Path config = dir.resolve("job.yaml");
    Files.writeString(
        config,
        "storage:\n  s3a:\n    endpoint: http://127.0.0.1:"
            + closed
            + "\n    path_style_access: true\n    region: us-east-1\n"
            + "scoring:\n  scorecard: jobs/scorecards/expert-v1.yaml\n");
    String sample = Path.of("sample-data").toAbsolutePath().toString();
    List<List<String>> commands =
        List.of(
            List.of("validate", "--date", "2026-10-31", "--input", sample),
            List.of("lookup", "--person", "P1", "--purpose", "test"),
            List.of(
                "train",
                "--table",
                "s3a://credence-far-away/byo.parquet",
                "--label",
                "bad_12m",
                "--job-config",
                config.toString(),
                "--out",
                dir.resolve("models").toString()));
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      if (!command.get(0).equals("train")) {
        args.addAll(
            List.of("--warehouse", "s3a://credence-far-away/w", "--config", config.toString()));
      }
      String output = run(args);
      assertThat(output)
          .as(command.get(0))
          .startsWith("exit 2")
          .contains(
              "the object store cannot be reached: no connection to its endpoint 127.0.0.1:"
                  + closed
                  + " (fs.s3a.endpoint, set by storage.s3a.endpoint in the job config)");
    }
  }

  /** "exit N" and the command's output, from its own JVM within 60 s. */
  private String run(List<String> args) throws Exception {
    Path out = dir.resolve("command.out");
    ProcessBuilder command =
        TestJvm.of(io.credence.cli.Main.class, List.of(), args)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    // Placeholder credentials, as an operator's would be: S3A then asks no other provider (the
    // instance profile's would reach for a metadata address), and only the endpoint can fail.
    command.environment().put("AWS_ACCESS_KEY_ID", "placeholder-key-id");
    command.environment().put("AWS_SECRET_ACCESS_KEY", "placeholder-secret");
    command.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    Process p = command.start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(args + " ends within 60 s").isTrue();
    } finally {
      p.destroyForcibly();
    }
    return "exit " + p.exitValue() + "\n" + Files.readString(out);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
