package io.credence.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
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
