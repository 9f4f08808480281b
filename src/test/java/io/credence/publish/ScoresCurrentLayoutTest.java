package io.credence.publish;

import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.SCORE;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.bench.PhysicalPlans;
import io.credence.bench.PointLookup;
import io.credence.privacy.PersonIds;
import io.credence.schema.OutputSchemas;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scores_current is clustered by person_id, also when an older run created it without clustering,
 * so that looking one person up skips the files whose person_id range cannot hold them.
 */
class ScoresCurrentLayoutTest extends SparkTestBase {
  private static final LocalDate D1 = LocalDate.of(2026, 9, 30);
  private static final LocalDate D2 = LocalDate.of(2026, 10, 31);

  @TempDir Path dir;

  @Test
  void lookupReadsOneFileOfTheLaidOutTableWithoutOptimize() {
    String wh = dir.toString();
    String path = Table.SCORES_CURRENT.path(wh);
    // An older layout: six files, each holding persons from the whole id range.
    DeltaWriter.conform(Table.SCORES_CURRENT, snapshot(D1, 3000).repartition(6))
        .write()
        .format("delta")
        .save(path);
    PointLookup.Result before = PointLookup.lookup(spark(), path, "P2017");
    assertThat(before.filesRead()).isEqualTo(6);

    DeltaWriter.replaceCurrent(
        spark(), wh, PersonIds.raw(), snapshot(D2, 3000).repartition(5), D2, 6);

    assertLaidOutForLookups(path);
    List<String> operations =
        io.delta.tables.DeltaTable.forPath(spark(), path)
            .history()
            .select("operation")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(operations).doesNotContain("OPTIMIZE");
  }

  @Test
  void aNewTableIsLaidOutByTheWriteThatCreatesIt() {
    String wh = dir.toString();
    String path = Table.SCORES_CURRENT.path(wh);
    DeltaWriter.replaceCurrent(
        spark(), wh, PersonIds.raw(), snapshot(D2, 3000).repartition(5), D2, 6);

    assertLaidOutForLookups(path);
    assertThat(io.delta.tables.DeltaTable.forPath(spark(), path).history().count()).isEqualTo(1);
  }

  /**
   * Rows already partitioned by person_id ranges (as the nightly job's merged features and scores
   * are) keep their ranges and are only sorted within each: no shuffle of their own. Rows in hash
   * partitions, or in ranges of another order or column, are range-partitioned as asked.
   */
  @Test
  void rowsAlreadyInPersonIdRangesAreOnlySorted() {
    Dataset<Row> scores = snapshot(D2, 3000);
    Dataset<Row> ranged =
        DeltaWriter.layOutForLookup(scores.repartitionByRange(3, col(PERSON_ID)), 6);
    assertThat(exchanges(ranged)).isEqualTo(1);
    assertSortedRanges(ranged, 3);

    for (Dataset<Row> other :
        List.of(
            scores.repartition(3, col(PERSON_ID)),
            scores.repartitionByRange(3, col(PERSON_ID).desc()),
            scores.repartitionByRange(3, col(SCORE)))) {
      assertSortedRanges(DeltaWriter.layOutForLookup(other, 6), 6);
    }
    assertThat(DeltaWriter.inPersonIdRanges(scores.repartitionByRange(3, col(PERSON_ID)))).isTrue();
  }

  private static int exchanges(Dataset<Row> rows) {
    return PhysicalPlans.shuffles(rows.queryExecution().executedPlan()).size();
  }

  /** {@code partitions} partitions, each sorted by person_id, each range after the one before. */
  private static void assertSortedRanges(Dataset<Row> rows, int partitions) {
    List<List<String>> ids =
        rows.select(col(PERSON_ID)).javaRDD().glom().collect().stream()
            .map(p -> p.stream().map(r -> r.getString(0)).toList())
            .toList();
    assertThat(ids).hasSize(partitions);
    String last = "";
    for (List<String> partition : ids) {
      assertThat(partition).isNotEmpty().isSorted();
      assertThat(partition.get(0)).isGreaterThan(last);
      last = partition.get(partition.size() - 1);
    }
  }

  /** Clustered by person_id, in six files, and a lookup of one person reads one of them. */
  private static void assertLaidOutForLookups(String path) {
    Row detail = io.delta.tables.DeltaTable.forPath(spark(), path).detail().first();
    assertThat(detail.<String>getList(detail.fieldIndex("clusteringColumns")))
        .containsExactly("person_id");
    PointLookup.Result lookup = PointLookup.lookup(spark(), path, "P2017");
    assertThat(lookup.rowsFound()).isEqualTo(1);
    assertThat(lookup.filesInTable()).isEqualTo(6);
    assertThat(lookup.filesRead()).isEqualTo(1);
  }

  private Dataset<Row> snapshot(LocalDate date, int persons) {
    Object[][] rows = new Object[persons][];
    for (int i = 0; i < persons; i++) {
      rows[i] =
          new Object[] {
            String.format("P%04d", i),
            Date.valueOf(date),
            500 + i % 300,
            "standard",
            "scored",
            null,
            List.of(),
            "expert-v1",
            "run-" + date
          };
    }
    return rows(OutputSchemas.SCORES, rows);
  }
}
