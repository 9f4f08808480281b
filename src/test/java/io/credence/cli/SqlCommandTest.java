package io.credence.cli;

import static org.apache.spark.sql.functions.max;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.InterruptedErasure;
import io.credence.SparkTestBase;
import io.credence.lookup.SyntheticWarehouse;
import io.credence.privacy.PersonIds;
import io.credence.publish.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code credence sql}: queries only, the rows it prints, and Spark's reasons for refusing. */
class SqlCommandTest extends SparkTestBase {
  @TempDir static Path shared;

  private static String warehouse;

  @BeforeAll
  static void writeWarehouse() {
    warehouse = SyntheticWarehouse.write(shared.resolve("wh"), 30, 1);
  }

  @Test
  void statementsThatWriteOrChangeStateAreRefusedBeforeTheyRun() throws Exception {
    long before = current();
    Path dir = shared.resolve("written-by-sql");
    Map<String, String> refused =
        Map.of(
            "DELETE FROM scores_current WHERE score > 0",
            "DeleteFromTable",
            "UPDATE scores_current SET score = 1",
            "UpdateTable",
            "INSERT INTO runs SELECT * FROM runs",
            "InsertIntoStatement",
            "WITH r AS (SELECT * FROM runs) INSERT INTO runs SELECT * FROM r",
            "InsertIntoStatement",
            "INSERT OVERWRITE DIRECTORY '" + dir + "' USING parquet SELECT 1 AS a",
            "InsertIntoDir",
            "DROP VIEW scores_current",
            "DropView",
            "OPTIMIZE scores_current",
            "OptimizeTableCommand",
            "CREATE TABLE t USING delta LOCATION '" + dir + "' AS SELECT 1 AS a",
            "CreateTableAsSelect",
            "SET spark.sql.shuffle.partitions = 3",
            "SetCommand");
    refused.forEach(
        (statement, kind) -> {
          CliRun out = CliRun.of("sql", statement, "--warehouse", warehouse);
          assertThat(out.code()).as(statement).isEqualTo(2);
          assertThat(out.stdout()).as(statement).isEmpty();
          assertThat(out.stderr())
              .as(statement)
              .contains("credence: the sql command runs queries only")
              .contains("(Spark's " + kind + ")")
              .contains("fix:");
        });
    assertThat(current()).isEqualTo(before);
    assertThat(Files.exists(dir)).isFalse();
  }

  @Test
  void queriesAndTheReadOnlyStatementsRun() {
    for (String query :
        new String[] {
          "SELECT count(*) AS n FROM scores_current",
          "WITH s AS (SELECT score FROM scores_current) SELECT max(score) FROM s",
          "SHOW TABLES",
          "DESCRIBE scores_current",
          "EXPLAIN SELECT * FROM runs"
        }) {
      CliRun out = CliRun.of("sql", query, "--warehouse", warehouse);
      assertThat(out.code()).as(query + ": " + out.stderr()).isZero();
    }
  }

  @Test
  void saysWhenRowsAreLeftOutAndRefusesALimitBelowOne() {
    CliRun all = CliRun.of("sql", "SELECT person_id FROM scores_current", "--warehouse", warehouse);
    assertThat(all.stdout()).endsWith("(30 rows)\n");
    CliRun some =
        CliRun.of(
            "sql",
            "SELECT person_id FROM scores_current",
            "--warehouse",
            warehouse,
            "--limit",
            "2");
    assertThat(some.code()).isZero();
    assertThat(some.stdout().lines().filter(l -> l.startsWith("P")).count()).isEqualTo(2);
    assertThat(some.stdout()).endsWith("(the first 2 rows; raise --limit to see more)\n");
    for (String limit : new String[] {"0", "-5"}) {
      CliRun bad = CliRun.of("sql", "SELECT 1", "--warehouse", warehouse, "--limit", limit);
      assertThat(bad.code()).isEqualTo(2);
      assertThat(bad.stderr()).contains("credence: --limit is " + limit).contains("fix:");
    }
  }

  @Test
  void aSyntaxErrorSaysWhereItIs() {
    // Spark's parse errors begin with an empty line; the message once ended at "cannot run: ".
    CliRun out = CliRun.of("sql", "SELEC tier FROM scores_current", "--warehouse", warehouse);
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr())
        .contains("credence: the query cannot run: [PARSE_SYNTAX_ERROR] Syntax error at or near")
        .contains("'SELEC'");
  }

  /**
   * A statement that does not parse is refused before any table is read: the views were registered
   * first (for the error's list of them), so a damaged erasures log failed the command instead.
   */
  @Test
  void aStatementThatDoesNotParseIsRefusedBeforeAnyTableIsRead() throws Exception {
    String wh = damagedErasures("parse-error");
    CliRun out = CliRun.of("sql", "SELEC tier FROM scores_current", "--warehouse", wh);
    assertThat(out.code()).as(out.stderr()).isEqualTo(2);
    assertThat(out.stdout()).isEmpty();
    assertThat(out.stderr())
        .contains("credence: the query cannot run: [PARSE_SYNTAX_ERROR] Syntax error at or near")
        .contains("views available: [score_snapshots, scores_current, erasures]")
        .doesNotContain("cannot read the erasures table");
  }

  /**
   * A warehouse whose erasures log cannot be read: sql cannot leave out the erased persons' rows,
   * so it refuses every query naming the table, with why and fix (it was exit 1, "unexpected
   * failure" with a stack trace), and quotes nothing of the damaged log.
   */
  @Test
  void anUnreadableErasuresTableRefusesEveryQueryNamingIt() throws Exception {
    String wh = damagedErasures("unreadable");
    for (String query :
        new String[] {"SELECT count(*) AS n FROM scores_current", "SELECT count(*) FROM runs"}) {
      CliRun out = CliRun.of("sql", query, "--warehouse", wh);
      assertThat(out.code()).as(out.stderr()).isEqualTo(2);
      assertThat(out.stdout()).isEmpty();
      assertThat(out.stderr())
          .contains("credence: cannot read the erasures table (")
          .contains("queries are refused")
          .contains("_delta_log")
          .contains("never put back an older copy of erasures")
          .doesNotContain("unexpected failure")
          .doesNotContain("\tat ")
          .doesNotContain("not a commit")
          // erasures holds the person's key, never the id: neither may show
          .doesNotContain(SyntheticWarehouse.person(3))
          .doesNotContain(PersonIds.raw().personKey(SyntheticWarehouse.person(3)));
      assertThat(out.logText())
          .doesNotContain("not a commit")
          .doesNotContain(SyntheticWarehouse.person(3))
          .doesNotContain(PersonIds.raw().personKey(SyntheticWarehouse.person(3)));
    }
  }

  /** A copy of the warehouse with an erasure on record and erasures' first commit damaged. */
  private static String damagedErasures(String name) throws Exception {
    Path wh = shared.resolve(name);
    io.credence.TestFiles.copyTree(Path.of(warehouse), wh);
    InterruptedErasure.recordOnly(wh.toString(), PersonIds.raw(), SyntheticWarehouse.person(3));
    Path log = wh.resolve("erasures").resolve("_delta_log");
    Files.writeString(log.resolve("00000000000000000000.json"), "{not a commit\n");
    // Without its checksum file, as on an object store: the damaged line itself is read.
    Files.deleteIfExists(log.resolve(".00000000000000000000.json.crc"));
    return wh.toString();
  }

  @Test
  void aQueryFailingOnItsDataExitsTwoSayingWhy() {
    // Found when the rows are read, not when the query is planned: it was exit 1 with a stack
    // trace.
    CliRun out =
        CliRun.of("sql", "SELECT count(*) / 0 AS x FROM scores_current", "--warehouse", warehouse);
    assertThat(out.code()).as(out.stderr()).isEqualTo(2);
    assertThat(out.stderr())
        .contains("credence: the query failed while it ran: [DIVIDE_BY_ZERO]")
        .contains("fix: guard the expression")
        .doesNotContain("\tat ");
  }

  /**
   * An erasure killed after recording its request left the person's rows in score_snapshots and
   * scores_current, and the views showed them (lookup already answered the person as not found); in
   * a pseudonymized warehouse too, where erasures holds the pseudonym and sql has no key.
   */
  @Test
  void theViewsLeaveOutThePersonsOfAnErasureNotYetFinished() throws Exception {
    String raw = shared.resolve("erasing-raw").toString();
    io.credence.TestFiles.copyTree(Path.of(warehouse), Path.of(raw));
    PersonIds pseudonyms =
        PersonIds.pseudonymized(
            System.getenv("CREDENCE_TEST_PSEUDONYM_KEY")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String pseudo = SyntheticWarehouse.write(shared.resolve("erasing-pseudo"), 30, pseudonyms);
    String erased = SyntheticWarehouse.person(5);
    for (var wh : Map.of(raw, PersonIds.raw(), pseudo, pseudonyms).entrySet()) {
      // Counted, not printed: the printer cuts a pseudonym short.
      String query =
          "SELECT concat('rows ', count(*), ', erased ', count_if(person_id = '"
              + wh.getValue().stored(erased)
              + "')) AS c FROM (SELECT person_id FROM scores_current"
              + " UNION ALL SELECT person_id FROM score_snapshots)";
      CliRun before = CliRun.of("sql", query, "--warehouse", wh.getKey());
      assertThat(before.stdout()).as(wh.getKey()).contains("rows 60, erased 2");
      InterruptedErasure.recordOnly(wh.getKey(), wh.getValue(), erased);
      CliRun after = CliRun.of("sql", query, "--warehouse", wh.getKey());
      assertThat(after.code()).as(after.stderr()).isZero();
      assertThat(after.stdout()).as(wh.getKey()).contains("rows 58, erased 0");
      // The value, not a bare "1", which the "(1 row)" footer holds anyway.
      CliRun record =
          CliRun.of(
              "sql",
              "SELECT concat('erasures ', count(*)) AS n FROM erasures",
              "--warehouse",
              wh.getKey());
      assertThat(record.code()).as(record.stderr()).isZero();
      assertThat(record.stdout()).as("the record itself stays").contains("erasures 1");
    }
  }

  /** Time travel to a version whose files are gone (after an erasure) is the user's to change. */
  @Test
  void aVersionWhoseFilesAreGoneIsRefusedSayingWhy() throws Exception {
    String wh = SyntheticWarehouse.write(shared.resolve("travel"), 30, 1);
    String table = Table.SCORES_CURRENT.path(wh);
    long version =
        spark()
            .sql("DESCRIBE HISTORY delta.`" + table + "`")
            .agg(max("version"))
            .first()
            .getLong(0);
    List<Path> before;
    try (var files = Files.list(Path.of(table))) {
      before = files.filter(f -> f.toString().endsWith(".parquet")).toList();
    }
    spark()
        .read()
        .format("delta")
        .load(table)
        .limit(10)
        .localCheckpoint()
        .write()
        .format("delta")
        .mode("overwrite")
        .save(table);
    // What an erasure does to the files of the versions before it.
    for (Path f : before) {
      Files.delete(f);
    }
    CliRun out =
        CliRun.of(
            "sql",
            "SELECT person_id FROM delta.`" + table + "` VERSION AS OF " + version,
            "--warehouse",
            wh);
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr())
        .contains("credence: the query reads data files that are no longer in the warehouse")
        .contains("time travel (VERSION AS OF, TIMESTAMP AS OF)")
        .contains("DESCRIBE HISTORY");
    CliRun now = CliRun.of("sql", "SELECT count(*) AS n FROM scores_current", "--warehouse", wh);
    assertThat(now.code()).isZero();
    assertThat(now.stdout()).contains("10");
  }

  private static long current() {
    return spark().read().format("delta").load(Table.SCORES_CURRENT.path(warehouse)).count();
  }
}
