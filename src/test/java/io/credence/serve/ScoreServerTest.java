package io.credence.serve;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.credence.EndToEnd;
import io.credence.InterruptedErasure;
import io.credence.InterruptedRerun;
import io.credence.SparkTestBase;
import io.credence.lookup.KernelWarehouse;
import io.credence.lookup.SyntheticWarehouse;
import io.credence.privacy.PersonIds;
import io.credence.publish.Table;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lookup service in this JVM on 127.0.0.1: the JSON answer and every error status, the audit
 * rows it folds into lookup_audit, an erasure and a new snapshot picked up without a restart, and
 * TLS with a keystore.
 */
@EndToEnd
class ScoreServerTest extends SparkTestBase {
  static final String TOKEN = "9b1f0c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;

  private static String warehouse;
  private static ScoreServer server;
  private static Path tokens;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws Exception {
    warehouse = SyntheticWarehouse.write(shared.resolve("wh"), 300, 2);
    ServeSettings settings = settings(shared, null, null);
    tokens = settings.tokensFile();
    server = ScoreServer.start(settings, KernelWarehouse.open(warehouse), PersonIds.raw());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Settings for a test server: port 0, 1-second poll and fold. */
  static ServeSettings settings(Path dir, Path keystore, char[] password) throws Exception {
    Path tokens = dir.resolve("tokens-" + UUID.randomUUID());
    Files.writeString(tokens, "decision-system sha256:" + hash(TOKEN) + "\n");
    return new ServeSettings(
        "127.0.0.1",
        0,
        tokens,
        keystore,
        password,
        "CREDENCE_KEYSTORE_PASSWORD",
        dir.resolve("journal-" + UUID.randomUUID()),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        4,
        Duration.ofSeconds(5));
  }

  @Test
  void answersTheScoreWithReasonsAsJson() throws Exception {
    Row row = current("size(reasons) >= 1");
    HttpResponse<String> r = get("/v1/scores/" + row.getAs(PERSON_ID) + "?purpose=deposit+check");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode json = JSON.readTree(r.body());
    assertThat(json.get("person").asText()).isEqualTo(row.<String>getAs(PERSON_ID));
    assertThat(json.get("snapshot_date").asText()).isEqualTo("2026-10-31");
    assertThat(json.get("score").asInt()).isEqualTo(row.<Integer>getAs(SCORE));
    assertThat(json.get("tier").asText()).isEqualTo(row.<String>getAs(TIER));
    assertThat(json.get("scorecard_id").asText()).isEqualTo("expert-v1");
    Row reason = row.<Row>getList(row.fieldIndex(REASONS)).get(0);
    JsonNode first = json.get("reasons").get(0);
    assertThat(first.get("code").asText()).isEqualTo(reason.<String>getAs(REASON_CODE));
    assertThat(first.get("text").asText()).isEqualTo(reason.<String>getAs(REASON_TEXT));
    assertThat(first.get("points").asDouble()).isEqualTo(-reason.<Double>getAs(POINTS_LOST));
  }

  /** Every error status's body says what went wrong, why, and what the caller should do. */
  @Test
  void answersErrorsAsJsonWithWhatWhyAndFix() throws Exception {
    String id = current("score IS NOT NULL").getAs(PERSON_ID);
    assertError(get("/v1/scores/P7777777777?purpose=x"), 404, "no published score");
    assertError(get("/v1/scores/" + id), 400, "missing purpose");
    assertError(get("/v1/scores/" + id + "?purpose=%20"), 400, "missing purpose");
    assertError(send("/v1/scores/" + id + "?purpose=x", null), 401, "bearer token");
    assertError(send("/v1/scores/" + id + "?purpose=x", "Bearer " + "0".repeat(64)), 401, "token");
    assertError(send("/v1/scores/" + id + "?purpose=x", "Basic " + TOKEN), 401, "token");
    assertError(get("/v1/other"), 404, "no such resource");
    assertError(send("/v1/healthx", null), 404, "no such resource");
    assertError(send("/v1/health/anything", null), 404, "no such resource");
    HttpResponse<String> post =
        HTTP.send(
            request("/v1/scores/" + id + "?purpose=x", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertError(post, 405, "only GET");
    assertError(unexpectedFailure(), 500, "the lookup failed");
    HttpResponse<String> health = send("/v1/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(health.body()).get("persons").asInt()).isBetween(299, 300);
  }

  /**
   * The purpose's limit counts characters as lookup's --purpose does: 500 emoji (1,000 UTF-16
   * units) are answered, 501 are refused.
   */
  @Test
  void aPurposeOfFiveHundredEmojiIsAnsweredAndOneMoreIsRefused() throws Exception {
    String id = current("score IS NOT NULL").getAs(PERSON_ID);
    String emoji = "\uD83D\uDE00".repeat(500);
    assertThat(get("/v1/scores/" + id + "?purpose=" + encoded(emoji)).statusCode()).isEqualTo(200);
    assertError(
        get("/v1/scores/" + id + "?purpose=" + encoded(emoji + "\uD83D\uDE00")),
        400,
        "longer than 500 characters");
  }

  /** As `lookup --purpose` does: a line break or tab would make one audit row look like several. */
  @Test
  void aPurposeWithALineBreakOrTabIsRefused() throws Exception {
    String id = current("score IS NOT NULL").getAs(PERSON_ID);
    for (String purpose : new String[] {"call\nrow two", "call\tx", "call\r"}) {
      assertError(
          get("/v1/scores/" + id + "?purpose=" + encoded(purpose)),
          400,
          "holding a line break, tab or other control character");
    }
  }

  /**
   * An id with a slash, encoded as %2F or not, or a segment after the id, is refused saying so and
   * how to look such an id up; a path without an id says where the id goes. Neither echoes the id.
   */
  @Test
  void aSlashInThePersonIdIsRefusedSayingSo() throws Exception {
    for (String path :
        new String[] {"/v1/scores/P12%2F34?purpose=x", "/v1/scores/P1234/x?purpose=x"}) {
      HttpResponse<String> r = get(path);
      assertError(r, 400, "the person id in the path holds a slash (/ or its encoding %2F)");
      assertThat(JSON.readTree(r.body()).at("/error/fix").asText())
          .contains("credence lookup")
          .contains("remove any segment or slash after the id");
      assertThat(r.body()).doesNotContain("P12").doesNotContain("34");
    }
    HttpResponse<String> none = get("/v1/scores/?purpose=x");
    assertError(none, 400, "no person id in the path");
    assertThat(JSON.readTree(none.body()).at("/error/fix").asText())
        .contains("add the id after /v1/scores/");
  }

  @Test
  void everyAnsweredLookupReachesLookupAuditWithItsCallerAndPurpose() throws Exception {
    String purpose = "audit check " + UUID.randomUUID();
    // A person no other test looks up, so that the rows of their key are this test's only.
    String id =
        current("score IS NOT NULL AND person_id > '" + SyntheticWarehouse.person(20) + "'")
            .getAs(PERSON_ID);
    String q = "?purpose=" + URLEncoder.encode(purpose, StandardCharsets.UTF_8);
    // First, so that its row, were it journaled, would be folded before the answered ones' rows.
    assertThat(get("/v1/scores/" + id).statusCode()).as("not answered: not audited").isEqualTo(400);
    assertThat(get("/v1/scores/" + id + q).statusCode()).isEqualTo(200);
    assertThat(get("/v1/scores/P7777777777" + q).statusCode()).isEqualTo(404);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long found = 0;
    while (found < 2 && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      found = audit().filter(col("purpose").equalTo(purpose)).count();
    }
    Row[] rows = (Row[]) audit().filter(col("purpose").equalTo(purpose)).orderBy("found").collect();
    assertThat(rows).hasSize(2);
    assertThat(rows[0].<String>getAs("requester")).isEqualTo("decision-system");
    assertThat(rows[0].<Boolean>getAs("found")).isFalse();
    assertThat(rows[1].<String>getAs(PERSON_KEY))
        .isEqualTo(io.credence.config.ConfigLoader.sha256(id));
    assertThat(rows[1].<Boolean>getAs("found")).isTrue();
    String key = io.credence.config.ConfigLoader.sha256(id);
    assertThat(audit().filter(col(PERSON_KEY).equalTo(key)).count())
        .as("the answered lookup's row only")
        .isEqualTo(1);
  }

  @Test
  void picksUpAnErasureWithoutARestart() throws Exception {
    String erased = SyntheticWarehouse.person(11);
    String kept = SyntheticWarehouse.person(12);
    assertThat(get("/v1/scores/" + erased + "?purpose=x").statusCode()).isEqualTo(200);
    spark()
        .sql(
            "DELETE FROM delta.`"
                + Table.SCORES_CURRENT.path(warehouse)
                + "` WHERE person_id = '"
                + erased
                + "'");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int status = 200;
    while (status == 200 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      status = get("/v1/scores/" + erased + "?purpose=x").statusCode();
    }
    assertThat(status).isEqualTo(404);
    assertThat(get("/v1/scores/" + kept + "?purpose=x").statusCode()).isEqualTo(200);
  }

  @Test
  void takesNewAndRevokedTokensWithoutARestart() throws Exception {
    String other = "1f".repeat(32);
    String path = "/v1/scores/" + SyntheticWarehouse.person(3) + "?purpose=x";
    String both = "decision-system sha256:" + hash(TOKEN) + "\nnew-desk sha256:" + hash(other);
    Files.writeString(tokens, both + "\n");
    assertThat(eventually(path, "Bearer " + other, 200)).isEqualTo(200);
    Files.writeString(tokens, "decision-system sha256:" + hash(TOKEN) + "\n");
    assertThat(eventually(path, "Bearer " + other, 401)).isEqualTo(401);
    try (LogLines log = new LogLines(TokenFile.class)) {
      Files.writeString(tokens, "not a token line\n");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (log.lines().stream().noneMatch(l -> l.contains("changed but is refused"))
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(log.lines())
          .as("the broken file was read")
          .anyMatch(l -> l.contains("changed but is refused; the previous tokens stay"));
    }
    assertThat(get(path).statusCode()).as("a broken file keeps the tokens in force").isEqualTo(200);
    Files.writeString(tokens, "decision-system sha256:" + hash(TOKEN) + "\n");
  }

  /**
   * While the journal cannot write (its folder deleted and a file in its place) lookups get 503 and
   * the health check says so; once it can again, the next lookup is answered, and every answered
   * one reaches lookup_audit.
   */
  @Test
  void refusesLookupsAndReportsFailingHealthWhileTheJournalCannotWrite() throws Exception {
    ServeSettings base = settings(shared, null, null);
    Path journal = shared.resolve("broken-journal-" + UUID.randomUUID());
    ServeSettings settings =
        new ServeSettings(
            base.bind(),
            0,
            base.tokensFile(),
            null,
            null,
            null,
            journal,
            base.poll(),
            Duration.ofHours(1), // no fold recreates the folder while the test breaks it
            base.threads(),
            base.grace());
    String id = current("score IS NOT NULL").getAs(PERSON_ID);
    String purpose = "journal check " + UUID.randomUUID();
    String path =
        "/v1/scores/" + id + "?purpose=" + URLEncoder.encode(purpose, StandardCharsets.UTF_8);
    try (ScoreServer own =
        ScoreServer.start(settings, KernelWarehouse.open(warehouse), PersonIds.raw())) {
      assertThat(sendTo(own, path, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
      io.credence.TestFiles.deleteTree(journal);
      Files.writeString(journal, "in the way");
      assertError(sendTo(own, path, "Bearer " + TOKEN), 503, "could not be recorded");
      HttpResponse<String> withheld = sendTo(own, "/v1/health", null);
      assertThat(withheld.statusCode()).isEqualTo(503);
      assertWithheld(withheld, "audit_journal", journal.toString());
      HttpResponse<String> failing = sendTo(own, "/v1/health", "Bearer " + TOKEN);
      assertThat(failing.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(failing.body()).get("status").asText()).isEqualTo("failing");
      assertThat(JSON.readTree(failing.body()).at("/audit_journal/what").asText())
          .contains("the audit journal");
      // The shape of every error the service sends: the check's 503 had no fix.
      JsonNode error = JSON.readTree(failing.body()).get("error");
      assertThat(error.get("what").asText()).as(failing.body()).contains("the audit journal");
      assertThat(error.get("why").asText()).contains("before it is answered");
      assertThat(error.get("fix").asText()).contains("journal folder's disk");
      Files.delete(journal);
      assertThat(sendTo(own, path, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
      HttpResponse<String> ok = sendTo(own, "/v1/health", null);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(ok.body()).get("status").asText()).isEqualTo("ok");
      assertThat(JSON.readTree(ok.body()).has("error")).as(ok.body()).isFalse();
    }
    assertThat(audit().filter(col("purpose").equalTo(purpose)).count())
        .as("both answered lookups, the one before the failure included")
        .isEqualTo(2);
  }

  /**
   * A rerun of the served date killed after its score_snapshots commit leaves scores_current's
   * version as it was, with the earlier run's rows: the service answered them (200) as current. It
   * now sees the snapshot's new run at its poll, refuses lookups with 503 and says why in its
   * health check, until scores_current follows.
   */
  @Test
  void refusesLookupsWhileScoresCurrentIsBehindTheSnapshotARerunPublished() throws Exception {
    Path copy = shared.resolve("wh-interrupted-" + UUID.randomUUID());
    io.credence.TestFiles.copyTree(Path.of(warehouse), copy);
    String path = "/v1/scores/" + SyntheticWarehouse.person(5) + "?purpose=x";
    try (ScoreServer own =
        ScoreServer.start(
            settings(shared, null, null), KernelWarehouse.open(copy.toString()), PersonIds.raw())) {
      assertThat(sendTo(own, path, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
      InterruptedRerun.publishSnapshotOnly(
          copy.toString(), SyntheticWarehouse.NEWEST, "run-killed");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      HttpResponse<String> r = sendTo(own, path, "Bearer " + TOKEN);
      while (r.statusCode() == 200 && System.nanoTime() < deadline) {
        Thread.sleep(300);
        r = sendTo(own, path, "Bearer " + TOKEN);
      }
      assertError(r, 503, "scores_current is behind the published snapshot of 2026-10-31");
      assertThat(JSON.readTree(r.body()).get("error").get("fix").asText())
          .contains("credence score --date 2026-10-31");
      assertWithheld(sendTo(own, "/v1/health", null), "scores_current", "run-killed");
      HttpResponse<String> health = sendTo(own, "/v1/health", "Bearer " + TOKEN);
      assertThat(health.statusCode()).isEqualTo(503);
      JsonNode body = JSON.readTree(health.body());
      assertThat(body.get("status").asText()).isEqualTo("failing");
      assertThat(body.get("scores_current").get("what").asText()).contains("run run-killed");
      assertThat(body.get("scores_current").get("fix").asText())
          .contains("credence score --date 2026-10-31");
      assertThat(body.at("/error/what").asText()).contains("scores_current is behind");
      assertThat(body.at("/error/fix").asText()).contains("credence score --date 2026-10-31");
    }
  }

  /**
   * A run of a new date stopped after its snapshot commit and before scores_current (or still
   * running between the two): the service answered a person only that snapshot held 404. It now
   * answers them from that snapshot with a note, audited as found, and everyone else from
   * scores_current as before.
   */
  @Test
  void aPersonOnlyANewerSnapshotHoldsIsAnsweredFromItWithANote() throws Exception {
    Path copy = shared.resolve("wh-new-date-" + UUID.randomUUID());
    io.credence.TestFiles.copyTree(Path.of(warehouse), copy);
    String added = SyntheticWarehouse.person(400);
    String purpose = "newer snapshot " + UUID.randomUUID();
    String path = "/v1/scores/" + added + "?purpose=" + encoded(purpose);
    LocalDate next = SyntheticWarehouse.NEWEST.plusDays(1);
    try (ScoreServer own =
        ScoreServer.start(
            settings(shared, null, null), KernelWarehouse.open(copy.toString()), PersonIds.raw())) {
      assertError(sendTo(own, path, "Bearer " + TOKEN), 404, "no published score");
      InterruptedRerun.publishNewDateOnlyWithNew(
          copy.toString(), SyntheticWarehouse.NEWEST, next, "run-new", added);
      HttpResponse<String> r = sendUntil(own, path, 200);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("snapshot_date").asText()).isEqualTo(next.toString());
      assertThat(body.get("run_id").asText()).isEqualTo("run-new");
      assertThat(body.get("note").asText())
          .contains(
              "scores_current does not hold this person, and a newer snapshot, "
                  + next
                  + " (run run-new), is published")
          .contains("credence score --date " + next)
          .doesNotContain(added);
      HttpResponse<String> held =
          sendTo(
              own, "/v1/scores/" + SyntheticWarehouse.person(5) + "?purpose=x", "Bearer " + TOKEN);
      assertThat(held.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(held.body()).get("snapshot_date").asText())
          .as("scores_current's row, stale by one run")
          .isEqualTo(SyntheticWarehouse.NEWEST.toString());
      assertThat(JSON.readTree(held.body()).has("note")).isFalse();
      HttpResponse<String> health = sendTo(own, "/v1/health", null);
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      JsonNode state = JSON.readTree(health.body());
      assertThat(state.get("snapshot_dates").toString()).isEqualTo("[\"2026-10-31\"]");
      assertThat(state.get("newer_snapshot_date").asText()).isEqualTo(next.toString());
      // The added person, and any person an earlier test of the class removed from the shared
      // warehouse's scores_current only.
      long onlyNewer =
          spark()
              .read()
              .format("delta")
              .load(Table.SCORE_SNAPSHOTS.path(copy.toString()))
              .filter(col(SNAPSHOT_DATE).equalTo(lit(java.sql.Date.valueOf(next))))
              .select(PERSON_ID)
              .except(
                  spark()
                      .read()
                      .format("delta")
                      .load(Table.SCORES_CURRENT.path(copy.toString()))
                      .select(PERSON_ID))
              .count();
      assertThat(onlyNewer).isPositive();
      assertThat(state.get("newer_snapshot_persons").asLong()).isEqualTo(onlyNewer);
      assertError(
          sendTo(
              own,
              "/v1/scores/" + SyntheticWarehouse.person(401) + "?purpose=x",
              "Bearer " + TOKEN),
          404,
          "no published score");
    }
    // Closed: the journal is folded into the copy's lookup_audit.
    Row[] rows =
        (Row[])
            spark()
                .read()
                .format("delta")
                .load(Table.LOOKUP_AUDIT.path(copy.toString()))
                .filter(col("purpose").equalTo(purpose))
                .orderBy("looked_up_at")
                .collect();
    // 404s until the service's poll found the snapshot, then the one 200.
    assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
    assertThat(rows)
        .extracting(row -> row.<Boolean>getAs("found"))
        .containsOnlyOnce(true)
        .endsWith(true);
    assertThat(rows)
        .extracting(row -> row.<String>getAs(PERSON_KEY))
        .containsOnly(io.credence.config.ConfigLoader.sha256(added));
  }

  /**
   * A newer snapshot whose files cannot be read costs only the persons only it holds, who are
   * answered 404 as before: the service starts and answers everyone else.
   */
  @Test
  void aNewerSnapshotThatCannotBeReadLeavesEveryoneElseAnswered() throws Exception {
    Path copy = shared.resolve("wh-new-date-unreadable-" + UUID.randomUUID());
    io.credence.TestFiles.copyTree(Path.of(warehouse), copy);
    String added = SyntheticWarehouse.person(402);
    LocalDate next = SyntheticWarehouse.NEWEST.plusDays(1);
    InterruptedRerun.publishNewDateOnlyWithNew(
        copy.toString(), SyntheticWarehouse.NEWEST, next, "run-new", added);
    Path partition = copy.resolve("score_snapshots/snapshot_date=" + next);
    try (var files = Files.list(partition)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
        Files.delete(file);
      }
    }
    try (ScoreServer own =
        ScoreServer.start(
            settings(shared, null, null), KernelWarehouse.open(copy.toString()), PersonIds.raw())) {
      assertError(
          sendTo(own, "/v1/scores/" + added + "?purpose=x", "Bearer " + TOKEN),
          404,
          "no published score");
      assertThat(
              sendTo(
                      own,
                      "/v1/scores/" + SyntheticWarehouse.person(5) + "?purpose=x",
                      "Bearer " + TOKEN)
                  .statusCode())
          .isEqualTo(200);
      HttpResponse<String> health = sendTo(own, "/v1/health", null);
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      assertThat(JSON.readTree(health.body()).has("newer_snapshot_date")).isFalse();
    }
  }

  @Test
  void aPersonWhoseErasureIsRecordedButUnfinishedIsAnswered404() throws Exception {
    // The killed erasure left the person's row in scores_current, and the service answered it.
    Path copy = shared.resolve("wh-erasing-" + UUID.randomUUID());
    io.credence.TestFiles.copyTree(Path.of(warehouse), copy);
    String erased = "/v1/scores/" + SyntheticWarehouse.person(7) + "?purpose=x";
    String kept = "/v1/scores/" + SyntheticWarehouse.person(8) + "?purpose=x";
    try (ScoreServer own =
        ScoreServer.start(
            settings(shared, null, null), KernelWarehouse.open(copy.toString()), PersonIds.raw())) {
      assertThat(sendTo(own, erased, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
      InterruptedErasure.recordOnly(copy.toString(), PersonIds.raw(), SyntheticWarehouse.person(7));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      HttpResponse<String> r = sendTo(own, erased, "Bearer " + TOKEN);
      while (r.statusCode() == 200 && System.nanoTime() < deadline) {
        Thread.sleep(300);
        r = sendTo(own, erased, "Bearer " + TOKEN);
      }
      assertError(r, 404, "no published score");
      assertThat(sendTo(own, kept, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }
    try (ScoreServer restarted =
        ScoreServer.start(
            settings(shared, null, null), KernelWarehouse.open(copy.toString()), PersonIds.raw())) {
      assertError(sendTo(restarted, erased, "Bearer " + TOKEN), 404, "no published score");
    }
  }

  /**
   * An erasures table whose log cannot be read is refused at start naming it (it was a failure
   * without what, why and fix), and the journal's lock is released.
   */
  @Test
  void anUnreadableErasuresTableIsRefusedAtStartNamingIt() throws Exception {
    Path copy = shared.resolve("wh-erasures-unreadable-" + UUID.randomUUID());
    io.credence.TestFiles.copyTree(Path.of(warehouse), copy);
    InterruptedErasure.recordOnly(copy.toString(), PersonIds.raw(), SyntheticWarehouse.person(9));
    Files.writeString(
        copy.resolve("erasures").resolve("_delta_log").resolve("00000000000000000000.json"),
        "{not a commit\n");
    ServeSettings settings = settings(shared, null, null);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ScoreServer.start(settings, KernelWarehouse.open(copy.toString()), PersonIds.raw()))
        .isInstanceOfSatisfying(
            io.credence.error.CredenceException.class,
            e -> assertThat(e.exitCode()).isEqualTo(io.credence.error.ExitCode.BAD_INPUT))
        .hasMessageContaining("cannot read the erasures table (")
        .hasMessageContaining("to answer no person whose erasure is on record")
        .hasMessageContaining("fix: run the command again");
    AuditJournal.open(settings.journalDir(), appId -> 0).close(); // not locked any more
  }

  /**
   * erasures damaged after start: the service kept answering from the erasures it read last, so a
   * request recorded meanwhile could be missed. It now answers nobody (503) until erasures reads
   * again, and its health says why.
   */
  @Test
  void refusesLookupsWhileErasuresCannotBeReadAtAPoll() throws Exception {
    Path copy = shared.resolve("wh-erasures-damaged-" + UUID.randomUUID());
    io.credence.TestFiles.copyTree(Path.of(warehouse), copy);
    InterruptedErasure.recordOnly(copy.toString(), PersonIds.raw(), SyntheticWarehouse.person(9));
    String path = "/v1/scores/" + SyntheticWarehouse.person(5) + "?purpose=x";
    Path damaged =
        copy.resolve("erasures").resolve("_delta_log").resolve("00000000000000000001.json");
    try (ScoreServer own =
        ScoreServer.start(
            settings(shared, null, null), KernelWarehouse.open(copy.toString()), PersonIds.raw())) {
      assertThat(sendTo(own, path, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
      Files.writeString(damaged, "{not a commit\n");
      HttpResponse<String> r = sendUntil(own, path, 503);
      assertError(r, 503, "cannot read the erasures table (");
      assertThat(r.body()).doesNotContain("not a commit");
      assertWithheld(sendTo(own, "/v1/health", null), "erasures", copy.toString());
      HttpResponse<String> health = sendTo(own, "/v1/health", "Bearer " + TOKEN);
      assertThat(health.statusCode()).isEqualTo(503);
      JsonNode body = JSON.readTree(health.body());
      assertThat(body.get("status").asText()).isEqualTo("failing");
      assertThat(body.at("/erasures/what").asText()).contains("cannot read the erasures table");
      assertThat(body.at("/erasures/what").asText()).contains(copy.toString());
      assertThat(body.at("/error/fix").asText()).contains("never put back an older copy");
      Files.delete(damaged);
      assertThat(sendUntil(own, path, 200).statusCode()).isEqualTo(200);
      assertThat(sendTo(own, "/v1/health", null).statusCode()).isEqualTo(200);
    }
  }

  /**
   * The journal closed by a stop: the health check's error was the journal's, "the audit journal is
   * closed", with the fix for a failing disk ("no restart is needed; this check answers 200 once it
   * writes"), and a lookup's 503 blamed a full disk. Both now say the service is stopping.
   */
  @Test
  void whileTheServiceStopsHealthAndLookupsSaySo() throws Exception {
    try (Handlers service = Handlers.over(warehouse)) {
      service.journal().close();
      JsonNode probe = JSON.readTree(service.get("/v1/health", null).body());
      assertThat(probe.at("/audit_journal/what").asText())
          .as("a stop names no path: shown without a token too")
          .contains("the service is stopping");
      JsonNode body = failingHealth(service);
      assertThat(body.at("/error/what").asText()).contains("the service is stopping");
      assertThat(body.at("/audit_journal/what").asText()).contains("the service is stopping");
      assertThat(body.at("/error/why").asText()).contains("told to stop");
      assertThat(body.at("/error/fix").asText())
          .contains("another instance")
          .doesNotContain("disk")
          .doesNotContain("no restart is needed");
      HttpResponse<String> lookup =
          service.get("/v1/scores/" + SyntheticWarehouse.person(5) + "?purpose=x", TOKEN);
      assertError(lookup, 503, "the service is stopping");
    }
  }

  /**
   * scores_current behind with the journal failing too: the check's error was the journal's, and
   * its fix said the next lookup tries the journal and the check answers 200 once it writes, while
   * every lookup was refused as behind before reaching the journal. The error is now
   * scores_current's (what a lookup gets), and the journal's entry says when it is tried again. A
   * stop then leads.
   */
  @Test
  void whileScoresCurrentIsBehindAndTheJournalFailsHealthLeadsWithBehind() throws Exception {
    Path copy = shared.resolve("wh-behind-journal-" + UUID.randomUUID());
    io.credence.TestFiles.copyTree(Path.of(warehouse), copy);
    try (Handlers service = Handlers.over(copy.toString())) {
      InterruptedRerun.publishSnapshotOnly(
          copy.toString(), SyntheticWarehouse.NEWEST, "run-killed");
      service.index().refresh();
      service.breakJournal();
      String path = "/v1/scores/" + SyntheticWarehouse.person(5) + "?purpose=x";
      assertError(service.get(path, TOKEN), 503, "scores_current is behind");
      assertWithheld(service.get("/v1/health", null), "scores_current", "run-killed");
      assertWithheld(service.get("/v1/health", null), "audit_journal", "run-killed");
      JsonNode body = failingHealth(service);
      assertThat(body.at("/error/what").asText()).contains("scores_current is behind");
      assertThat(body.at("/error/fix").asText()).contains("credence score --date 2026-10-31");
      assertThat(body.at("/scores_current/what").asText()).contains("run run-killed");
      assertThat(body.at("/audit_journal/what").asText()).contains("the audit journal");
      assertThat(body.at("/audit_journal/fix").asText())
          .contains("journal folder's disk")
          .contains("while this check reports `scores_current`")
          .doesNotContain("this check answers 200 once it writes");
      service.journal().close();
      JsonNode probe = JSON.readTree(service.get("/v1/health", null).body());
      assertThat(probe.at("/audit_journal/what").asText()).contains("the service is stopping");
      assertThat(probe.at("/scores_current/what").asText())
          .isEqualTo("lookups are refused: `scores_current` is failing");
      JsonNode stopping = failingHealth(service);
      assertThat(stopping.at("/error/what").asText()).contains("the service is stopping");
      assertThat(stopping.at("/scores_current/what").asText()).contains("run run-killed");
      assertError(service.get(path, TOKEN), 503, "the service is stopping");
    }
  }

  /**
   * erasures unreadable with the journal failing too: the check's error was the journal's, while
   * every lookup was refused for the erasures before reaching the journal.
   */
  @Test
  void whileErasuresCannotBeReadAndTheJournalFailsHealthLeadsWithErasures() throws Exception {
    Path copy = shared.resolve("wh-erasures-journal-" + UUID.randomUUID());
    io.credence.TestFiles.copyTree(Path.of(warehouse), copy);
    InterruptedErasure.recordOnly(copy.toString(), PersonIds.raw(), SyntheticWarehouse.person(9));
    try (Handlers service = Handlers.over(copy.toString())) {
      Files.writeString(
          copy.resolve("erasures").resolve("_delta_log").resolve("00000000000000000001.json"),
          "{not a commit\n");
      service.index().refreshQuietly();
      assertThat(service.index().erasuresUnreadable()).isPresent();
      service.breakJournal();
      String path = "/v1/scores/" + SyntheticWarehouse.person(5) + "?purpose=x";
      assertError(service.get(path, TOKEN), 503, "cannot read the erasures table (");
      assertWithheld(service.get("/v1/health", null), "erasures", copy.toString());
      assertWithheld(service.get("/v1/health", "0".repeat(64)), "audit_journal", copy.toString());
      JsonNode body = failingHealth(service);
      assertThat(body.at("/error/what").asText()).contains("cannot read the erasures table (");
      assertThat(body.at("/erasures/what").asText()).contains("cannot read the erasures table (");
      assertThat(body.at("/audit_journal/fix").asText())
          .contains("while this check reports `erasures`")
          .doesNotContain("this check answers 200 once it writes");
    }
  }

  /**
   * A failing health check asked without a token: 503 and {@code state} failing, each state's and
   * the error's what, why and fix saying only that lookups are refused and where to read why;
   * nothing of {@code hidden} (a path or run the state's own texts name).
   */
  private static void assertWithheld(HttpResponse<String> health, String state, String hidden)
      throws Exception {
    assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
    JsonNode body = JSON.readTree(health.body());
    assertThat(body.get("status").asText()).isEqualTo("failing");
    assertThat(body.at("/" + state + "/what").asText())
        .isEqualTo("lookups are refused: `" + state + "` is failing");
    assertThat(body.at("/error/fix").asText()).contains("Authorization: Bearer");
    assertThat(health.body()).doesNotContain(hidden).doesNotContain(TOKEN);
    assertThat(body.get("persons").asInt()).as("the check's other fields stay").isPositive();
  }

  private static JsonNode failingHealth(Handlers service) throws Exception {
    HttpResponse<String> health = service.get("/v1/health", TOKEN);
    assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
    JsonNode body = JSON.readTree(health.body());
    assertThat(body.get("status").asText()).isEqualTo("failing");
    return body;
  }

  /**
   * The service's two handlers over {@code warehouse} on 127.0.0.1 with the index and journal in
   * the test's hands, to reach states a running service reaches only briefly or by chance: its
   * journal closed by a stop, or failing while another state refuses lookups.
   */
  private record Handlers(HttpServer http, LiveIndex index, AuditJournal journal, Path journalDir)
      implements AutoCloseable {
    static Handlers over(String warehouse) throws Exception {
      ServeSettings settings = settings(shared, null, null);
      LiveIndex index = new LiveIndex(KernelWarehouse.open(warehouse), PersonIds.raw());
      index.refresh();
      AuditJournal journal = AuditJournal.open(settings.journalDir(), appId -> 0);
      try {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        TokenFile tokens = new TokenFile(settings.tokensFile());
        http.createContext(HealthHandler.PATH, new HealthHandler(index, journal, tokens));
        http.createContext(
            ScoreHandler.PREFIX,
            new ScoreHandler(tokens, PersonIds.raw(), index, journal, new ScoreHandler.Stats()));
        http.start();
        return new Handlers(http, index, journal, settings.journalDir());
      } catch (java.io.IOException | RuntimeException e) {
        journal.close();
        throw e;
      }
    }

    /** The journal's folder removed and a file in its place, so that it cannot be recreated. */
    void breakJournal() throws Exception {
      io.credence.TestFiles.deleteTree(journalDir);
      Files.writeString(journalDir, "in the way");
    }

    HttpResponse<String> get(String path, String token) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path))
              .timeout(Duration.ofSeconds(30));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
      http.stop(0);
      journal.close();
    }
  }

  /** {@code path}'s answer once its status is {@code wanted}, or the last one after 60 s. */
  private static HttpResponse<String> sendUntil(ScoreServer to, String path, int wanted)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    HttpResponse<String> r = sendTo(to, path, "Bearer " + TOKEN);
    while (r.statusCode() != wanted && System.nanoTime() < deadline) {
      Thread.sleep(300);
      r = sendTo(to, path, "Bearer " + TOKEN);
    }
    return r;
  }

  private static HttpResponse<String> sendTo(ScoreServer to, String path, String authorization)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path))
            .timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int eventually(String path, String authorization, int wanted) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int status = -1;
    while (status != wanted && System.nanoTime() < deadline) {
      Thread.sleep(300);
      status = send(path, authorization).statusCode();
    }
    return status;
  }

  /**
   * A warehouse whose lookup_audit the service cannot write is refused at start, exit 2 saying why
   * and what to do, before it answers lookups it could never fold; the journal's lock is released.
   * Here the table is missing and creating it fails (its path is a link into /sys, which even root
   * cannot write).
   */
  @Test
  void aWarehouseWhoseAuditCannotBeCreatedIsRefusedAtStart() throws Exception {
    Path missing = shared.resolve("audit-unwritable-" + UUID.randomUUID());
    io.credence.TestFiles.copyTree(
        Path.of(warehouse), missing, f -> !f.toString().contains("lookup_audit"));
    Files.createSymbolicLink(
        missing.resolve("lookup_audit"), Path.of("/sys/credence-lookup-audit"));
    assertRefusedAtStart(missing);
  }

  /**
   * As {@link #aWarehouseWhoseAuditCannotBeCreatedIsRefusedAtStart}, with the table there and its
   * log made immutable (chattr +i, which stops root too): the start's empty commit fails. Skipped
   * where chattr +i does not work (it needs root and a file system with the flag), except in CI
   * (CI=true), where it fails: .ci/run runs as root on ext4, where it works.
   */
  @Test
  void aWarehouseWhoseAuditLogIsImmutableIsRefusedAtStart() throws Exception {
    Path existing = shared.resolve("audit-read-only-" + UUID.randomUUID());
    io.credence.TestFiles.copyTree(
        Path.of(warehouse), existing, f -> !f.toString().contains("lookup_audit"));
    KernelWarehouse tables = KernelWarehouse.open(existing.toString());
    io.credence.lookup.AuditTable.requireWritable(tables, PersonIds.raw()); // creates it
    Path log = existing.resolve("lookup_audit").resolve("_delta_log");
    boolean immutable = chattr("+i", log);
    String failed = "chattr +i " + log + " failed (it needs root and a file system with the flag)";
    if (!immutable && "true".equals(System.getenv("CI"))) {
      org.junit.jupiter.api.Assertions.fail(failed + "; CI=true: CI runs as root, so it must run");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(immutable, failed);
    try {
      assertRefusedAtStart(existing);
    } finally {
      chattr("-i", log);
    }
  }

  private static void assertRefusedAtStart(Path warehouse) throws Exception {
    ServeSettings settings = settings(shared, null, null);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ScoreServer.start(
                    settings, KernelWarehouse.open(warehouse.toString()), PersonIds.raw()))
        .as(warehouse.toString())
        .isInstanceOfSatisfying(
            io.credence.error.CredenceException.class,
            e -> assertThat(e.exitCode()).isEqualTo(io.credence.error.ExitCode.BAD_INPUT))
        .hasMessageContaining("cannot write the audit row to lookup_audit")
        .hasMessageContaining("`serve` folds its journal of answered lookups into it")
        .hasMessageContaining("fix: run the command as a user who may write");
    AuditJournal.open(settings.journalDir(), appId -> 0).close(); // not locked any more
  }

  /** Whether {@code chattr flag path} succeeded (it needs root and a file system that has it). */
  private static boolean chattr(String flag, Path path) throws Exception {
    try {
      Process p =
          new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false; // no chattr here
    }
  }

  /** A wrong keystore password exits 2 naming its variable and how to check it, never itself. */
  @Test
  void aWrongKeystorePasswordIsRefusedWithoutEchoingIt() throws Exception {
    String wrong = "not-the-test-pass-7f3a";
    ServeSettings settings = settings(shared, keystore(), wrong.toCharArray());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScoreServer.tls(settings))
        .isInstanceOfSatisfying(
            io.credence.error.CredenceException.class,
            e -> assertThat(e.exitCode()).isEqualTo(io.credence.error.ExitCode.BAD_INPUT))
        .hasMessageContaining(
            "the password in environment variable CREDENCE_KEYSTORE_PASSWORD does not open the"
                + " keystore "
                + keystore())
        .hasMessageContaining("why: a PKCS12 keystore's key and certificate are locked")
        .hasMessageContaining("fix: export CREDENCE_KEYSTORE_PASSWORD with the password")
        .hasMessageContaining("keytool -list")
        .hasMessageNotContaining(wrong);
  }

  /** A PKCS12 keystore for 127.0.0.1, password {@code test-pass}, made once per class. */
  private static Path keystore() throws Exception {
    Path keystore = shared.resolve("server.p12");
    if (!Files.exists(keystore)) {
      Process keytool =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                  "-genkeypair",
                  "-alias",
                  "credence",
                  "-keyalg",
                  "EC",
                  "-dname",
                  "CN=127.0.0.1",
                  "-ext",
                  "SAN=ip:127.0.0.1",
                  "-validity",
                  "2",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  keystore.toString(),
                  "-storepass",
                  "test-pass")
              .redirectErrorStream(true)
              .start();
      assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(keytool.exitValue()).isZero();
    }
    return keystore;
  }

  @Test
  void servesHttpsWithAKeystoreOnly() throws Exception {
    Path keystore = keystore();
    char[] password = "test-pass".toCharArray();
    try (ScoreServer tls =
        ScoreServer.start(
            settings(shared, keystore, password),
            KernelWarehouse.open(warehouse),
            PersonIds.raw())) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      try (FileInputStream in = new FileInputStream(keystore.toFile())) {
        trust.load(in, password);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
      String id = current("score IS NOT NULL").getAs(PERSON_ID);
      String path = "/v1/scores/" + id + "?purpose=tls";
      HttpResponse<String> ok =
          https.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + tls.port() + path))
                  .header("Authorization", "Bearer " + TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("\"person\":\"" + id + "\"");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  HTTP.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tls.port() + path))
                          .header("Authorization", "Bearer " + TOKEN)
                          .timeout(Duration.ofSeconds(10))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .as("plain HTTP to the TLS port")
          .isInstanceOf(java.io.IOException.class);
    }
  }

  /**
   * The load test's client, with each of its HTTP clients, counts what the service answered:
   * lookups of known persons 200, of unknown ones 404, none failed (a request without the token,
   * say, would be counted as an error).
   */
  @ParameterizedTest
  @ValueSource(strings = {"urlconnection", "jdk-httpclient"})
  void theLoadTestClientCountsWhatTheServiceAnswered(String client) throws Exception {
    Path token = Files.writeString(shared.resolve("token-" + client), TOKEN + "\n");
    Path out = shared.resolve("loadtest-" + client + ".json");
    io.credence.loadtest.LoadTest.main(
        new String[] {
          String.valueOf(server.port()),
          token.toString(),
          "300",
          "2",
          "1",
          "400",
          "test-" + client,
          out.toString(),
          client
        });
    JsonNode report = JSON.readTree(out.toFile());
    assertThat(report.get("client").asText()).isEqualTo(client);
    assertThat(report.get("errors").asLong()).isZero();
    assertThat(report.get("answered_200").asLong()).isPositive();
    assertThat(report.get("answered_200").asLong() + report.get("answered_404").asLong())
        .isEqualTo(report.get("requests").asLong());
    assertThat(report.get("requests").asLong()).isBetween(1L, 400L);
  }

  private static void assertError(HttpResponse<String> r, int status, String what)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(r.body()).get("error");
    assertThat(error.get("what").asText()).contains(what);
    assertThat(error.get("why").asText()).isNotBlank();
    assertThat(error.path("fix").asText()).as(r.body()).isNotBlank();
  }

  /**
   * A lookup that fails unexpectedly: the handler alone, without its token file, on a bare JDK
   * server on 127.0.0.1 (no index, journal or audit table to start), stopped before returning.
   */
  private static HttpResponse<String> unexpectedFailure() throws Exception {
    com.sun.net.httpserver.HttpServer bare =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    bare.createContext(
        ScoreHandler.PREFIX,
        new ScoreHandler(null, PersonIds.raw(), null, null, new ScoreHandler.Stats()));
    bare.start();
    try {
      return HTTP.send(
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:"
                          + bare.getAddress().getPort()
                          + ScoreHandler.PREFIX
                          + "P1?purpose=x"))
              .header("Authorization", "Bearer " + TOKEN)
              .timeout(Duration.ofSeconds(30))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } finally {
      bare.stop(0);
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(path, "Bearer " + TOKEN);
  }

  private static HttpResponse<String> send(String path, String authorization) throws Exception {
    return HTTP.send(request(path, authorization).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String path, String authorization) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(30));
    return authorization == null ? b : b.header("Authorization", authorization);
  }

  private static Row current(String condition) {
    return spark()
        .read()
        .format("delta")
        .load(Table.SCORES_CURRENT.path(warehouse))
        .filter(condition)
        .orderBy(PERSON_ID)
        .first();
  }

  private static org.apache.spark.sql.Dataset<Row> audit() {
    return spark().read().format("delta").load(Table.LOOKUP_AUDIT.path(warehouse));
  }

  private static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String hash(String token) {
    return HexFormat.of().formatHex(Tokens.sha256(token));
  }
}
