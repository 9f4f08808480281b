package io.credence.job;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.EndToEnd;
import io.credence.SparkTestBase;
import io.credence.TestFiles;
import io.credence.TestJvm;
import io.credence.cli.Main;
import io.credence.config.ConfigLoader;
import io.credence.generate.GeneratorSpec;
import io.credence.privacy.ErasedPersons;
import io.credence.privacy.PersonIds;
import io.credence.publish.PersonTables;
import io.credence.publish.Table;
import io.credence.publish.WarehouseLock;
import io.credence.schema.InputDataset;
import io.credence.serve.LogLines;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pseudonymization, canaries, erasure and the lookup audit, through the command line on a tiny
 * generated population. Every raw person id of the inputs is a canary.
 */
@EndToEnd
class PrivacyTest extends SparkTestBase {
  static final String KEY_ENV = "CREDENCE_TEST_PSEUDONYM_KEY"; // set by the pom for tests
  static final String OTHER_KEY_ENV = "CREDENCE_TEST_OTHER_PSEUDONYM_KEY"; // another valid key
  static final String DATE = "2026-10-31";

  @TempDir static Path dir;
  static String input;
  static List<String> canaries;

  /** The rows of each person id in all the inputs together. */
  static final Map<String, Long> rowsPerPerson = new TreeMap<>();

  static Path pseudonymized;
  static Path other;
  static Path raw;
  static String pseudonymizedWarehouse;
  static String rawWarehouse;

  /** The pseudonymized warehouse's score and lookup, each in a JVM of its own. */
  static CliRun pseudonymizedScore;

  static CliRun pseudonymizedLookup;

  /** The raw warehouse's score, in this JVM. */
  static CliRun rawScore;

  @BeforeAll
  static void generate() throws Exception {
    input = dir.resolve("in").toString();
    GenerateJob.run(spark(), new GeneratorSpec(5L, 60L, EndToEndTest.AS_OF, 0.02), Path.of(input));
    Dataset<Row> ids = null;
    for (InputDataset d : InputDataset.values()) {
      Dataset<Row> one = spark().read().parquet(input + "/" + d.tableName()).select(PERSON_ID);
      ids = ids == null ? one : ids.union(one);
    }
    // Each id with its rows in all inputs: the canaries, and inputRowsOf without reading again.
    for (Row r : ids.groupBy(PERSON_ID).count().collectAsList()) {
      if (!r.isNullAt(0)) {
        rowsPerPerson.put(r.getString(0), r.getLong(1));
      }
    }
    canaries = rowsPerPerson.keySet().stream().filter(id -> !id.isBlank()).toList();
    // Names that Spark's redaction pattern does not match by chance ("pseudonym", "token", ...): a
    // command line holding one would be redacted whole, and the test could not see a leak there.
    pseudonymized = config("hmac-ids", "{pseudonymize: true, key_env: " + KEY_ENV + "}");
    other = config("other", "{pseudonymize: true, key_env: " + OTHER_KEY_ENV + "}");
    raw = config("raw", "{pseudonymize: false, key_env: " + KEY_ENV + "}");
    pseudonymizedWarehouse = dir.resolve("wh-hmac").toString();
    rawWarehouse = dir.resolve("wh-raw").toString();
    // Both commands run as an operator runs them: their own JVM, every log event at INFO, Spark's
    // event log on. The lookup passes the id on the command line, the discouraged way, so that its
    // output is scanned with a canary in hand; it reads with Delta Kernel and starts no Spark, so
    // it has no environment listing to leak it (PersonIdsTest shows Spark's redaction of the
    // command line, sun.java.command, for the commands that do start Spark).
    // The raw warehouse's score runs in this JVM while the pseudonymized one's runs in its own.
    Child score = start("score", "score", pseudonymized, pseudonymizedWarehouse, "--date", DATE);
    try {
      rawScore = cli("score", raw, rawWarehouse, "--date", DATE);
    } finally {
      pseudonymizedScore = score.finish();
    }
    pseudonymizedLookup =
        child(
            "lookup",
            "lookup",
            pseudonymized,
            pseudonymizedWarehouse,
            "--person",
            scoredPerson(),
            "--purpose",
            "canary test",
            "--requester",
            "auditor");
  }

  /**
   * A copy of {@code warehouse} named {@code name}, for a test that changes it: every test sees the
   * warehouses as their runs above left them, in any order.
   */
  private static String copy(String warehouse, String name) throws IOException {
    Path copy = dir.resolve(name);
    TestFiles.copyTree(Path.of(warehouse), copy);
    return copy.toString();
  }

  private static Path config(String name, String privacy) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        "inputs: {root: "
            + input
            + "}\nspark: {shuffle_partitions: 2}\n"
            + "quality: {max_reject_ratio: 0.5}\n"
            + "privacy: "
            + privacy
            + "\n");
    return file;
  }

  private static CliRun cli(String command, Path config, String warehouse, String... more) {
    List<String> args =
        new ArrayList<>(List.of(command, "--config", config.toString(), "--warehouse", warehouse));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static Dataset<Row> table(String warehouse, Table t) {
    return spark().read().format("delta").load(t.path(warehouse));
  }

  @Test
  void scoreRefusesToStartWithoutTheKeyOrWithAShortOne() throws Exception {
    String wh = dir.resolve("wh-refused").toString();
    Path unset =
        config("unset", "{pseudonymize: true, key_env: CREDENCE_TEST_UNSET_PSEUDONYM_KEY}");
    CliRun noKey = cli("score", unset, wh, "--date", DATE);
    assertThat(noKey.code()).isEqualTo(2);
    assertThat(noKey.stderr())
        .contains("CREDENCE_TEST_UNSET_PSEUDONYM_KEY is not set")
        .contains("why:")
        .contains("fix:");
    Path shortKey =
        config("short", "{pseudonymize: true, key_env: CREDENCE_TEST_SHORT_PSEUDONYM_KEY}");
    CliRun tooShort = cli("score", shortKey, wh, "--date", DATE);
    assertThat(tooShort.code()).isEqualTo(2);
    assertThat(tooShort.stderr()).contains("shorter than 32 bytes").doesNotContain("too-short");
    assertThat(tooShort.logText()).doesNotContain("too-short");
    assertThat(Files.exists(Path.of(wh))).isFalse();
  }

  @Test
  void pseudonymizedRunLeavesNoCanaryInAnyFileLogOrEventLog() throws Exception {
    CliRun score = pseudonymizedScore;
    assertThat(score.code()).as(score.stderr()).isZero();
    CliRun lookup = pseudonymizedLookup;
    assertThat(lookup.code()).as(lookup.stderr()).isZero();
    assertThat(lookup.stdout()).contains("snapshot " + DATE).contains("score ");
    assertThat(score.stderr() + lookup.stderr()).contains("INFO").contains("run "); // captured
    String events = eventLogs();
    // The event log holds the environment listing that Spark's UI shows, the command line included
    // (redacted); without it this test would prove nothing about that listing.
    assertThat(events)
        .contains("SparkListenerEnvironmentUpdate")
        .contains("\"sun.java.command\":")
        .contains("credence score")
        .doesNotContain("credence lookup");
    assertThat(canaries).hasSizeGreaterThanOrEqualTo(60);
    assertThat(canaries).anyMatch(id -> !id.matches("P[0-9]{10}")); // unknown and future ids too

    Map<String, String> texts =
        Map.of(
            "score's stdout", score.stdout(),
            "score's stderr and log", score.stderr(),
            "lookup's stdout", lookup.stdout(),
            "lookup's stderr and log", lookup.stderr(),
            "Spark's event logs", events);
    List<String> hits = scan(Path.of(pseudonymizedWarehouse), canaries, texts);
    System.out.println(
        "canaries: "
            + canaries.size()
            + " ids, found "
            + hits.size()
            + " in pseudonymized files, outputs and event logs "
            + hits.stream().limit(5).toList());
    assertThat(hits).isEmpty();
    assertThat(events).contains("\"sun.java.command\":\"*********(redacted)\"");
    String key = System.getenv(KEY_ENV);
    assertThat(scan(Path.of(pseudonymizedWarehouse), List.of(key), texts)).isEmpty();

    Row current =
        table(pseudonymizedWarehouse, Table.SCORES_CURRENT)
            .filter(col(PERSON_ID).equalTo(hmac(key, scoredPerson())))
            .first();
    assertThat(current.<String>getAs(PERSON_ID)).matches("[0-9a-f]{64}");
    assertThat(PersonTables.mode(spark(), pseudonymizedWarehouse))
        .isEqualTo(PersonIds.PSEUDONYMIZED);
    Row audit = table(pseudonymizedWarehouse, Table.LOOKUP_AUDIT).first();
    assertThat(audit.<String>getAs(PERSON_KEY)).isEqualTo(hmac(key, scoredPerson()));
    assertThat(audit.<String>getAs("requester")).isEqualTo("auditor");
    assertThat(audit.<Boolean>getAs("found")).isTrue();
  }

  @Test
  void everyPersonTableRecordsTheKeyFingerprintAndAnotherKeyIsRefusedEverywhere() throws Exception {
    String fingerprint = keyIds(KEY_ENV).fingerprint();
    List<String> checked = new ArrayList<>();
    for (Table t : Table.values()) {
      if (PersonTables.holdsPersons(t) && Files.exists(Path.of(t.path(pseudonymizedWarehouse)))) {
        assertThat(PersonTables.properties(spark(), t.path(pseudonymizedWarehouse)))
            .as(t.tableName())
            .containsEntry(PersonIds.FINGERPRINT_PROPERTY, fingerprint);
        checked.add(t.tableName());
      }
    }
    assertThat(checked).as("person tables checked").hasSizeGreaterThanOrEqualTo(3);
    assertRefusedWithAnotherKey(pseudonymizedWarehouse);
  }

  @Test
  void tablesFromBeforeFingerprintsAdoptTheKeyOfTheFirstRunThatTakesTheLock() throws Exception {
    String warehouse = copy(pseudonymizedWarehouse, "wh-hmac-before-fingerprints");
    List<String> unset = new ArrayList<>();
    for (Table t : Table.values()) {
      String path = t.path(warehouse);
      if (PersonTables.holdsPersons(t) && Files.exists(Path.of(path))) {
        spark()
            .sql(
                "ALTER TABLE delta.`"
                    + path
                    + "` UNSET TBLPROPERTIES ('"
                    + PersonIds.FINGERPRINT_PROPERTY
                    + "')");
        unset.add(t.tableName());
      }
    }
    assertThat(unset).as("person tables without their fingerprint").hasSizeGreaterThanOrEqualTo(3);
    // Without fingerprints nothing can be checked: a lookup with another key finds nobody.
    CliRun blind = lookupWith(other, warehouse, scoredPerson());
    assertThat(blind.code()).as(blind.stderr()).isEqualTo(2);
    assertThat(blind.stderr())
        .contains("no published score for that person id")
        .doesNotContain("key differs");
    CliRun erase = cli("erase", pseudonymized, warehouse, "--person", "nobody");
    assertThat(erase.code()).as(erase.stderr()).isZero();
    assertThat(PersonTables.properties(spark(), Table.SCORES_CURRENT.path(warehouse)))
        .containsEntry(PersonIds.FINGERPRINT_PROPERTY, keyIds(KEY_ENV).fingerprint());
    assertRefusedWithAnotherKey(warehouse);
  }

  /** Score, lookup, erase and train with another key all exit 2 naming fingerprints, not keys. */
  private static void assertRefusedWithAnotherKey(String warehouse) throws IOException {
    long before = erasures(warehouse);
    Path train = Files.createTempFile(dir, "train-other", ".yaml");
    Files.writeString(train, Files.readString(other) + "warehouse: " + warehouse + "\n");
    List<CliRun> runs =
        List.of(
            cli("score", other, warehouse, "--date", DATE),
            lookupWith(other, warehouse, scoredPerson()),
            cli("erase", other, warehouse, "--person", scoredPerson()),
            CliRun.of(
                "train",
                "--job-config",
                train.toString(),
                "--observation-date",
                "2025-10-31",
                "--data-as-of",
                DATE,
                "--out",
                dir.resolve("models").toString()));
    for (CliRun run : runs) {
      assertThat(run.code()).as(run.stderr()).isEqualTo(2);
      assertThat(run.stderr())
          .contains("the pseudonym key differs from the warehouse's")
          .contains(keyIds(KEY_ENV).fingerprint())
          .contains(keyIds(OTHER_KEY_ENV).fingerprint())
          .doesNotContain(System.getenv(KEY_ENV))
          .doesNotContain(System.getenv(OTHER_KEY_ENV));
      assertThat(run.logText())
          .doesNotContain(System.getenv(KEY_ENV))
          .doesNotContain(System.getenv(OTHER_KEY_ENV));
    }
    assertThat(erasures(warehouse)).isEqualTo(before);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long erasures(String warehouse) {
    return Files.exists(Path.of(Table.ERASURES.path(warehouse)))
        ? table(warehouse, Table.ERASURES).count()
        : 0;
  }

  private static CliRun lookupWith(Path config, String warehouse, String person) {
    return cli("lookup", config, warehouse, "--person", person, "--purpose", "test");
  }

  private static PersonIds keyIds(String env) {
    return PersonIds.pseudonymized(System.getenv(env).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void lookupAndRawRunsOfAPseudonymizedWarehouseAreRefused() throws Exception {
    Path unset =
        config("unset", "{pseudonymize: true, key_env: CREDENCE_TEST_UNSET_PSEUDONYM_KEY}");
    CliRun noKey =
        cli(
            "lookup",
            unset,
            pseudonymizedWarehouse,
            "--person",
            scoredPerson(),
            "--purpose",
            "test");
    assertThat(noKey.code()).isEqualTo(2);
    assertThat(noKey.stderr()).contains("is not set");
    CliRun rawRun = cli("score", raw, pseudonymizedWarehouse, "--date", DATE);
    assertThat(rawRun.code()).isEqualTo(2);
    assertThat(rawRun.stderr()).contains("holds hmac-sha256 person ids");
  }

  @Test
  void theScanFindsCanariesInARawWarehouse() throws Exception {
    assertThat(rawScore.code()).as(rawScore.stderr()).isZero();
    List<String> hits = scan(Path.of(rawWarehouse), canaries, "");
    System.out.println("canaries: found " + hits.size() + " in the raw warehouse's files");
    assertThat(hits).isNotEmpty();
    // The files every commit of score_snapshots' log adds, with their statistics (the schema in
    // the first commit's metadata names person_id, as a column).
    String added;
    try (java.util.stream.Stream<Path> commits =
        Files.list(Path.of(Table.SCORE_SNAPSHOTS.path(rawWarehouse), "_delta_log"))) {
      added =
          commits
              .filter(p -> p.getFileName().toString().endsWith(".json"))
              .sorted()
              .flatMap(p -> read(p).lines())
              .filter(line -> line.startsWith("{\"add\""))
              .collect(java.util.stream.Collectors.joining("\n"));
    }
    // score_snapshots keeps no column statistics at all (PersonTables.statsColumns): row counts.
    assertThat(added).contains("numRecords").doesNotContain("minValues");
    // Delta's column statistics never name a person, but for scores_current's person_id bounds,
    // which point lookups need: only the data files and that log do.
    assertThat(hits)
        .allMatch(
            h ->
                (h.contains(".parquet") && !h.contains("_delta_log"))
                    || h.contains("scores_current/_delta_log"));
  }

  @Test
  void eraseRemovesThePersonFromEveryFileAndLaterRunsKeepThemOut() throws Exception {
    String warehouse = copy(rawWarehouse, "wh-raw-erased");
    String victim = scoredPerson();
    long inputRows = inputRowsOf(victim);
    assertThat(scan(Path.of(warehouse), List.of(victim), "")).isNotEmpty();
    Map<Table, Long> versions = new EnumMap<>(Table.class);
    ErasureJob.ERASED_FROM.forEach(t -> versions.put(t, latestVersion(warehouse, t)));

    CliRun erase =
        cli(
            "erase",
            raw,
            warehouse,
            "--person",
            victim,
            "--requester",
            "dpo",
            "--reason",
            "request 42");
    assertThat(erase.code()).as(erase.stderr()).isZero();
    assertThat(erase.stdout()).contains(ConfigLoader.sha256(victim)).doesNotContain(victim);
    // The tables are erased side by side; the rows removed are still listed in the tables' order.
    assertThat(erase.stdout())
        .containsPattern(
            "rows removed \\{features=\\d+, score_snapshots=\\d+,"
                + " scores_current=1, quarantine=\\d+\\}");
    // A person table gets the DELETE and nothing more: the zero-retention VACUUMs commit no VACUUM
    // START and VACUUM END entries, and a table without the person's rows gets no commit at all.
    Map<Table, List<String>> operations = new EnumMap<>(Table.class);
    for (Table t : ErasureJob.ERASED_FROM) {
      operations.put(t, operationsAfter(warehouse, t, versions.get(t)));
      assertThat(operations.get(t))
          .as(t.tableName())
          .hasSizeLessThanOrEqualTo(1)
          .isSubsetOf("DELETE");
    }
    assertThat(operations.get(Table.FEATURES)).containsExactly("DELETE");
    assertThat(outsideLookupBounds(scan(Path.of(warehouse), List.of(victim), ""))).isEmpty();
    Row erasure = table(warehouse, Table.ERASURES).first();
    assertThat(erasure.<String>getAs(PERSON_KEY)).isEqualTo(ConfigLoader.sha256(victim));
    assertThat(erasure.<String>getAs("requester")).isEqualTo("dpo");
    assertThat(erasure.<String>getAs("reason")).isEqualTo("request 42");
    assertThat(erasure.getList(erasure.fieldIndex("tables")).toString())
        .contains("scores_current,1");

    CliRun again = cli("score", raw, warehouse, "--date", DATE);
    assertThat(again.code()).as(again.stderr()).isZero();
    assertThat(outsideLookupBounds(scan(Path.of(warehouse), List.of(victim), ""))).isEmpty();
    Dataset<Row> erased =
        table(warehouse, Table.QUARANTINE).filter(col(REASON).equalTo(ErasedPersons.REASON));
    assertThat(erased.count()).isEqualTo(inputRows);
    assertThat(erased.filter(col(ROW_JSON).isNotNull()).count()).isZero();
  }

  @Test
  void everyLookupIsAuditedFoundOrNotAndNeedsAPurpose() throws Exception {
    String warehouse = copy(rawWarehouse, "wh-raw-audited");
    CliRun noPurpose = cli("lookup", raw, warehouse, "--person", scoredPerson());
    assertThat(noPurpose.code()).isEqualTo(2);
    assertThat(noPurpose.stderr()).contains("--purpose");

    // The id from standard input, off the command line: the documented way to pass a real one.
    CliRun unknown =
        CliRun.withInput(
            "nobody\n",
            "lookup",
            "--config",
            raw.toString(),
            "--warehouse",
            warehouse,
            "--person",
            "-",
            "--purpose",
            "support call 7");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("no published score").doesNotContain("nobody");
    assertThat(unknown.logText()).doesNotContain("nobody");
    Dataset<Row> audits = table(warehouse, Table.LOOKUP_AUDIT);
    assertThat(audits.count()).as("lookup_audit rows").isEqualTo(1);
    Row audit = audits.first();
    assertThat(audit.<String>getAs(PERSON_KEY)).isEqualTo(ConfigLoader.sha256("nobody"));
    assertThat(audit.<String>getAs("requester")).isEqualTo(System.getProperty("user.name"));
    assertThat(audit.<String>getAs("purpose")).isEqualTo("support call 7");
    assertThat(audit.<Boolean>getAs("found")).isFalse();
    assertThat(audit.<java.sql.Timestamp>getAs("looked_up_at")).isNotNull();
  }

  @Test
  void thePersonIdComesFromOnePlaceAndIsOneLine() throws Exception {
    Path file = Files.writeString(dir.resolve("two-ids.txt"), "P0000000001\nP0000000002\n");
    List<CliRun> refused =
        List.of(
            cli("lookup", raw, rawWarehouse, "--purpose", "t"),
            cli("lookup", raw, rawWarehouse, "--person", "x", "--person-file", file.toString()),
            cli("erase", raw, rawWarehouse, "--person-file", file.toString()),
            cli("erase", raw, rawWarehouse, "--person-file", dir.resolve("none").toString()),
            CliRun.withInput(
                "\n",
                "erase",
                "--config",
                raw.toString(),
                "--warehouse",
                rawWarehouse,
                "--person",
                "-"));
    for (CliRun run : refused) {
      assertThat(run.code()).as(run.stderr()).isEqualTo(2);
      assertThat(run.stderr()).doesNotContain("P0000000001");
      assertThat(run.logText()).doesNotContain("P0000000001");
    }
    assertThat(refused.get(0).stderr()).contains("--person");
    assertThat(refused.get(2).stderr()).contains("holds more than one line");
    assertThat(refused.get(4).stderr()).contains("holds no person id");
  }

  @Test
  void eraseTakesTheWarehouseLockLikeScore() {
    long before = erasures(rawWarehouse);
    try (WarehouseLock held =
        WarehouseLock.acquire(
            spark().sparkContext().hadoopConfiguration(),
            rawWarehouse,
            "other-run",
            Duration.ofHours(12))) {
      CliRun locked = cli("erase", raw, rawWarehouse, "--person", scoredPerson());
      assertThat(locked.code()).isEqualTo(4);
      assertThat(locked.stderr()).contains("locked by run other-run");
    }
    assertThat(erasures(rawWarehouse)).isEqualTo(before);
  }

  @Test
  void eraseRemovesTheUncommittedFilesOfACrashedWriterThatHoldThePerson() throws Exception {
    String warehouse = copy(rawWarehouse, "wh-raw-crashed-writer");
    // A person of a new date's run killed before its commits: in no input, no committed row.
    String victim = "P0000077777";
    List<Path> uncommitted = new ArrayList<>();
    for (Table t : List.of(Table.FEATURES, Table.SCORE_SNAPSHOTS)) {
      uncommitted.add(uncommittedFile(warehouse, t, victim));
    }
    assertThat(scan(Path.of(warehouse), List.of(victim), "")).isNotEmpty();

    CliRun erase = cli("erase", raw, warehouse, "--person", victim);
    assertThat(erase.code()).as(erase.stderr()).isZero();
    assertThat(uncommitted).allSatisfy(f -> assertThat(f).doesNotExist());
    assertThat(scan(Path.of(warehouse), List.of(victim), "")).isEmpty();
    for (Table t : List.of(Table.FEATURES, Table.SCORE_SNAPSHOTS)) {
      assertThat(table(warehouse, t).count()).isEqualTo(table(rawWarehouse, t).count());
    }
  }

  @Test
  void eraseRemovesTheFilesOfACrashedFirstWriteOfATableThatHasNoLogYet() throws Exception {
    // A run killed during a table's very first write leaves files in a folder that is no Delta
    // table yet: erase skipped the folder, and the person's id stayed until a later run's vacuum.
    String warehouse = copy(rawWarehouse, "wh-raw-crashed-first-write");
    String victim = "P0000066666";
    Path folder = Path.of(Table.FEATURES.path(warehouse));
    TestFiles.deleteTree(folder);
    Path stray = uncommittedFile(warehouse, Table.FEATURES, victim);
    assertThat(folder.resolve("_delta_log")).doesNotExist();

    CliRun erase = cli("erase", raw, warehouse, "--person", victim);
    assertThat(erase.code()).as(erase.stderr()).isZero();
    assertThat(stray).doesNotExist();
    assertThat(scan(Path.of(warehouse), List.of(victim), "")).isEmpty();
  }

  /**
   * A Parquet file holding {@code person} in {@code t}'s folder, under a later date's partition,
   * that no commit adds: what a writer killed before its commit leaves.
   */
  private static Path uncommittedFile(String warehouse, Table t, String person) throws IOException {
    // A fresh folder per call: Spark refuses to write where an earlier call wrote.
    Path out = Files.createTempDirectory(dir, "crashed-" + t.tableName()).resolve("out");
    spark()
        .createDataFrame(
            List.of(RowFactory.create(person)), new StructType().add(PERSON_ID, "string"))
        .coalesce(1)
        .write()
        .parquet(out.toString());
    Path part;
    try (Stream<Path> files = Files.list(out)) {
      part = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Path target = Path.of(t.path(warehouse), "snapshot_date=2026-11-01", part.getFileName() + "");
    Files.createDirectories(target.getParent());
    return Files.move(part, target);
  }

  @Test
  void aRetriedErasureThatDiedBeforeItsVacuumFinishesTheJobAndRecordsIt() throws Exception {
    String warehouse = copy(rawWarehouse, "wh-raw-retried");
    String victim = regularIds().get(1);
    PersonIds ids = PersonIds.raw();
    Map<String, Long> deleted = new TreeMap<>();
    // What an erasure killed after its DELETEs committed and before its VACUUM leaves behind.
    for (Table t : ErasureJob.ERASED_FROM) {
      Column match = ids.matches(ErasureJob.personColumn(t), victim);
      long rows = table(warehouse, t).filter(match).count();
      if (rows > 0) {
        DeltaTable.forPath(spark(), t.path(warehouse)).delete(match);
        deleted.put(t.tableName(), rows);
      }
    }
    assertThat(deleted).containsKeys("features", "score_snapshots", "scores_current");
    assertThat(outsideLookupBounds(scan(Path.of(warehouse), List.of(victim), "")))
        .as("older versions' files still hold the person")
        .isNotEmpty();

    Path file = Files.writeString(dir.resolve("victim.txt"), victim + "\n");
    CliRun retry =
        cli("erase", raw, warehouse, "--person-file", file.toString(), "--reason", "retry");
    assertThat(retry.code()).as(retry.stderr()).isZero();
    assertThat(retry.stdout()).doesNotContain(victim);
    assertThat(outsideLookupBounds(scan(Path.of(warehouse), List.of(victim), ""))).isEmpty();
    assertThat(recordedRows(warehouse, victim, "retry")).isEqualTo(deleted);

    // A repeated request finds nothing left, and does not count the same rows twice.
    CliRun again =
        CliRun.withInput(
            victim + "\n",
            "erase",
            "--config",
            raw.toString(),
            "--warehouse",
            warehouse,
            "--person",
            "-",
            "--reason",
            "again");
    assertThat(again.code()).as(again.stderr()).isZero();
    assertThat(recordedRows(warehouse, victim, "again")).isEmpty();
  }

  @Test
  void anErasureInterruptedAfterItsRecordKeepsThePersonOutAndItsRetryFinishesItInOneRow()
      throws Exception {
    String warehouse = copy(rawWarehouse, "wh-raw-interrupted");
    String victim = regularIds().get(2);
    String key = ConfigLoader.sha256(victim);
    PersonIds ids = PersonIds.raw();
    // What an erasure killed before "erase from scores_current" leaves: the request recorded, the
    // person's rows deleted from features and score_snapshots only.
    ErasureJob.recordRequest(spark(), warehouse, ids, Instant.now(), key, "dpo", "interrupted");
    Map<String, Long> deleted = new TreeMap<>();
    for (Table t : List.of(Table.FEATURES, Table.SCORE_SNAPSHOTS)) {
      Column match = ids.matches(ErasureJob.personColumn(t), victim);
      deleted.put(t.tableName(), table(warehouse, t).filter(match).count());
      DeltaTable.forPath(spark(), t.path(warehouse)).delete(match);
    }
    assertThat(deleted.values()).allMatch(rows -> rows > 0);
    assertThat(rowsOf(warehouse, Table.SCORES_CURRENT, victim)).isOne();

    List<String> logged;
    try (LogLines log = new LogLines(ErasureJob.class)) {
      CliRun score = cli("score", raw, warehouse, "--date", DATE);
      assertThat(score.code()).as(score.stderr()).isZero();
      logged = log.lines();
    }
    for (Table t : List.of(Table.FEATURES, Table.SCORE_SNAPSHOTS, Table.SCORES_CURRENT)) {
      assertThat(rowsOf(warehouse, t, victim)).as(t.tableName()).isZero();
    }
    assertThat(logged).anyMatch(l -> l.startsWith("WARN 1 erasure(s) in the erasures table"));
    assertThat(
            table(warehouse, Table.QUARANTINE)
                .filter(col(REASON).equalTo(ErasedPersons.REASON))
                .count())
        .isEqualTo(inputRowsOf(victim));

    CliRun retry = cli("erase", raw, warehouse, "--person", victim, "--reason", "retry");
    assertThat(retry.code()).as(retry.stderr()).isZero();
    assertThat(outsideLookupBounds(scan(Path.of(warehouse), List.of(victim), ""))).isEmpty();
    assertThat(table(warehouse, Table.ERASURES).filter(col(PERSON_KEY).equalTo(key)).count())
        .isOne();
    assertThat(recordedRows(warehouse, victim, "interrupted")).isEqualTo(deleted);
  }

  private static long latestVersion(String warehouse, Table t) {
    return DeltaTable.forPath(spark(), t.path(warehouse)).history(1).first().getAs("version");
  }

  /** The operations of {@code t}'s commits after {@code version}, oldest first. */
  private static List<String> operationsAfter(String warehouse, Table t, long version) {
    return DeltaTable.forPath(spark(), t.path(warehouse))
        .history()
        .filter(col("version").gt(version))
        .orderBy("version")
        .select("operation")
        .as(Encoders.STRING())
        .collectAsList();
  }

  private static long rowsOf(String warehouse, Table t, String person) {
    return table(warehouse, t).filter(col(PERSON_ID).equalTo(person)).count();
  }

  /** The rows per table, where above zero, of the erasure of {@code person} with {@code reason}. */
  private static Map<String, Long> recordedRows(String warehouse, String person, String reason) {
    Row erasure =
        table(warehouse, Table.ERASURES)
            .filter(col(PERSON_KEY).equalTo(ConfigLoader.sha256(person)))
            .filter(col(REASON).equalTo(reason))
            .first();
    Map<String, Long> rows = new TreeMap<>();
    for (Row t : erasure.<Row>getList(erasure.fieldIndex("tables"))) {
      if (t.getLong(1) > 0) {
        rows.put(t.getString(0), t.getLong(1));
      }
    }
    return rows;
  }

  /** Runs {@code command} as {@link #start} starts it and waits for it ({@link Child#finish}). */
  private static CliRun child(
      String name, String command, Path config, String warehouse, String... more) throws Exception {
    return start(name, command, config, warehouse, more).finish();
  }

  /** A command started by {@link #start}: its JVM and the files of its output. */
  private record Child(String name, Process process, Path out, Path err) {
    /** Waits at most 30 minutes for the command to end and returns what it wrote. */
    CliRun finish() throws Exception {
      try {
        // About a minute on a quiet machine; the bound is for a machine shared with other builds.
        assertThat(process.waitFor(30, TimeUnit.MINUTES))
            .as(name + " ends within 30 minutes")
            .isTrue();
      } finally {
        process.destroyForcibly();
      }
      String stderr = Files.readString(err);
      // Its log lines are on its standard error (start's log4j), so they are its logs as well.
      return new CliRun(
          process.exitValue(), Files.readString(out), stderr, stderr.lines().toList());
    }
  }

  /**
   * Starts {@code credence command --config config --warehouse warehouse more...} in its own JVM on
   * local[2], with every log event at INFO and above on standard error and Spark's event log in
   * {@code dir/events}, without waiting for it.
   */
  private static Child start(
      String name, String command, Path config, String warehouse, String... more) throws Exception {
    Path events = Files.createDirectories(dir.resolve("events"));
    Path log4j = dir.resolve("log4j2-info.properties");
    Files.writeString(
        log4j,
        "rootLogger.level = info\nrootLogger.appenderRef.err.ref = err\n"
            + "appender.err.type = Console\nappender.err.name = err\n"
            + "appender.err.target = SYSTEM_ERR\nappender.err.layout.type = PatternLayout\n"
            + "appender.err.layout.pattern = %p %c %m%n%ex\n");
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--config",
                config.toString(),
                "--warehouse",
                warehouse,
                "--master",
                "local[2]"));
    args.addAll(List.of(more));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    // As scripts/credence runs a command on a small input (a short run), with its flags.
    List<String> jvm =
        new ArrayList<>(
            Files.readAllLines(Path.of("scripts/short-run-flags")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList());
    jvm.addAll(
        List.of(
            "-Xmx1g",
            "-Xms1g",
            "-Dspark.eventLog.enabled=true",
            "-Dspark.eventLog.dir=" + events.toUri(),
            "-Dspark.eventLog.compress=false", // Spark 4 compresses with zstd by default
            "-Dspark.ui.enabled=false",
            "-Dlog4j2.configurationFile=" + log4j.toUri()));
    Process p =
        TestJvm.of(Main.class, jvm, args)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    return new Child(name, p, out, err);
  }

  /** Every event log Spark wrote for the commands run by {@link #child}, as text. */
  private static String eventLogs() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir.resolve("events"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        text.append(Files.readString(f, StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return text.toString();
  }

  /** A person the generator gives a clean record: the smallest regular id in persons. */
  private static String scoredPerson() {
    return regularIds().get(0);
  }

  /** The regular person ids ("P" + 10 digits, not an orphan's), sorted. */
  private static List<String> regularIds() {
    return canaries.stream()
        .filter(id -> id.matches("P[0-9]{10}") && !id.startsWith("P999"))
        .sorted()
        .toList();
  }

  /** The rows of {@code person} in all the inputs together (counted once, in {@link #generate}). */
  private static long inputRowsOf(String person) {
    return rowsPerPerson.getOrDefault(person, 0L);
  }

  private static String hmac(String key, String id) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return java.util.HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Hits other than scores_current's log, whose person_id file bounds (kept for point lookups) may
   * name an erased person until Delta's log cleanup removes them (docs/privacy.md).
   */
  private static List<String> outsideLookupBounds(List<String> hits) {
    return hits.stream().filter(h -> !h.contains("scores_current/_delta_log")).toList();
  }

  /**
   * Every file under {@code root}, as raw bytes and, for Parquet (data files and checkpoints),
   * decoded row by row; then {@code logs}. Returns "needle in where" for each hit.
   */
  static List<String> scan(Path root, Collection<String> needles, String logs) throws IOException {
    return scan(root, needles, Map.of("logs", logs));
  }

  /** As above, then each of {@code texts} (name to text), each hit naming where it was found. */
  static List<String> scan(Path root, Collection<String> needles, Map<String, String> texts)
      throws IOException {
    List<String> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        find(needles, bytes, "bytes of " + file, hits);
        if (file.toString().endsWith(".parquet")) {
          find(needles, decode(file), "rows of " + file, hits);
        }
      }
    }
    texts.forEach((name, text) -> find(needles, text, name, hits));
    return hits;
  }

  private static void find(
      Collection<String> needles, String text, String where, List<String> hits) {
    for (String needle : needles) {
      if (text.contains(needle)) {
        hits.add(needle + " in " + where);
      }
    }
  }

  private static String decode(Path parquet) throws IOException {
    StringBuilder rows = new StringBuilder();
    try (ParquetReader<Group> reader =
        ParquetReader.builder(
                new GroupReadSupport(), new org.apache.hadoop.fs.Path(parquet.toUri()))
            .build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        rows.append(g).append('\n');
      }
    }
    return rows.toString();
  }
}
