package io.credence.lookup;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.loadtest.SyntheticScores;
import io.credence.publish.DeltaWriter;
import io.credence.publish.Table;
import io.credence.schema.OutputSchemas;
import io.credence.score.ScorecardYaml;
import io.credence.spark.ScopedConf;
import io.credence.spark.SparkSessions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.internal.column.columnindex.BoundaryOrder;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark-free reader finds exactly the rows Spark reads: the current row (scores, tiers, reasons
 * with their texts and points, unscorable persons), the newest snapshots of history, and nothing
 * for an unknown person; it prunes files by the log's person_id bounds and applies deletion
 * vectors.
 */
class KernelLookupTest extends SparkTestBase {
  private static final int PERSONS = 400;

  @TempDir static Path shared;
  @TempDir Path dir;

  private static String warehouse;
  private static KernelWarehouse tables;

  @BeforeAll
  static void writeWarehouse() {
    warehouse = SyntheticWarehouse.write(shared, PERSONS, 3);
    tables = KernelWarehouse.open(warehouse);
  }

  @Test
  void currentRowIsTheRowSparkReadsForEveryKindOfPerson() {
    List<Row> expected =
        spark().read().format("delta").load(Table.SCORES_CURRENT.path(warehouse)).collectAsList();
    assertThat(expected).hasSize(PERSONS);
    // The first 60 rows, and every unscorable person's row wherever it is.
    List<Row> checked = new ArrayList<>(expected.subList(0, 60));
    expected.stream().skip(60).filter(r -> r.isNullAt(r.fieldIndex(SCORE))).forEach(checked::add);
    assertThat(checked.stream().filter(r -> r.isNullAt(r.fieldIndex(SCORE)))).isNotEmpty();
    var snapshot = tables.latest(WarehouseTable.SCORES_CURRENT).orElseThrow();
    for (Row row : checked) {
      CurrentScore found = CurrentScore.find(tables, snapshot, row.getAs(PERSON_ID));
      assertThat(found.row()).contains(fromSpark(row, null));
      assertThat(found.filesRead()).isBetween(1, 2);
    }
  }

  @Test
  void historyHoldsTheNewestSnapshotsNewestFirst() {
    String person = SyntheticWarehouse.person(17);
    List<ScoreRecord> expected =
        spark()
            .read()
            .format("delta")
            .load(Table.SCORE_SNAPSHOTS.path(warehouse))
            .filter(col(PERSON_ID).equalTo(person))
            .orderBy(col(SNAPSHOT_DATE).desc())
            .limit(2)
            .collectAsList()
            .stream()
            .map(r -> fromSpark(r, null))
            .toList();
    var snapshots = tables.latest(WarehouseTable.SCORE_SNAPSHOTS).orElseThrow();
    List<ScoreRecord> history = ScoreHistory.recent(tables, snapshots, person, 2);
    assertThat(history).containsExactlyElementsOf(expected);
    assertThat(history.get(0).snapshotDate()).isEqualTo(SyntheticWarehouse.NEWEST);
    assertThat(ScoreHistory.recent(tables, snapshots, person, 6)).hasSize(3);
  }

  @Test
  void unknownPersonIsNotFound() {
    var snapshot = tables.latest(WarehouseTable.SCORES_CURRENT).orElseThrow();
    assertThat(CurrentScore.find(tables, snapshot, "P9999999999").row()).isEmpty();
    assertThat(CurrentScore.find(tables, snapshot, "P9999999999").filesRead()).isZero();
    var snapshots = tables.latest(WarehouseTable.SCORE_SNAPSHOTS).orElseThrow();
    assertThat(ScoreHistory.recent(tables, snapshots, "P9999999999", 3)).isEmpty();
  }

  @Test
  void readsOneOrTwoFilesOfAClusteredTableOfMany() {
    String wh = dir.toString();
    // several small files instead of one
    try (ScopedConf smallFiles = ScopedConf.set(spark(), MAX_FILE_SIZE, 4096)) {
      DeltaWriter.replaceCurrent(
          spark(),
          wh,
          io.credence.privacy.PersonIds.raw(),
          scores(wh),
          SyntheticWarehouse.NEWEST,
          4);
    }
    KernelWarehouse small = KernelWarehouse.open(wh);
    var snapshot = small.latest(WarehouseTable.SCORES_CURRENT).orElseThrow();
    long files = PersonRows.all(small, snapshot).files().size();
    CurrentScore found = CurrentScore.find(small, snapshot, SyntheticWarehouse.person(211));
    assertThat(files).isGreaterThanOrEqualTo(3);
    assertThat(found.row()).isPresent();
    assertThat(found.filesRead()).isBetween(1, 2);
  }

  @Test
  void rowsDeletedThroughADeletionVectorAreNotFound() {
    String wh = dir.toString();
    DeltaWriter.replaceCurrent(
        spark(), wh, io.credence.privacy.PersonIds.raw(), scores(wh), SyntheticWarehouse.NEWEST, 4);
    String path = Table.SCORES_CURRENT.path(wh);
    spark()
        .sql(
            "ALTER TABLE delta.`"
                + path
                + "` SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    spark()
        .sql(
            "DELETE FROM delta.`"
                + path
                + "` WHERE person_id = '"
                + SyntheticWarehouse.person(5)
                + "'");
    KernelWarehouse small = KernelWarehouse.open(wh);
    var snapshot = small.latest(WarehouseTable.SCORES_CURRENT).orElseThrow();
    assertThat(PersonRows.all(small, snapshot).files())
        .as("the DELETE wrote a deletion vector instead of rewriting the file")
        .anyMatch(PersonRows.DataFile::deletionVector);
    assertThat(CurrentScore.find(small, snapshot, SyntheticWarehouse.person(5)).row()).isEmpty();
    assertThat(CurrentScore.find(small, snapshot, SyntheticWarehouse.person(6)).row()).isPresent();
  }

  @Test
  void sortingWithinFilesLeavesThePageIndexOrderedByPerson() throws IOException {
    assertThat(boundaryOrder(dir.resolve("unsorted"), "false")).isEqualTo(BoundaryOrder.UNORDERED);
    assertThat(boundaryOrder(dir.resolve("sorted"), "true")).isEqualTo(BoundaryOrder.ASCENDING);
  }

  @Test
  void scoreTablesAreWrittenInPagesOfAThousandRows() throws IOException {
    var rows = SyntheticScores.snapshot(spark(), 3500, SyntheticWarehouse.NEWEST, scorecard());
    // A table created by the write and one that exists already (created empty, as before).
    for (boolean existing : new boolean[] {false, true}) {
      String wh = dir.resolve(existing ? "existing" : "new").toString();
      if (existing) {
        io.credence.publish.EmptyPersonTables.create(
            spark(), wh, io.credence.privacy.PersonIds.raw(), Table.SCORES_CURRENT);
      }
      DeltaWriter.replaceCurrent(
          spark(),
          wh,
          io.credence.privacy.PersonIds.raw(),
          rows,
          SyntheticWarehouse.NEWEST,
          1); // one file
      try (ParquetFileReader reader = firstFileOfCurrent(wh)) {
        var block = reader.getFooter().getBlocks().get(0);
        var pages = reader.readOffsetIndex(block.getColumns().get(0));
        assertThat(pages.getPageCount()).as(wh).isGreaterThanOrEqualTo(4);
        for (int p = 0; p < pages.getPageCount(); p++) {
          long last =
              p + 1 < pages.getPageCount() ? pages.getFirstRowIndex(p + 1) : block.getRowCount();
          assertThat(last - pages.getFirstRowIndex(p)).as(wh).isLessThanOrEqualTo(1000);
        }
      }
    }
  }

  /** The first data file of the warehouse's scores_current, as Kernel lists it, opened. */
  private static ParquetFileReader firstFileOfCurrent(String wh) throws IOException {
    KernelWarehouse warehouse = KernelWarehouse.open(wh);
    var snapshot = warehouse.latest(WarehouseTable.SCORES_CURRENT).orElseThrow();
    String file = PersonRows.all(warehouse, snapshot).files().get(0).path();
    return ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file), new Configuration()));
  }

  /** The person_id page order of scores_current written with sortWithinFiles set to {@code on}. */
  private static BoundaryOrder boundaryOrder(Path dir, String on) throws IOException {
    String wh = dir.toString();
    try (ScopedConf sorting = ScopedConf.set(spark(), SparkSessions.MDC_SORT_WITHIN_FILES, on)) {
      io.credence.publish.EmptyPersonTables.create(
          spark(), wh, io.credence.privacy.PersonIds.raw(), Table.SCORES_CURRENT);
      // eight files in no order (the job's writes are sorted already): an OPTIMIZE run by hand
      // merges them, sorting within the file only with the setting on
      var rows = SyntheticScores.snapshot(spark(), 3500, SyntheticWarehouse.NEWEST, scorecard());
      String path = Table.SCORES_CURRENT.path(wh);
      rows.repartition(8).write().format("delta").mode("append").save(path);
      spark().sql("OPTIMIZE delta.`" + path + "`");
    }
    try (ParquetFileReader reader = firstFileOfCurrent(wh)) {
      var chunk = reader.getFooter().getBlocks().get(0).getColumns().get(0);
      assertThat(chunk.getPath().toDotString()).isEqualTo(PERSON_ID);
      var index = reader.readColumnIndex(chunk);
      assertThat(index.getMinValues()).hasSizeGreaterThan(2);
      return index.getBoundaryOrder();
    }
  }

  private static io.credence.score.Scorecard scorecard() {
    return ScorecardYaml.read(Path.of("jobs/scorecards/expert-v1.yaml"));
  }

  @Test
  void firstInFileFindsTheFirstValueInFileOrderPastBatchesOfNulls() throws IOException {
    // Kernel decodes a file in batches of 1,024 rows: nulls fill the first two and part of the
    // third, then the values begin; the first of them, in the file's order, is the one found.
    String path = dir.resolve("one-file").toString();
    spark()
        .range(0, 5000)
        .selectExpr("id", "IF(id < 2500, NULL, CONCAT('run-', CAST(id AS STRING))) AS run_id")
        .coalesce(1)
        .sortWithinPartitions("id")
        .write()
        .format("delta")
        .save(path);
    var engine = tables.engine();
    var scan =
        io.delta.kernel.TableManager.loadSnapshot(path).build(engine).getScanBuilder().build();
    List<java.util.Optional<String>> found = new ArrayList<>();
    try (var batches = scan.getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (var files = batches.next().getRows()) {
          while (files.hasNext()) {
            found.add(
                KernelScans.firstInFile(
                    engine,
                    scan.getScanState(engine),
                    files.next(),
                    row -> row.isNullAt(1) ? null : row.getString(1)));
          }
        }
      }
    }
    assertThat(found).containsExactly(java.util.Optional.of("run-2500"));
  }

  private static final String MAX_FILE_SIZE = "spark.databricks.delta.optimize.maxFileSize";

  /** The synthetic warehouse's newest snapshot, to write into another warehouse. */
  private static org.apache.spark.sql.Dataset<Row> scores(String wh) {
    io.credence.publish.EmptyPersonTables.create(
        spark(), wh, io.credence.privacy.PersonIds.raw(), Table.SCORES_CURRENT);
    return spark()
        .read()
        .format("delta")
        .load(Table.SCORE_SNAPSHOTS.path(warehouse))
        .filter(col(SNAPSHOT_DATE).equalTo(java.sql.Date.valueOf(SyntheticWarehouse.NEWEST)))
        .select(
            java.util.Arrays.stream(OutputSchemas.SCORES.fieldNames())
                .map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new));
  }

  /** A Spark row of a score table as the reader's record. */
  static ScoreRecord fromSpark(Row r, LocalDate date) {
    List<ScoreRecord.Reason> reasons =
        r.<Row>getList(r.fieldIndex(REASONS)).stream()
            .map(
                x ->
                    new ScoreRecord.Reason(
                        x.getAs(REASON_CODE),
                        x.getAs(REASON_FEATURE),
                        x.<Double>getAs(POINTS_LOST),
                        x.getAs(REASON_TEXT)))
            .toList();
    return new ScoreRecord(
        r.getAs(PERSON_ID),
        date != null ? date : r.<java.sql.Date>getAs(SNAPSHOT_DATE).toLocalDate(),
        r.getAs(SCORE),
        r.getAs(TIER),
        r.getAs(SCORE_STATUS),
        r.getAs(UNSCORABLE_REASON),
        reasons,
        r.getAs(SCORECARD_ID),
        r.getAs(RUN_ID));
  }
}
