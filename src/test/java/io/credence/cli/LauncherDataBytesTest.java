package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's measure of a command's data ({@code data_bytes} in scripts/lib/data-bytes.sh),
 * which picks the short-run JVM (C1 only) under 64 MB: a large input measured small runs a night's
 * job on the quick compiler, at about twice the CPU.
 */
class LauncherDataBytesTest {
  private static final int FILE_BYTES = 300_000;

  @TempDir Path dir;

  private int lastStatus;

  @Test
  void measuresAnInputFolderByItsFiles() throws Exception {
    Path input = inputWithFiles(dir.resolve("input"));
    assertThat(dataBytes("score", "--input", input.toString()))
        .isGreaterThanOrEqualTo(2 * FILE_BYTES);
    assertThat(dataBytes("validate", "--input=" + input)).isGreaterThanOrEqualTo(2 * FILE_BYTES);
  }

  @Test
  void followsSymbolicLinksToTheSourcesFolders() throws Exception {
    // An input assembled from links to the sources' folders: du without -L measures the links (a
    // few KB), and a large run would go to the short-run JVM.
    Path real = inputWithFiles(dir.resolve("real"));
    Path linked = Files.createDirectories(dir.resolve("linked"));
    for (String source : List.of("persons", "payments")) {
      Files.createSymbolicLink(linked.resolve(source), real.resolve(source));
    }
    assertThat(dataBytes("score", "--input", linked.toString()))
        .isGreaterThanOrEqualTo(2 * FILE_BYTES);
    Path linkToInput = Files.createSymbolicLink(dir.resolve("link-to-input"), real);
    assertThat(dataBytes("score", "--input", linkToInput.toString()))
        .isGreaterThanOrEqualTo(2 * FILE_BYTES);
  }

  @Test
  void readsTheInputRootOfTheConfig() throws Exception {
    Path input = inputWithFiles(dir.resolve("from-config"));
    Path config = dir.resolve("job.yaml");
    Files.writeString(config, "inputs:\n  root: " + input + "\nwarehouse:\n  root: /elsewhere\n");
    assertThat(dataBytes("score", "--config", config.toString()))
        .isGreaterThanOrEqualTo(2 * FILE_BYTES);
  }

  @Test
  void estimatesWhatGenerateWrites() throws Exception {
    assertThat(dataBytes("generate", "--persons", "1000")).isEqualTo(1_400_000L);
    assertThat(dataBytes("generate", "--persons=10")).isEqualTo(14_000L);
    assertThat(dataBytes("generate")).isEqualTo(2_000L * 1_400);
  }

  @Test
  void measuresTheWarehouseAnEraseRewrites() throws Exception {
    Path warehouse = inputWithFiles(dir.resolve("warehouse"));
    assertThat(dataBytes("erase", "--person", "-", "--warehouse", warehouse.toString()))
        .isGreaterThanOrEqualTo(2 * FILE_BYTES);
    assertThat(dataBytes("erase", "--warehouse=" + warehouse, "--person", "-"))
        .isGreaterThanOrEqualTo(2 * FILE_BYTES);
    Path config = dir.resolve("job.yaml");
    Files.writeString(
        config, "inputs:\n  root: /elsewhere\nwarehouse: " + warehouse + "   # the tables\n");
    assertThat(dataBytes("erase", "--config", config.toString(), "--person", "-"))
        .isGreaterThanOrEqualTo(2 * FILE_BYTES);
    assertThat(run("erase", "--warehouse", dir.resolve("absent").toString())).isEmpty();
  }

  /**
   * The warehouse a lookup names, by which the launcher leaves S3A's jars off a lookup of a local
   * one (a scheme, as s3a:// or file:, keeps them).
   */
  @Test
  void namesTheWarehouseALookupReads() throws Exception {
    assertThat(call("command_folder", "lookup", "--person", "-", "--warehouse", "s3a://b/wh"))
        .isEqualTo("s3a://b/wh");
    assertThat(call("command_folder", "lookup", "--warehouse=/srv/wh", "--person", "-"))
        .isEqualTo("/srv/wh");
    Path config = dir.resolve("lookup.yaml");
    Files.writeString(config, "warehouse: s3a://bucket/warehouse\nstorage:\n  region: x\n");
    assertThat(call("command_folder", "lookup", "--config", config.toString(), "--person", "-"))
        .isEqualTo("s3a://bucket/warehouse");
    assertThat(call("command_folder", "lookup", "--config", dir.resolve("absent").toString()))
        .isEmpty();
  }

  /**
   * Which lookups the launcher runs without S3A's jars: only a plain local path; a scheme, a YAML
   * tag or block, no warehouse or an @argfile keeps them (without them, a lookup of a bucket
   * fails).
   */
  @Test
  void onlyAPlainLocalPathIsReadWithoutS3a() throws Exception {
    assertThat(isLocal("lookup", "--warehouse", "/srv/wh", "--person", "-")).isTrue();
    assertThat(isLocal("lookup", "--warehouse=relative/wh")).isTrue();
    assertThat(isLocal("lookup", "--warehouse", "s3a://bucket/wh")).isFalse();
    assertThat(isLocal("lookup", "--warehouse", "file:/srv/wh")).isFalse();
    assertThat(isLocal("lookup", "--warehouse", "/srv/wh", "@more-options")).isFalse();
    for (String value : List.of("!!str s3a://b/w", "&w s3a://b/w", ">-\n  s3a://b/w", "${WH}")) {
      Path config = Files.writeString(dir.resolve("c.yaml"), "warehouse: " + value + "\n");
      assertThat(isLocal("lookup", "--config", config.toString())).as(value).isFalse();
    }
    Path quoted = Files.writeString(dir.resolve("q.yaml"), "warehouse: \"/srv/wh\"\n");
    assertThat(isLocal("lookup", "--config", quoted.toString())).isTrue();
    assertThat(isLocal("lookup", "--config", dir.resolve("absent").toString())).isFalse();
  }

  private boolean isLocal(String... args) throws Exception {
    return call("local_path", args).isEmpty() && lastStatus == 0;
  }

  @Test
  void saysNothingOfOtherCommandsOrMissingFolders() throws Exception {
    assertThat(run("lookup", "--person", "P1")).isEmpty();
    assertThat(run("score", "--input", dir.resolve("absent").toString())).isEmpty();
  }

  private static Path inputWithFiles(Path root) throws IOException {
    for (String source : List.of("persons", "payments")) {
      Path folder = Files.createDirectories(root.resolve(source));
      Files.write(folder.resolve("part-0.parquet"), new byte[FILE_BYTES]);
    }
    return root;
  }

  private long dataBytes(String... args) throws Exception {
    String out = run(args);
    assertThat(out).as("data_bytes %s", List.of(args)).matches("[0-9]+");
    return Long.parseLong(out);
  }

  /** Sources the launcher's library from the working copy and prints data_bytes ARGS. */
  private String run(String... args) throws Exception {
    return call("data_bytes", args);
  }

  /** Sources the launcher's library from the working copy and prints FUNCTION ARGS. */
  private String call(String function, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                "-c",
                "source \"$1\"; shift; " + function + " \"$@\"",
                "data-bytes",
                Path.of("scripts/lib/data-bytes.sh").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("data-bytes.out");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("bash ends within 30 s").isTrue();
    } finally {
      p.destroyForcibly();
    }
    lastStatus = p.exitValue();
    if (!function.equals("local_path")) {
      assertThat(lastStatus).as(function + "'s exit status").isZero();
    }
    return Files.readString(out, StandardCharsets.UTF_8).strip();
  }
}
