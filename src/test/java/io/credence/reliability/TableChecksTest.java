package io.credence.reliability;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.SparkTestBase;
import io.credence.lookup.KernelWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table checks the crash test and the cluster tests rely on pass on equal tables and fail on
 * each kind of difference: a changed value (nested, null or not), a missing or extra copy of a row,
 * rows a filter keeps or leaves, rows deleted through a deletion vector, an unreadable table.
 */
class TableChecksTest extends SparkTestBase {
  @TempDir static Path dir;

  private static TableChecks checks;

  /** Three rows on two dates, with a nested array of structs, nulls and a run id. */
  private static Dataset<Row> base() {
    return spark()
        .sql(
            "SELECT * FROM VALUES"
                + " ('P1', DATE'2026-10-30', 'r1', 500, array(named_struct('code', 'A', 'w',"
                + " 1.5D))),"
                + " ('P2', DATE'2026-10-30', 'r1', CAST(NULL AS INT), array()),"
                + " ('P1', DATE'2026-10-31', 'r2', 510, CAST(NULL AS ARRAY<STRUCT<code: STRING,"
                + " w: DOUBLE>>))"
                + " AS t(person_id, snapshot_date, run_id, score, reasons)");
  }

  private static String write(String name, Dataset<Row> rows) {
    String path = dir.resolve(name).toString();
    rows.write().format("delta").partitionBy("snapshot_date").save(path);
    return path;
  }

  @BeforeAll
  static void tables() {
    write("a", base());
    write("same", base().repartition(3)); // the same rows in other files and order
    write("other_run", base().withColumn("run_id", lit("r9")));
    write(
        "nested",
        base()
            .withColumn(
                "reasons", when(col("score").equalTo(500), null).otherwise(col("reasons"))));
    write("twice", base().union(base().where(col("person_id").equalTo("P2"))));
    write("empty", base().where(lit(false)));
    checks = new TableChecks(KernelWarehouse.prepare().join().engine());
  }

  private static String check(String kind, String drop, String... tables) {
    String[] relations =
        Stream.of(tables).map(t -> dir.resolve(t).toString()).toArray(String[]::new);
    return checks.run(kind + "\tc\t" + drop + "\t" + String.join("\t", relations));
  }

  @Test
  void sameRowsPassOnlyOnTheSameMultisetOfRows() {
    assertThat(check("same_rows", "", "a", "same")).isEqualTo("c | 3 | 3 | true | 0 | 0");
    // run_id differs in every row: equal only with it left out
    assertThat(check("same_rows", "", "a", "other_run")).isEqualTo("c | 3 | 3 | false | 3 | 3");
    assertThat(check("same_rows", "run_id", "a", "other_run"))
        .isEqualTo("c | 3 | 3 | true | 0 | 0");
    // a nested value set to null; a row held twice
    assertThat(check("same_rows", "", "a", "nested")).isEqualTo("c | 3 | 3 | false | 1 | 1");
    assertThat(check("same_rows", "", "a", "twice")).isEqualTo("c | 3 | 4 | false | 0 | 0");
    assertThat(check("same_rows", "", "empty", "empty")).isEqualTo("c | 0 | 0 | false | 0 | 0");
  }

  @Test
  void filtersKeepTheRowsOfOneValue() {
    assertThat(
            check("same_rows", "", "a?snapshot_date=2026-10-30", "nested?snapshot_date=2026-10-30"))
        .isEqualTo("c | 2 | 2 | false | 1 | 1");
    assertThat(
            check("same_rows", "", "a?snapshot_date=2026-10-31", "nested?snapshot_date=2026-10-31"))
        .isEqualTo("c | 1 | 1 | true | 0 | 0");
    assertThat(check("empty", "", "a?run_id=r2")).isEqualTo("c | 1 | 0 | false | 1 | 0");
    assertThat(check("empty", "", "a?run_id=r3")).isEqualTo("c | 0 | 0 | true | 0 | 0");
    assertThatThrownBy(() -> check("empty", "", "a?no_such=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column no_such");
  }

  @Test
  void emptyOrSameAndSameAsOne() {
    assertThat(check("empty_or_same", "", "empty", "a")).isEqualTo("c | 0 | 3 | true | 0 | 0");
    assertThat(check("empty_or_same", "", "same", "a")).isEqualTo("c | 3 | 3 | true | 0 | 0");
    assertThat(check("empty_or_same", "", "nested", "a")).isEqualTo("c | 3 | 3 | false | 1 | 1");
    assertThat(check("empty_or_same", "", "a", "empty")).isEqualTo("c | 3 | 0 | false | 3 | 0");
    assertThat(check("same_as_one", "", "same", "nested", "a"))
        .isEqualTo("c | 3 | 3 | true | 0 | 0");
    assertThat(check("same_as_one", "", "same", "a", "nested"))
        .isEqualTo("c | 3 | 3 | true | 0 | 0");
    assertThat(check("same_as_one", "", "twice", "a", "nested"))
        .isEqualTo("c | 4 | 3 | false | 0 | 0");
  }

  @Test
  void rowsDeletedThroughADeletionVectorAreGone() throws IOException {
    String path = write("deleted", base().coalesce(1)); // P2 shares its file with P1
    spark()
        .sql(
            "ALTER TABLE delta.`"
                + path
                + "` SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    spark().sql("DELETE FROM delta.`" + path + "` WHERE person_id = 'P2'");
    try (Stream<Path> log = Files.list(Path.of(path, "_delta_log"))) {
      assertThat(log.filter(p -> p.toString().endsWith(".json")).map(TableChecksTest::read))
          .anyMatch(json -> json.contains("\"deletionVector\":{"));
    }
    assertThat(check("readable", "", "deleted")).isEqualTo("c | 2 | 2 | true | 0 | 0");
    assertThat(check("same_rows", "", "deleted", "a")).isEqualTo("c | 2 | 3 | false | 0 | 1");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anUnreadableTableFailsItsCheck() throws IOException {
    String path = write("damaged", base());
    try (Stream<Path> files = Files.walk(Path.of(path))) {
      for (Path p : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        Files.write(p, new byte[] {1, 2, 3});
      }
    }
    assertThat(check("readable", "", "damaged")).isEqualTo("c | -1 | -1 | false | -1 | -1");
    assertThat(check("readable", "", "no_such_table")).isEqualTo("c | -1 | -1 | false | -1 | -1");
    assertThat(check("empty", "", "empty")).isEqualTo("c | 0 | 0 | true | 0 | 0");
  }

  @Test
  void aMalformedCheckIsRefused() {
    assertThatThrownBy(() -> checks.run("same_rows\tc\t\t/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes 2 relations, not 1");
    assertThatThrownBy(() -> checks.run("bogus\tc\t\t/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown check kind");
  }
}
