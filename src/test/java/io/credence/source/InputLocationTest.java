package io.credence.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputLocationTest {
  @TempDir Path dir;

  @Test
  void comparesLocalPathsNormalizedAndByWholeFolders() {
    assertThat(InputLocation.within("/data/in/shopping_orders/wh", "/data/in")).isTrue();
    assertThat(InputLocation.within("/data/in/", "/data/in")).isTrue();
    assertThat(InputLocation.within("/data/in/./x", "/data/in")).isTrue();
    assertThat(InputLocation.within("file:///data/in/wh", "/data/in")).isTrue();
    assertThat(InputLocation.within("/data/in2", "/data/in")).isFalse();
    assertThat(InputLocation.within("/data/in/../wh", "/data/in")).isFalse();
    assertThat(InputLocation.within("/data", "/data/in")).isFalse();
    String cwd = Path.of("").toAbsolutePath().toString();
    assertThat(InputLocation.within("in/wh", "in")).isTrue();
    assertThat(InputLocation.within(cwd + "/in/wh", "in")).isTrue();
  }

  @Test
  void followsSymbolicLinksOfThePartThatExists() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    assertThat(InputLocation.within(link.resolve("wh/not-yet").toString(), real.toString()))
        .isTrue();
  }

  @Test
  void comparesObjectStorePathsByBucketAndPrefix() {
    assertThat(InputLocation.within("s3a://bucket/in/wh", "s3a://bucket/in")).isTrue();
    assertThat(InputLocation.within("s3a://bucket/in/wh", "s3://bucket/in/")).isTrue();
    assertThat(InputLocation.within("s3a://other/in/wh", "s3a://bucket/in")).isFalse();
    assertThat(InputLocation.within("s3a://bucket/in2", "s3a://bucket/in")).isFalse();
    assertThat(InputLocation.within("hdfs://nn/in/wh", "/in")).isFalse();
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
