package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.EndToEnd;
import io.credence.ReadOnlyFolder;
import io.credence.SeededWarehouse;
import io.credence.SparkTestBase;
import io.credence.TestFiles;
import io.credence.publish.ErasuresMark;
import io.credence.publish.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code credence erase} on copies of the shared seeded warehouse (a whole nightly run of 400
 * generated persons, built by the first class that asks): end-to-end, as the other classes that
 * share it.
 */
@EndToEnd
class EraseCommandTest extends SparkTestBase {
  private static final String FIRST = "P0000000011";
  private static final String SECOND = "P0000000012";
  private static final String THIRD = "P0000000013";
  private static final String NEVER_HELD = "P0000099999";

  /** The file Delta's VACUUM writes into the log of the table it vacuumed. */
  private static final String VACUUMED = "_delta_log/_last_vacuum_info";

  @TempDir Path dir;

  @TempDir static Path shared;

  /** The seeded warehouse after an erase of {@link #FIRST}, and that erase; see {@link #first}. */
  private static ReadOnlyFolder firstErased;

  private static CliRun firstErasure;

  /**
   * A copy of the seeded warehouse with {@link #FIRST} erased, made once for the class: two tests
   * start from that state, and each erase of a person with rows costs some ninety Spark jobs (three
   * zero-retention VACUUMs). Read-only; a test works on {@link #copyOfFirstErased}.
   */
  private static synchronized ReadOnlyFolder first() {
    if (firstErased == null) {
      Path wh = shared.resolve("wh-first-erased");
      firstErasure = erase(SeededWarehouse.copy(wh), FIRST);
      firstErased =
          ReadOnlyFolder.of(
              wh, "EraseCommandTest's seeded warehouse with FIRST erased", "copyOfFirstErased");
    }
    return firstErased;
  }

  /** A copy, at {@code dir/wh}, of the seeded warehouse with {@link #FIRST} erased. */
  private String copyOfFirstErased() {
    return first().copyTo(dir.resolve("wh"));
  }

  @Test
  void aWarehousePathThatDoesNotExistIsRefusedAndNothingIsCreated() {
    // A mistyped --warehouse exited 0 with "recorded in erasures": the erasure went into a new
    // folder that no run reads, and the person stayed in the real warehouse.
    Path typo = dir.resolve("warehuose");
    CliRun run =
        CliRun.of(
            "erase", "--person", "P0000000042", "--reason", "t", "--warehouse", typo.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("there is no warehouse at " + typo)
        .contains("create the warehouse folder first")
        .doesNotContain("P0000000042");
    assertThat(run.logText()).doesNotContain("P0000000042");
    assertThat(typo).doesNotExist();
  }

  /**
   * erasures put back from a copy taken after the first of two erasures, then removed: every
   * command went on without the second request, scored and answered that person again. Each one
   * refuses now (exit 2) by the mark erase wrote; without the mark they accept the table as before.
   */
  @Test
  void everyCommandRefusesAnErasuresTableThatWentBackOrIsGone() throws Exception {
    String wh = copyOfFirstErased();
    Path erasures = Path.of(Table.ERASURES.path(wh));
    Path mark = Path.of(wh, ErasuresMark.FILE);
    assertThat(firstErasure.code()).isZero();
    Path afterFirst = dir.resolve("erasures-after-first");
    TestFiles.copyTree(erasures, afterFirst);
    assertThat(erase(wh, SECOND).code()).isZero();
    assertThat(Files.readString(mark)).isEqualTo("3\n"); // create + complete, twice

    TestFiles.deleteTree(erasures);
    TestFiles.copyTree(afterFirst, erasures);
    assertEveryCommandRefuses(wh, "erasures) went back from version 3 to 1");
    assertThat(files(erasures)).isEqualTo(files(afterFirst)); // nothing committed
    TestFiles.deleteTree(erasures);
    assertEveryCommandRefuses(wh, "erasures) is gone; erase recorded version 3");
    assertThat(erasures).doesNotExist();

    // The documented way out when no newer copy is left: delete the mark, record the requests
    // again. Without a mark (a warehouse from before it) the table is taken as it is.
    TestFiles.copyTree(afterFirst, erasures);
    Files.delete(mark);
    CliRun sql = CliRun.of("sql", "SELECT count(*) AS n FROM erasures", "--warehouse", wh);
    assertThat(sql.code()).as(sql.stderr()).isZero();
    assertThat(erase(wh, SECOND).code()).isZero();
    assertThat(Files.readString(mark)).isEqualTo("3\n");
  }

  /** An erase killed in its very first commit leaves a folder without a log, and no mark. */
  @Test
  void anErasuresFolderWithoutALogAndWithoutAMarkIsAccepted() throws Exception {
    String wh = SeededWarehouse.copy(dir.resolve("wh"));
    Path erasures = Files.createDirectories(Path.of(Table.ERASURES.path(wh)));
    Files.writeString(erasures.resolve("part-00000-killed.snappy.parquet"), "cut short");
    CliRun sql = CliRun.of("sql", "SELECT count(*) AS n FROM scores_current", "--warehouse", wh);
    assertThat(sql.code()).as(sql.stderr()).isZero();
    assertThat(erase(wh, FIRST).code()).isZero();
    assertThat(Files.readString(Path.of(wh, ErasuresMark.FILE))).isEqualTo("1\n");
  }

  /**
   * Every erase vacuumed every person table, some twenty Spark jobs each, though a table the person
   * had no row in and whose folder held only its current version's files had nothing to delete.
   * Such a table is vacuumed now only when its folder holds a file no version references (a crashed
   * writer's, which may hold the person) or an empty folder. Delta's VACUUM leaves {@value
   * #VACUUMED} in the table's log.
   */
  @Test
  void aTableWithoutThePersonIsVacuumedOnlyWhenItsFolderHoldsSomethingToDelete() throws Exception {
    // Before the erase of FIRST, as the nightly run left it: quarantine was never vacuumed.
    assertThat(Path.of(Table.QUARANTINE.path(SeededWarehouse.warehouse())).resolve(VACUUMED))
        .doesNotExist();
    String wh = copyOfFirstErased();
    Path quarantine = Path.of(Table.QUARANTINE.path(wh));
    Path vacuumed = quarantine.resolve(VACUUMED);
    assertThat(firstErasure.stdout()).contains("quarantine=0}");
    assertThat(Path.of(Table.FEATURES.path(wh)).resolve(VACUUMED)).exists();
    assertThat(vacuumed).doesNotExist();

    Path stray =
        Files.writeString(
            Files.createDirectories(quarantine.resolve("snapshot_date=2026-11-01"))
                .resolve("part-00000-killed.snappy.parquet"),
            "cut short");
    assertThat(erase(wh, SECOND).stdout()).contains("quarantine=0}");
    assertThat(stray).doesNotExist();
    assertThat(vacuumed).exists();

    Files.delete(vacuumed);
    Path empty = Files.createDirectories(quarantine.resolve("snapshot_date=2026-11-02"));
    assertThat(erase(wh, NEVER_HELD).stdout()).contains("quarantine=0}");
    assertThat(empty).doesNotExist();
    assertThat(vacuumed).exists();
  }

  private static java.util.List<String> files(Path folder) throws java.io.IOException {
    try (var paths = Files.walk(folder)) {
      return paths.map(p -> folder.relativize(p).toString()).sorted().toList();
    }
  }

  private static CliRun erase(String wh, String person) {
    CliRun run = CliRun.of("erase", "--person", person, "--reason", "t", "--warehouse", wh);
    assertThat(run.code()).as(run.stderr()).isZero();
    return run;
  }

  /** score, validate, train, sql, report, lookup, erase and maintain exit 2 with {@code what}. */
  private void assertEveryCommandRefuses(String wh, String what) throws Exception {
    String date = SeededWarehouse.AS_OF.toString();
    String input = SeededWarehouse.input();
    Path job = dir.resolve("job.yaml");
    Files.writeString(job, "inputs: {root: " + input + "}\nwarehouse: " + wh + "\n");
    long mark = Files.getLastModifiedTime(Path.of(wh, ErasuresMark.FILE)).toMillis();
    Map<String, CliRun> runs = new LinkedHashMap<>();
    runs.put("score", CliRun.of("score", "--date", date, "--input", input, "--warehouse", wh));
    runs.put(
        "validate", CliRun.of("validate", "--date", date, "--input", input, "--warehouse", wh));
    runs.put(
        "train",
        CliRun.of(
            "train",
            "--job-config",
            job.toString(),
            "--observation-date",
            "2025-10-31",
            "--data-as-of",
            date,
            "--out",
            dir.resolve("models").toString()));
    runs.put("sql", CliRun.of("sql", "SELECT count(*) FROM scores_current", "--warehouse", wh));
    runs.put("report", CliRun.of("report", "--date", date, "--warehouse", wh));
    runs.put(
        "lookup", CliRun.of("lookup", "--person", SECOND, "--purpose", "t", "--warehouse", wh));
    runs.put("erase", CliRun.of("erase", "--person", THIRD, "--warehouse", wh));
    runs.put("maintain", CliRun.of("maintain", "--warehouse", wh));
    runs.forEach(
        (command, run) -> {
          assertThat(run.code()).as(command + ": " + run.stderr()).isEqualTo(2);
          assertThat(run.stderr())
              .as(command)
              .contains("the erasures table (")
              .contains(what)
              .contains("restart a running serve")
              .doesNotContain(FIRST)
              .doesNotContain(SECOND)
              .doesNotContain(THIRD);
        });
    assertThat(Files.getLastModifiedTime(Path.of(wh, ErasuresMark.FILE)).toMillis())
        .isEqualTo(mark);
  }
}
