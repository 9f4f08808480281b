package io.credence.job;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.SparkTestBase;
import io.credence.generate.GeneratorSpec;
import io.credence.publish.Table;
import io.credence.publish.WarehouseLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quality gates, the one-writer lock and determinism, through the command line. */
class PublishSafetyTest extends SparkTestBase {
  @TempDir static Path dir;
  static String input;

  @BeforeAll
  static void generate() {
    input = dir.resolve("in").toString();
    GenerateJob.run(
        spark(), new GeneratorSpec(11L, 300L, EndToEndTest.AS_OF, 0.004), Path.of(input));
  }

  private static Path config(String name, String quality) throws Exception {
    return config(name, quality, 2);
  }

  private static Path config(String name, String quality, int partitions) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    // Small generated datasets have noisy reject ratios; these tests are about other gates.
    Files.writeString(
        file,
        "inputs: {root: "
            + input
            + "}\nspark: {shuffle_partitions: "
            + partitions
            + "}\n"
            + "quality: {max_reject_ratio: 0.5"
            + quality
            + "}\n");
    return file;
  }

  private static CliRun score(Path config, String warehouse, String date, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "score", "--config", config.toString(), "--warehouse", warehouse, "--date", date));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static Dataset<Row> table(String warehouse, Table t) {
    return spark().read().format("delta").load(t.path(warehouse));
  }

  @Test
  void blockedGatePublishesNothingExitsThreeAndForceOverrides() throws Exception {
    String wh = dir.resolve("gates").toString();
    assertThat(score(config("ok", ""), wh, "2026-10-30").code()).isZero();
    List<Row> current = table(wh, Table.SCORES_CURRENT).orderBy(PERSON_ID).collectAsList();

    Path strict = config("strict", ", max_unscorable_share: 0.0");
    CliRun blocked = score(strict, wh, "2026-10-31");
    assertThat(blocked.code()).isEqualTo(3);
    assertThat(blocked.stderr())
        .contains("BLOCKED")
        .contains("unscorable_share")
        .contains("--force");
    assertThat(table(wh, Table.SCORE_SNAPSHOTS).select(SNAPSHOT_DATE).distinct().count()).isOne();
    assertThat(table(wh, Table.SCORES_CURRENT).orderBy(PERSON_ID).collectAsList())
        .isEqualTo(current);
    Row run = table(wh, Table.RUNS).filter(col("status").equalTo("BLOCKED")).first();
    assertThat(run.<String>getAs("message")).contains("unscorable_share");
    assertThat(run.<Double>getAs("psi")).isNotNull();

    CliRun forced = score(strict, wh, "2026-10-31", "--force");
    assertThat(forced.code()).isZero();
    assertThat(forced.stdout()).contains("FORCED");
    Row published =
        table(wh, Table.RUNS)
            .filter(col("status").equalTo("PUBLISHED"))
            .orderBy(col("started_at").desc())
            .first();
    assertThat(published.<Boolean>getAs("forced")).isTrue();
    assertThat(table(wh, Table.SCORE_SNAPSHOTS).select(SNAPSHOT_DATE).distinct().count())
        .isEqualTo(2);
  }

  @Test
  void secondRunOnALockedWarehouseExitsFourAndChangesNothing() throws Exception {
    String wh = dir.resolve("locked").toString();
    try (WarehouseLock held =
        WarehouseLock.acquire(
            spark().sparkContext().hadoopConfiguration(), wh, "other-run", Duration.ofHours(12))) {
      CliRun second = score(config("ok", ""), wh, "2026-10-31");
      assertThat(second.code()).isEqualTo(4);
      assertThat(second.stderr()).contains("locked by run other-run").contains("fix:");
      try (var files = Files.list(Path.of(wh))) {
        assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")))
            .containsExactly("_credence.lock");
      }
    }
  }

  @Test
  void staleLockOfADeadProcessIsTakenOver() throws Exception {
    String wh = dir.resolve("stale").toString();
    Files.createDirectories(Path.of(wh));
    Files.writeString(
        Path.of(wh, "_credence.lock"),
        "run_id=killed\npid=2147483000\nhost="
            + java.net.InetAddress.getLocalHost().getHostName()
            + "\nstarted_at=2026-11-26T00:00:00Z\n");
    assertThat(score(config("ok", ""), wh, "2026-10-31").code()).isZero();
    assertThat(Files.exists(Path.of(wh, "_credence.lock"))).isFalse();
  }

  @Test
  void sameInputsGiveIdenticalSnapshotsWithTwoAndFiftyShufflePartitions() throws Exception {
    String two = dir.resolve("p2").toString();
    String fifty = dir.resolve("p50").toString();
    assertThat(score(config("ok", ""), two, "2026-10-31").code()).isZero();
    assertThat(score(config("wide", "", 50), fifty, "2026-10-31").code()).isZero();
    assertThat(snapshotRows(fifty)).isEqualTo(snapshotRows(two));
  }

  @Test
  void corruptFileAmongGoodOnesExitsTwoNamingTheDatasetAndPublishesNothing() throws Exception {
    Path copy = dir.resolve("corrupt-in");
    try (var paths = Files.walk(Path.of(input))) {
      for (Path p : paths.toList()) {
        Path target = copy.resolve(Path.of(input).relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    Files.write(
        copy.resolve("payments").resolve("part-99999-truncated.parquet"),
        "PAR1 this is not really parquet".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String wh = dir.resolve("corrupt-wh").toString();
    CliRun out =
        CliRun.of("score", "--input", copy.toString(), "--warehouse", wh, "--date", "2026-10-31");
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr()).contains("payments").contains("fix:");
    assertThat(Files.exists(Path.of(wh, "score_snapshots"))).isFalse();
    assertThat(Files.exists(Path.of(wh, "_credence.lock"))).isFalse();
  }

  private static List<Row> snapshotRows(String wh) {
    return table(wh, Table.SCORE_SNAPSHOTS).drop(RUN_ID).orderBy(PERSON_ID).collectAsList();
  }
}
