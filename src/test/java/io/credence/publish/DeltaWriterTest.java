package io.credence.publish;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.SparkTestBase;
import io.credence.privacy.PersonIds;
import io.credence.schema.OutputSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaWriterTest extends SparkTestBase {
  @TempDir Path dir;

  private static final LocalDate D1 = LocalDate.of(2026, 9, 30);
  private static final LocalDate D2 = LocalDate.of(2026, 10, 31);

  private Dataset<Row> snapshot(LocalDate date, String run, Object[]... personScores) {
    Object[][] rows = new Object[personScores.length][];
    for (int i = 0; i < personScores.length; i++) {
      rows[i] =
          new Object[] {
            personScores[i][0],
            Date.valueOf(date),
            personScores[i][1],
            "standard",
            "scored",
            null,
            List.of(),
            "expert-v1",
            run
          };
    }
    return rows(OutputSchemas.SCORES, rows);
  }

  private Map<String, Integer> current() {
    Map<String, Integer> out = new TreeMap<>();
    spark()
        .read()
        .format("delta")
        .load(Table.SCORES_CURRENT.path(dir.toString()))
        .collectAsList()
        .forEach(r -> out.put(r.getString(0), r.getInt(2)));
    return out;
  }

  @Test
  void personTablesAreCreatedUnderARelativeWarehouse() throws Exception {
    // The launcher's default warehouse is the relative path "warehouse"; Delta's table builder
    // took "warehouse/quarantine" for a table name and refused it, and a path in SQL must be
    // qualified too.
    String relative = "target/relative-warehouse-" + System.nanoTime();
    try {
      DeltaWriter.replacePartition(
          spark(),
          relative,
          PersonIds.raw(),
          Table.QUARANTINE,
          spark().createDataFrame(List.<Row>of(), OutputSchemas.QUARANTINE),
          D1);
      DeltaWriter.replaceCurrent(
          spark(), relative, PersonIds.raw(), snapshot(D1, "a", new Object[] {"P1", 600}), D1, 1);
      assertThat(io.delta.tables.DeltaTable.isDeltaTable(spark(), Table.QUARANTINE.path(relative)))
          .isTrue();
      assertThat(
              io.delta.tables.DeltaTable.isDeltaTable(spark(), Table.SCORES_CURRENT.path(relative)))
          .isTrue();
      assertThat(DeltaWriter.qualified(spark(), relative)).startsWith("file:/").endsWith(relative);
    } finally {
      org.apache.commons.io.FileUtils.deleteDirectory(new java.io.File(relative));
    }
  }

  /**
   * A person table created by its first write (one commit) is the table {@link
   * EmptyPersonTables#create} makes and a write fills (two commits): the same schema, properties,
   * partitioning, clustering and protocol, for every person table.
   */
  @Test
  void aTableCreatedByItsFirstWriteIsTheTableCreatedThenWritten() {
    PersonIds ids =
        PersonIds.pseudonymized(
            "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String once = dir.resolve("once").toString();
    String twice = dir.resolve("twice").toString();
    List<Table> personTables =
        java.util.Arrays.stream(Table.values()).filter(PersonTables::holdsPersons).toList();
    assertThat(personTables)
        .contains(Table.FEATURES, Table.SCORE_SNAPSHOTS, Table.SCORES_CURRENT, Table.QUARANTINE);
    for (Table table : personTables) {
      Dataset<Row> none = spark().createDataFrame(List.<Row>of(), table.schema());
      assertThat(PersonTables.createWith(spark(), once, ids, table, none)).isTrue();
      EmptyPersonTables.create(spark(), twice, ids, table);
      DeltaWriter.append(table, twice, none);
      assertThat(shape(table.path(once))).as(table.tableName()).isEqualTo(shape(table.path(twice)));
      assertThat(versions(table.path(once))).as(table.tableName()).isEqualTo(1);
      assertThat(PersonTables.createWith(spark(), once, ids, table, none))
          .as("an existing table is left to the replacing write")
          .isFalse();
    }
  }

  @Test
  void aTableIsCreatedOverTheLeftoversOfAnInterruptedCreatingWrite() throws Exception {
    String wh = dir.toString();
    java.nio.file.Path leftover =
        Files.createDirectories(
                Path.of(Table.SCORE_SNAPSHOTS.path(wh)).resolve("snapshot_date=2026-09-30"))
            .resolve("part-00000.parquet");
    Files.writeString(leftover, "not committed");
    Dataset<Row> rows = snapshot(D1, "a", new Object[] {"P1", 600});
    DeltaWriter.replacePartition(spark(), wh, PersonIds.raw(), Table.SCORE_SNAPSHOTS, rows, D1);
    assertThat(spark().read().format("delta").load(Table.SCORE_SNAPSHOTS.path(wh)).count())
        .isEqualTo(1);
    assertThat(PersonTables.properties(spark(), Table.SCORE_SNAPSHOTS.path(wh)))
        .containsEntry(PersonIds.MODE_PROPERTY, PersonIds.RAW);
    assertThat(versions(Table.SCORE_SNAPSHOTS.path(wh))).isEqualTo(1);
    assertThat(leftover).exists();
  }

  @Test
  void aTableWhoseReasonsHoldNoNullsTakesTheRowsWrittenNow() {
    // Tables created before OutputSchemas' reasons had nullable elements say "containsNull":
    // false; Delta takes rows of the nullable type into them, and they read back as written.
    String wh = dir.toString();
    String path = Table.SCORE_SNAPSHOTS.path(wh);
    org.apache.spark.sql.types.StructType older =
        new org.apache.spark.sql.types.StructType(
            java.util.Arrays.stream(OutputSchemas.SCORES.fields())
                .map(
                    f ->
                        f.name().equals(REASONS)
                            ? f.copy(
                                f.name(),
                                org.apache.spark.sql.types.DataTypes.createArrayType(
                                    OutputSchemas.REASON_STRUCT, false),
                                f.nullable(),
                                f.metadata())
                            : f)
                .toArray(org.apache.spark.sql.types.StructField[]::new));
    io.delta.tables.DeltaTable.create(spark())
        .location(DeltaWriter.qualified(spark(), path))
        .addColumns(older)
        .partitionedBy(SNAPSHOT_DATE)
        .execute();
    Dataset<Row> rows = snapshot(D1, "a", new Object[] {"P1", 600});
    DeltaWriter.replacePartition(spark(), wh, PersonIds.raw(), Table.SCORE_SNAPSHOTS, rows, D1);
    Dataset<Row> read = spark().read().format("delta").load(path);
    assertThat(read.schema()).isEqualTo(older);
    assertThat(DeltaWriter.conform(Table.SCORE_SNAPSHOTS, read).collectAsList())
        .isEqualTo(DeltaWriter.conform(Table.SCORE_SNAPSHOTS, rows).collectAsList());
  }

  /** What DESCRIBE DETAIL says of a table but where, when and how big, and its schema. */
  private static List<Object> shape(String path) {
    Row detail = io.delta.tables.DeltaTable.forPath(spark(), path).detail().first();
    return List.of(
        io.delta.tables.DeltaTable.forPath(spark(), path).toDF().schema().json(),
        detail.getList(detail.fieldIndex("partitionColumns")),
        detail.getList(detail.fieldIndex("clusteringColumns")),
        new TreeMap<>(detail.<String, String>getJavaMap(detail.fieldIndex("properties"))),
        detail.getInt(detail.fieldIndex("minReaderVersion")),
        detail.getInt(detail.fieldIndex("minWriterVersion")),
        new java.util.TreeSet<>(detail.<String>getList(detail.fieldIndex("tableFeatures"))));
  }

  private static long versions(String path) {
    return io.delta.tables.DeltaTable.forPath(spark(), path).history().count();
  }

  @Test
  void rerunReplacesOnlyItsOwnPartition() {
    String wh = dir.toString();
    DeltaWriter.replacePartition(
        Table.SCORE_SNAPSHOTS, wh, snapshot(D1, "a", new Object[] {"P1", 600}), D1);
    DeltaWriter.replacePartition(
        Table.SCORE_SNAPSHOTS, wh, snapshot(D2, "b", new Object[] {"P1", 610}), D2);
    DeltaWriter.replacePartition(
        Table.SCORE_SNAPSHOTS, wh, snapshot(D2, "c", new Object[] {"P1", 620}), D2);
    List<Row> all =
        spark()
            .read()
            .format("delta")
            .load(Table.SCORE_SNAPSHOTS.path(wh))
            .orderBy(col(SNAPSHOT_DATE))
            .collectAsList();
    assertThat(all).hasSize(2);
    assertThat(all.get(0).getInt(2)).isEqualTo(600);
    assertThat(all.get(1).getInt(2)).isEqualTo(620);
    assertThat(all.get(1).getString(8)).isEqualTo("c");
  }

  /**
   * A date's partition is written as its rows come, without the sort by snapshot_date that Spark
   * puts in front of a partitioned write by default (SparkSessions.CONCURRENT_OUTPUT_WRITERS): no
   * task of the write takes sort memory, and the file holds the rows in the order given.
   */
  @Test
  void aPartitionIsWrittenInTheOrderOfItsRowsWithoutASort() throws Exception {
    String wh = dir.toString();
    Object[][] scores = new Object[2000][];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = new Object[] {String.format("P%04d", (i * 7919) % 2000), 350 + i % 600};
    }
    Dataset<Row> rows = snapshot(D1, "a", scores).coalesce(1);
    List<Long> peakMemory = new CopyOnWriteArrayList<>();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
              // Spark's SortExec reports its sorter's memory as the task's peak execution memory;
              // the file writer's own sorter does not, but takes its pages from the task's memory
              // manager, whose peak the executor records on and off the heap.
              peakMemory.add(
                  Math.max(
                      end.taskMetrics().peakExecutionMemory(),
                      end.taskMetrics().peakOnHeapExecutionMemory()
                          + end.taskMetrics().peakOffHeapExecutionMemory()));
            }
          }
        };
    spark().sparkContext().addSparkListener(listener);
    try {
      DeltaWriter.replacePartition(Table.SCORE_SNAPSHOTS, wh, rows, D1);
      spark().sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark().sparkContext().removeSparkListener(listener);
    }
    assertThat(peakMemory).isNotEmpty().allMatch(bytes -> bytes == 0L);
    List<String> written;
    try (Stream<Path> files = Files.walk(Path.of(Table.SCORE_SNAPSHOTS.path(wh)))) {
      List<Path> parquet = files.filter(f -> f.toString().endsWith(".parquet")).toList();
      assertThat(parquet).hasSize(1);
      written =
          spark().read().parquet(parquet.get(0).toString()).collectAsList().stream()
              .map(r -> r.getString(0))
              .toList();
    }
    assertThat(written)
        .containsExactlyElementsOf(
            java.util.Arrays.stream(scores).map(r -> (String) r[0]).toList());
  }

  @Test
  void loadingTablesStatesWritesNothingAndFailsOnNone() throws Exception {
    String wh = dir.toString();
    DeltaWriter.replacePartition(
        Table.SCORE_SNAPSHOTS, wh, snapshot(D1, "a", new Object[] {"P1", 600}), D1);
    // A quarantine whose only commit is not JSON: Delta cannot read its state.
    Path broken = Path.of(Table.QUARANTINE.path(wh), "_delta_log");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve("00000000000000000000.json"), "not a commit\n");

    DeltaWriter.loadState(
        spark(), wh, List.of(Table.QUARANTINE, Table.SCORE_SNAPSHOTS, Table.RUNS));

    assertThat(versions(Table.SCORE_SNAPSHOTS.path(wh))).isEqualTo(1);
    assertThat(Path.of(Table.RUNS.path(wh))).doesNotExist();
    assertThat(spark().read().format("delta").load(Table.SCORE_SNAPSHOTS.path(wh)).count())
        .isEqualTo(1);
  }

  @Test
  void writesExactlyTheTableSchema() {
    String wh = dir.toString();
    DeltaWriter.replacePartition(
        Table.SCORE_SNAPSHOTS,
        wh,
        snapshot(D1, "a", new Object[] {"P1", 600}).withColumn("stray", col(SCORE)),
        D1);
    assertThat(spark().read().format("delta").load(Table.SCORE_SNAPSHOTS.path(wh)).columns())
        .containsExactly(OutputSchemas.SCORES.fieldNames());
  }

  @Test
  void currentKeepsTheNewestSnapshotWhenAnOlderDateIsBackfilled() {
    String wh = dir.toString();
    assertThat(
            DeltaWriter.replaceCurrent(
                spark(),
                wh,
                PersonIds.raw(),
                snapshot(D2, "b", new Object[] {"P1", 700}, new Object[] {"P2", 500}),
                D2,
                2))
        .isTrue();
    assertThat(
            DeltaWriter.replaceCurrent(
                spark(),
                wh,
                PersonIds.raw(),
                snapshot(D1, "a", new Object[] {"P1", 400}, new Object[] {"P3", 400}),
                D1,
                2))
        .isFalse();
    // P3 is in the older snapshot only: a backfill must not bring them back.
    assertThat(current()).isEqualTo(Map.of("P1", 700, "P2", 500));
  }

  @Test
  void currentCreatedByItsFirstWriteHasThePersonTablesProperties() {
    String wh = dir.toString();
    PersonIds ids =
        PersonIds.pseudonymized(
            "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    DeltaWriter.replaceCurrent(
        spark(), wh, ids, snapshot(D1, "a", new Object[] {"P1", 600}), D1, 2);
    Map<String, String> properties =
        PersonTables.properties(spark(), Table.SCORES_CURRENT.path(wh));
    assertThat(properties)
        .containsEntry(PersonIds.MODE_PROPERTY, PersonIds.PSEUDONYMIZED)
        .containsEntry(PersonIds.FINGERPRINT_PROPERTY, ids.fingerprint())
        .containsEntry(PersonTables.PAGE_ROWS, PersonTables.LOOKUP_PAGE_ROWS)
        .containsKey("delta.dataSkippingStatsColumns");
  }

  @Test
  void currentIsTheNewestSnapshotWhateverTheOrderOfRuns() {
    Object[][] older = {{"P1", 400}, {"P3", 410}};
    Object[][] newer = {{"P1", 700}, {"P2", 500}};
    String forward = dir.resolve("forward").toString();
    DeltaWriter.replaceCurrent(spark(), forward, PersonIds.raw(), snapshot(D1, "a", older), D1, 2);
    DeltaWriter.replaceCurrent(spark(), forward, PersonIds.raw(), snapshot(D2, "b", newer), D2, 2);
    String backward = dir.resolve("backward").toString();
    DeltaWriter.replaceCurrent(spark(), backward, PersonIds.raw(), snapshot(D2, "b", newer), D2, 2);
    DeltaWriter.replaceCurrent(spark(), backward, PersonIds.raw(), snapshot(D1, "a", older), D1, 2);
    assertThat(rowsOf(forward)).isEqualTo(rowsOf(backward)).hasSize(2);
    Row detail =
        io.delta.tables.DeltaTable.forPath(spark(), Table.SCORES_CURRENT.path(backward))
            .detail()
            .first();
    assertThat(detail.<String>getList(detail.fieldIndex("clusteringColumns")))
        .containsExactly(PERSON_ID);
  }

  /**
   * Replacing scores_current drops its old files from the log without reading them: with a
   * predicate on snapshot_date (not a partition column) Delta ran a job to find the files holding
   * matching rows and another to rewrite them.
   */
  @Test
  void replacingCurrentReadsNoneOfItsOldFiles() throws Exception {
    String wh = dir.toString();
    Object[][] scores = {{"P1", 600}, {"P2", 500}, {"P3", 700}};
    DeltaWriter.replaceCurrent(spark(), wh, PersonIds.raw(), snapshot(D1, "a", scores), D1, 2);
    List<Boolean> replaced = new ArrayList<>();
    List<String> jobs =
        jobsOf(
            () ->
                replaced.add(
                    DeltaWriter.replaceCurrent(
                        spark(), wh, PersonIds.raw(), snapshot(D2, "b", scores), D2, 2)));
    assertThat(replaced).containsExactly(true);
    assertThat(jobs).isNotEmpty().noneMatch(d -> d.contains("rewrite") || d.contains("Rewriting"));
    assertThat(current()).isEqualTo(Map.of("P1", 600, "P2", 500, "P3", 700));
    assertThat(spark().read().format("delta").load(Table.SCORES_CURRENT.path(wh)).count())
        .isEqualTo(3);
  }

  @Test
  void currentDropsPersonsAbsentFromANewerSnapshot() {
    String wh = dir.toString();
    DeltaWriter.replaceCurrent(
        spark(),
        wh,
        PersonIds.raw(),
        snapshot(D1, "a", new Object[] {"P1", 600}, new Object[] {"P2", 500}),
        D1,
        2);
    DeltaWriter.replaceCurrent(
        spark(),
        wh,
        PersonIds.raw(),
        snapshot(D2, "b", new Object[] {"P1", 610}, new Object[] {"P3", 650}),
        D2,
        2);
    assertThat(current()).isEqualTo(Map.of("P1", 610, "P3", 650));
    DeltaWriter.replaceCurrent(
        spark(),
        wh,
        PersonIds.raw(),
        snapshot(D2, "c", new Object[] {"P1", 610}, new Object[] {"P3", 650}),
        D2,
        2);
    assertThat(current()).isEqualTo(Map.of("P1", 610, "P3", 650));
  }

  /**
   * Whether scores_current holds a newer snapshot is read from its log, without a Spark job, when
   * the files' snapshot_date bounds rule every one out; otherwise the files are read. A table
   * created when its statistics were person_id's alone (its files have no snapshot_date bounds) is
   * answered by reading it, and altered to keep both, so that the files of its next write have
   * them.
   */
  @Test
  void currentIsPlannedFromItsLogWhereItsBoundsSufficeAndAnOlderTableIsAlteredToKeepThem()
      throws Exception {
    String wh = dir.toString();
    String path = Table.SCORES_CURRENT.path(wh);
    LocalDate d3 = D2.plusMonths(1);
    Dataset<Row> written =
        DeltaWriter.conform(
            Table.SCORES_CURRENT,
            snapshot(D2, "b", new Object[] {"P1", 700}, new Object[] {"P2", 500}));
    // scores_current as the version before this one created it: bounds on person_id alone.
    Map<String, String> older =
        new TreeMap<>(PersonTables.tableProperties(Table.SCORES_CURRENT, PersonIds.raw()));
    older.put(PersonTables.STATS_COLUMNS, PERSON_ID);
    io.delta.tables.DeltaTableBuilder builder =
        io.delta.tables.DeltaTable.create(spark())
            .location(DeltaWriter.qualified(spark(), path))
            .addColumns(written.schema())
            .clusterBy(PERSON_ID);
    for (Map.Entry<String, String> property : older.entrySet()) {
      builder = builder.property(property.getKey(), property.getValue());
    }
    builder.execute();
    written.write().format("delta").mode("append").save(path);

    assertThat(DeltaWriter.planCurrent(spark(), wh, D1))
        .isEqualTo(DeltaWriter.CurrentReplacement.KEEP_NEWER);
    assertThat(PersonTables.properties(spark(), path))
        .containsEntry(PersonTables.STATS_COLUMNS, PERSON_ID + "," + SNAPSHOT_DATE);
    List<DeltaWriter.CurrentReplacement> plans = new ArrayList<>();
    assertThat(jobsOf(() -> plans.add(DeltaWriter.planCurrent(spark(), wh, d3))))
        .as("files without snapshot_date bounds are read")
        .isNotEmpty();

    DeltaWriter.replaceCurrent(
        spark(), wh, PersonIds.raw(), snapshot(d3, "c", new Object[] {"P1", 710}), d3, 2);
    assertThat(jobsOf(() -> plans.add(DeltaWriter.planCurrent(spark(), wh, d3))))
        .as("the bounds rule every file out")
        .isEmpty();
    assertThat(plans)
        .containsExactly(
            DeltaWriter.CurrentReplacement.REPLACE, DeltaWriter.CurrentReplacement.REPLACE);
    assertThat(DeltaWriter.planCurrent(spark(), wh, D2))
        .isEqualTo(DeltaWriter.CurrentReplacement.KEEP_NEWER);
    assertThat(current()).isEqualTo(Map.of("P1", 710));
  }

  /** The descriptions of the Spark jobs {@code work} ran. */
  private static List<String> jobsOf(Runnable work) throws Exception {
    List<String> jobs = new CopyOnWriteArrayList<>();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            jobs.add(String.valueOf(start.properties().getProperty("spark.job.description")));
          }
        };
    spark().sparkContext().listenerBus().waitUntilEmpty();
    spark().sparkContext().addSparkListener(listener);
    try {
      work.run();
      spark().sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark().sparkContext().removeSparkListener(listener);
    }
    return jobs;
  }

  @Test
  void snapshotsKeepNoColumnStatisticsAndCurrentOnlyPersonIdAndDateBounds() throws Exception {
    String wh = dir.toString();
    Object[][] scores = {{"P1", 600}, {"P2", 500}, {"P3", 700}};
    for (LocalDate date : List.of(D1, D2)) { // the creating write and a later one
      DeltaWriter.replacePartition(
          spark(), wh, PersonIds.raw(), Table.SCORE_SNAPSHOTS, snapshot(date, "a", scores), date);
      DeltaWriter.replaceCurrent(
          spark(), wh, PersonIds.raw(), snapshot(date, "a", scores), date, 2);
    }
    List<JsonNode> snapshotStats = addedStats(Table.SCORE_SNAPSHOTS.path(wh));
    // Every file keeps its row count (three persons on each of the two dates), and nothing else.
    assertThat(snapshotStats.stream().mapToLong(s -> s.path("numRecords").asLong()).sum())
        .isEqualTo(6);
    for (JsonNode stats : snapshotStats) {
      assertThat(stats.has("minValues")).as(stats.toString()).isFalse();
    }
    List<JsonNode> currentStats = addedStats(Table.SCORES_CURRENT.path(wh));
    assertThat(currentStats).isNotEmpty();
    for (JsonNode stats : currentStats) {
      List<String> bounded = new ArrayList<>();
      stats.path("minValues").fieldNames().forEachRemaining(bounded::add);
      assertThat(bounded).as(stats.toString()).containsExactly(PERSON_ID, SNAPSHOT_DATE);
    }
  }

  /** The statistics of every file the table's commits added, oldest commit first. */
  private static List<JsonNode> addedStats(String table) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    List<Path> commits;
    try (Stream<Path> files = Files.list(Path.of(table, "_delta_log"))) {
      commits = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path commit : commits) {
      for (String line : Files.readAllLines(commit)) {
        JsonNode add = json.readTree(line).path("add");
        if (!add.isMissingNode()) {
          out.add(json.readTree(add.path("stats").asText()));
        }
      }
    }
    return out;
  }

  private static List<String> rowsOf(String warehouse) {
    return spark()
        .read()
        .format("delta")
        .load(Table.SCORES_CURRENT.path(warehouse))
        .collectAsList()
        .stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }
}
