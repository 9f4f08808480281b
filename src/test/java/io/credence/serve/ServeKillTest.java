package io.credence.serve;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.EndToEnd;
import io.credence.SparkTestBase;
import io.credence.lookup.SyntheticWarehouse;
import io.credence.publish.Table;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No answered lookup is lost when the service is killed: a service in its own JVM (without Spark's
 * jars, as the launcher runs it) on 127.0.0.1 answers bounded concurrent requests, is killed with
 * SIGKILL under load, restarted on the same journal and stopped with SIGTERM; every request that
 * got an answer is then in lookup_audit, exactly once. Its log, at INFO for every logger, names no
 * person id and no token.
 */
@EndToEnd
class ServeKillTest extends SparkTestBase {
  private static final int CLIENTS = 8;
  private static final int MAX_REQUESTS = 4000;
  private static final int ANSWERED_BEFORE_KILL = 300;
  private static final Duration STARTUP = Duration.ofSeconds(300);

  @TempDir Path dir;

  @Test
  void everyAnsweredLookupSurvivesAKill() throws Exception {
    String warehouse = SyntheticWarehouse.write(dir.resolve("wh"), 200, 1);
    Path tokens = dir.resolve("tokens");
    Files.writeString(
        tokens, "kill-test sha256:" + ScoreServerTest.hash(ScoreServerTest.TOKEN) + "\n");
    Path log = dir.resolve("serve.log");
    Set<String> answered = ConcurrentHashMap.newKeySet();

    Process first = serve(warehouse, tokens, log);
    int port = ServeProcess.port(first, log, 0, STARTUP);
    AtomicInteger sent = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      clients.submit(() -> fire(port, sent, answered));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (answered.size() < ANSWERED_BEFORE_KILL && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    ServeProcess.kill(first, Duration.ofSeconds(60)); // requests in flight
    clients.shutdown();
    assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
    assertThat(answered).hasSizeGreaterThanOrEqualTo(ANSWERED_BEFORE_KILL);

    Process second = serve(warehouse, tokens, log);
    ServeProcess.port(second, log, 1, STARTUP); // it folds what the killed one left first
    ServeProcess.stop(second, Duration.ofSeconds(120)); // SIGTERM: graceful

    List<String> audited =
        spark()
            .read()
            .format("delta")
            .load(Table.LOOKUP_AUDIT.path(warehouse))
            .filter(col("purpose").startsWith("kill test "))
            .select("purpose")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    System.out.printf(
        "kill test: %d requests sent, %d answered before the kill, %d audited%n",
        sent.get(), answered.size(), audited.size());
    assertThat(audited).doesNotHaveDuplicates();
    assertThat(audited).containsAll(answered);
    String logged = Files.readString(log);
    assertThat(logged).contains("folded").doesNotContain(ScoreServerTest.TOKEN);
    for (int i = 0; i < 200; i++) {
      assertThat(logged).doesNotContain(SyntheticWarehouse.person(i));
    }
  }

  /** Sends lookups until the service dies or the bound is reached; records the answered ones. */
  private static void fire(int port, AtomicInteger sent, Set<String> answered) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    int n;
    while ((n = sent.incrementAndGet()) <= MAX_REQUESTS) {
      String purpose = "kill test " + n;
      String person = n % 5 == 0 ? "P7777777777" : SyntheticWarehouse.person(n % 200);
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:"
                          + port
                          + "/v1/scores/"
                          + person
                          + "?purpose="
                          + URLEncoder.encode(purpose, StandardCharsets.UTF_8)))
              .header("Authorization", "Bearer " + ScoreServerTest.TOKEN)
              .timeout(Duration.ofSeconds(30))
              .build();
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        if (status == 200 || status == 404) {
          answered.add(purpose);
        }
      } catch (java.io.IOException e) {
        return; // the service was killed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Starts {@code credence serve} in a JVM without Spark's jars, its output appended to log. */
  private Process serve(String warehouse, Path tokens, Path log) throws Exception {
    Path config = dir.resolve("log4j2-all-info.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.out.ref = out",
            "appender.out.type = Console",
            "appender.out.name = out",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = %d %p %c: %m%n%ex",
            ""));
    return ServeProcess.start(
        List.of(
            "-Xmx512m",
            "-Dlog4j2.configurationFile=" + config,
            "-Dlog4j.shutdownHookEnabled=false"),
        warehouse,
        tokens,
        dir.resolve("journal"),
        List.of("--poll-seconds", "5", "--fold-seconds", "2", "--threads", "8"),
        log);
  }
}
