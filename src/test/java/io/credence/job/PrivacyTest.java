package io.credence.job;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.SparkTestBase;
import io.credence.config.ConfigLoader;
import io.credence.generate.GeneratorSpec;
import io.credence.privacy.ErasedPersons;
import io.credence.privacy.PersonIds;
import io.credence.publish.Table;
import io.credence.publish.WarehouseLock;
import io.credence.schema.InputDataset;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pseudonymization, canaries, erasure and the lookup audit, through the command line on a tiny
 * generated population. Every raw person id of the inputs is a canary.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivacyTest extends SparkTestBase {
  static final String KEY_ENV = "CREDENCE_TEST_PSEUDONYM_KEY"; // set by the pom for tests
  static final String DATE = "2026-10-31";

  @TempDir static Path dir;
  static String input;
  static List<String> canaries;
  static Path pseudonymized;
  static Path raw;
  static String pseudonymizedWarehouse;
  static String rawWarehouse;

  @BeforeAll
  static void generate() throws IOException {
    input = dir.resolve("in").toString();
    GenerateJob.run(spark(), new GeneratorSpec(5L, 60L, EndToEndTest.AS_OF, 0.02), Path.of(input));
    Dataset<Row> ids = null;
    for (InputDataset d : InputDataset.values()) {
      Dataset<Row> one = spark().read().parquet(input + "/" + d.tableName()).select(PERSON_ID);
      ids = ids == null ? one : ids.union(one);
    }
    canaries =
        ids.distinct().collectAsList().stream()
            .map(r -> r.getString(0))
            .filter(id -> id != null && id.matches("P[0-9]{10}"))
            .toList();
    pseudonymized = config("pseudonymized", "{pseudonymize: true, key_env: " + KEY_ENV + "}");
    raw = config("raw", "{pseudonymize: false, key_env: " + KEY_ENV + "}");
    pseudonymizedWarehouse = dir.resolve("wh-pseudonymized").toString();
    rawWarehouse = dir.resolve("wh-raw").toString();
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
  @Order(1)
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
    assertThat(Files.exists(Path.of(wh))).isFalse();
  }

  @Test
  @Order(2)
  void pseudonymizedRunLeavesNoCanaryInAnyFileOrLogLine() throws Exception {
    StringWriter logs = new StringWriter();
    CliRun score;
    CliRun lookup;
    try (LogCapture capture = new LogCapture(logs)) {
      score = cli("score", pseudonymized, pseudonymizedWarehouse, "--date", DATE);
      lookup =
          cli(
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
    assertThat(score.code()).as(score.stderr()).isZero();
    assertThat(lookup.code()).as(lookup.stderr()).isZero();
    assertThat(lookup.stdout()).contains("snapshot " + DATE);
    String everything = logs + score.stdout() + score.stderr() + lookup.stderr();
    assertThat(everything).contains("INFO").contains("run "); // the capture works
    assertThat(canaries).hasSizeGreaterThanOrEqualTo(60);

    List<String> hits = scan(Path.of(pseudonymizedWarehouse), canaries, everything);
    System.out.println(
        "canaries: " + canaries.size() + " ids, found " + hits.size() + " in pseudonymized files");
    assertThat(hits).isEmpty();
    String key = System.getenv(KEY_ENV);
    assertThat(scan(Path.of(pseudonymizedWarehouse), List.of(key), everything)).isEmpty();

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
  @Order(3)
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
  @Order(4)
  void theScanFindsCanariesInARawWarehouse() throws Exception {
    CliRun score = cli("score", raw, rawWarehouse, "--date", DATE);
    assertThat(score.code()).as(score.stderr()).isZero();
    List<String> hits = scan(Path.of(rawWarehouse), canaries, "");
    System.out.println("canaries: found " + hits.size() + " in the raw warehouse's files");
    assertThat(hits).isNotEmpty();
    String log =
        Files.readString(
            Path.of(
                Table.SCORE_SNAPSHOTS.path(rawWarehouse), "_delta_log/00000000000000000001.json"));
    assertThat(log).contains("numRecords").contains("minValues").doesNotContain("\\\"person_id");
    // Delta's column statistics never name a person, but for scores_current's person_id bounds,
    // which point lookups need: only the data files and that log do.
    assertThat(hits)
        .allMatch(
            h ->
                (h.contains(".parquet") && !h.contains("_delta_log"))
                    || h.contains("scores_current/_delta_log"));
  }

  @Test
  @Order(5)
  void eraseRemovesThePersonFromEveryFileAndLaterRunsKeepThemOut() throws Exception {
    String victim = scoredPerson();
    long inputRows = inputRowsOf(victim);
    assertThat(scan(Path.of(rawWarehouse), List.of(victim), "")).isNotEmpty();

    CliRun erase =
        cli(
            "erase",
            raw,
            rawWarehouse,
            "--person",
            victim,
            "--requester",
            "dpo",
            "--reason",
            "request 42");
    assertThat(erase.code()).as(erase.stderr()).isZero();
    assertThat(erase.stdout()).contains(ConfigLoader.sha256(victim)).doesNotContain(victim);
    assertThat(outsideLookupBounds(scan(Path.of(rawWarehouse), List.of(victim), ""))).isEmpty();
    Row erasure = table(rawWarehouse, Table.ERASURES).first();
    assertThat(erasure.<String>getAs(PERSON_KEY)).isEqualTo(ConfigLoader.sha256(victim));
    assertThat(erasure.<String>getAs("requester")).isEqualTo("dpo");
    assertThat(erasure.<String>getAs("reason")).isEqualTo("request 42");
    assertThat(erasure.getList(erasure.fieldIndex("tables")).toString())
        .contains("scores_current,1");

    CliRun again = cli("score", raw, rawWarehouse, "--date", DATE);
    assertThat(again.code()).as(again.stderr()).isZero();
    assertThat(outsideLookupBounds(scan(Path.of(rawWarehouse), List.of(victim), ""))).isEmpty();
    Dataset<Row> erased =
        table(rawWarehouse, Table.QUARANTINE).filter(col(REASON).equalTo(ErasedPersons.REASON));
    assertThat(erased.count()).isEqualTo(inputRows);
    assertThat(erased.filter(col(ROW_JSON).isNotNull()).count()).isZero();
  }

  @Test
  @Order(6)
  void everyLookupIsAuditedFoundOrNotAndNeedsAPurpose() {
    CliRun noPurpose = cli("lookup", raw, rawWarehouse, "--person", scoredPerson());
    assertThat(noPurpose.code()).isEqualTo(2);
    assertThat(noPurpose.stderr()).contains("--purpose");

    CliRun unknown =
        cli("lookup", raw, rawWarehouse, "--person", "nobody", "--purpose", "support call 7");
    assertThat(unknown.code()).isEqualTo(2);
    Row audit = table(rawWarehouse, Table.LOOKUP_AUDIT).first();
    assertThat(audit.<String>getAs(PERSON_KEY)).isEqualTo(ConfigLoader.sha256("nobody"));
    assertThat(audit.<String>getAs("requester")).isEqualTo(System.getProperty("user.name"));
    assertThat(audit.<String>getAs("purpose")).isEqualTo("support call 7");
    assertThat(audit.<Boolean>getAs("found")).isFalse();
    assertThat(audit.<java.sql.Timestamp>getAs("looked_up_at")).isNotNull();
  }

  @Test
  @Order(7)
  void eraseTakesTheWarehouseLockLikeScore() {
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
    assertThat(table(rawWarehouse, Table.ERASURES).count()).isOne();
  }

  /** A person the generator gives a clean record: the smallest regular id in persons. */
  private static String scoredPerson() {
    return canaries.stream()
        .filter(id -> !id.startsWith("P999"))
        .sorted()
        .findFirst()
        .orElseThrow();
  }

  private static long inputRowsOf(String person) {
    long rows = 0;
    for (InputDataset d : InputDataset.values()) {
      rows +=
          spark()
              .read()
              .parquet(input + "/" + d.tableName())
              .filter(col(PERSON_ID).equalTo(person))
              .count();
    }
    return rows;
  }

  private static String hmac(String key, String id) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return java.util.HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Every file under {@code root}, as raw bytes and, for Parquet (data files and checkpoints),
   * decoded row by row; then {@code logs}. Returns "needle in where" for each hit.
   */
  /**
   * Hits other than scores_current's log, whose person_id file bounds (kept for point lookups) may
   * name an erased person until Delta's log cleanup removes them (README, Privacy).
   */
  private static List<String> outsideLookupBounds(List<String> hits) {
    return hits.stream().filter(h -> !h.contains("scores_current/_delta_log")).toList();
  }

  static List<String> scan(Path root, Collection<String> needles, String logs) throws IOException {
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
    find(needles, logs, "logs", hits);
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

  /**
   * Sends every log event at INFO or above to a writer while open; the existing appenders keep
   * printing WARN and above only, so the capture does not flood the console.
   */
  static final class LogCapture implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final LoggerConfig root = context.getConfiguration().getRootLogger();
    private final Level level = root.getLevel();
    private final Map<String, Appender> existing = Map.copyOf(root.getAppenders());
    private final WriterAppender appender;

    LogCapture(StringWriter target) {
      appender =
          WriterAppender.newBuilder()
              .setName("privacy-test-capture")
              .setTarget(target)
              .setLayout(PatternLayout.newBuilder().withPattern("%p %c %m%n%ex").build())
              .build();
      appender.start();
      existing.forEach(
          (name, a) -> {
            root.removeAppender(name);
            root.addAppender(a, Level.WARN, null);
          });
      root.addAppender(appender, Level.INFO, null);
      root.setLevel(Level.INFO);
      context.updateLoggers();
    }

    @Override
    public void close() {
      root.removeAppender(appender.getName());
      existing.forEach(
          (name, a) -> {
            root.removeAppender(name);
            root.addAppender(a, null, null);
          });
      root.setLevel(level);
      context.updateLoggers();
      appender.stop();
    }
  }
}
