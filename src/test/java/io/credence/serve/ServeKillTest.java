package io.credence.serve;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.EndToEnd;
import io.credence.SparkTestBase;
import io.credence.lookup.SyntheticWarehouse;
import io.credence.publish.Table;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

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
    int port = port(first, log, 0);
    AtomicInteger sent = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      clients.submit(() -> fire(port, sent, answered));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (answered.size() < ANSWERED_BEFORE_KILL && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    first.destroyForcibly(); // SIGKILL, requests in flight
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    clients.shutdown();
    assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
    assertThat(answered).hasSizeGreaterThanOrEqualTo(ANSWERED_BEFORE_KILL);

    Process second = serve(warehouse, tokens, log);
    port(second, log, 1); // it folds what the killed one left before it listens
    second.destroy(); // SIGTERM: graceful
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();

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
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-Dlog4j2.configurationFile=" + config);
    command.add("-Dlog4j.shutdownHookEnabled=false");
    command.add("-cp");
    command.add(sparkFreeClasspath());
    command.addAll(
        List.of(
            "io.credence.cli.Main",
            "serve",
            "--warehouse",
            warehouse,
            "--tokens",
            tokens.toString(),
            "--port",
            "0",
            "--journal",
            dir.resolve("journal").toString(),
            "--poll-seconds",
            "5",
            "--fold-seconds",
            "2",
            "--threads",
            "8"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** Waits for the process's "listening on" line, the log's {@code seen}+1st; its port. */
  private static int port(Process p, Path log, int seen) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
      Matcher m = LISTENING.matcher(Files.readString(log));
      int count = 0;
      int port = -1;
      while (m.find()) {
        count++;
        port = Integer.parseInt(m.group(1));
      }
      if (count > seen) {
        return port;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the service did not start: " + Files.readString(log));
  }

  /** This JVM's classpath without Spark, Scala and test libraries. */
  static String sparkFreeClasspath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (!name.matches("(spark-|scala-|delta-spark|junit|assertj|opentest4j).*")) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
