package io.credence.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load test's client: {@code clients} threads send lookups of random synthetic persons (about
 * one in twenty unknown) to a lookup service on 127.0.0.1 for {@code seconds}, at most {@code
 * maxRequests} in all, and report requests per second, latency percentiles and errors, after 10
 * seconds of the same load unmeasured (the service compiles its code meanwhile). Each measured
 * request's purpose is {@code loadtest RUN N}, so the audit check can count them in lookup_audit.
 *
 * <p>Each client thread sends one request at a time and waits for its answer (a closed loop), by
 * default through the JDK's blocking {@link java.net.HttpURLConnection}, which keeps one connection
 * per thread alive; {@code jdk-httpclient} uses {@link HttpClient} instead, whose asynchronous
 * machinery costs the client about twice the CPU per request, taken from the two cores the service
 * shares with it.
 *
 * <p>Usage: {@code LoadTest PORT TOKEN_FILE PERSONS CLIENTS SECONDS MAX_REQUESTS RUN OUT_JSON
 * [urlconnection|jdk-httpclient]}.
 */
public final class LoadTest {
  private static final long WARM_UP_SECONDS = 10;

  private LoadTest() {}

  /** Sends one lookup and returns the HTTP status, the body read to its end. */
  @FunctionalInterface
  private interface Sender {
    int send(URI uri, String token) throws IOException, InterruptedException;
  }

  /** What one client thread saw. */
  private record ClientResult(long[] latencies, int count, long ok, long notFound, long errors) {}

  /** Runs the test; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length != 8 && args.length != 9) {
      throw new IllegalArgumentException(
          "usage: LoadTest PORT TOKEN_FILE PERSONS CLIENTS SECONDS MAX_REQUESTS RUN OUT_JSON"
              + " [urlconnection|jdk-httpclient]");
    }
    int port = Integer.parseInt(args[0]);
    String token = Files.readString(Path.of(args[1])).strip();
    long persons = Long.parseLong(args[2]);
    int clients = Integer.parseInt(args[3]);
    long seconds = Long.parseLong(args[4]);
    long maxRequests = Long.parseLong(args[5]);
    String run = args[6];
    String client = args.length == 9 ? args[8] : "urlconnection";
    Sender http = sender(client);
    // The same load for a while first, unmeasured: the service's first seconds compile its code.
    runClients(
        http,
        port,
        token,
        persons,
        "warmup-" + run,
        clients,
        WARM_UP_SECONDS,
        new AtomicLong(maxRequests));
    AtomicLong budget = new AtomicLong(maxRequests);
    long start = System.nanoTime();
    ClientResult[] results = runClients(http, port, token, persons, run, clients, seconds, budget);
    double elapsed = (System.nanoTime() - start) / 1e9;
    ObjectNode report = report(results, elapsed, clients, run);
    report.put("client", client);
    Files.createDirectories(Path.of(args[7]).toAbsolutePath().getParent());
    Files.writeString(Path.of(args[7]), report.toPrettyString());
    System.out.println(report.toPrettyString());
  }

  /** {@code clients} threads sending lookups for {@code seconds} or until the budget is spent. */
  private static ClientResult[] runClients(
      Sender http,
      int port,
      String token,
      long persons,
      String run,
      int clients,
      long seconds,
      AtomicLong budget)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    int perClient = (int) Math.min(budget.get(), 1 << 20);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<ClientResult>> futures =
          java.util.stream.IntStream.range(0, clients)
              .mapToObj(
                  c ->
                      pool.submit(
                          () ->
                              client(
                                  http, port, token, persons, run, c, deadline, budget, perClient)))
              .toList();
      ClientResult[] results = new ClientResult[clients];
      for (int c = 0; c < clients; c++) {
        results[c] = futures.get(c).get();
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }

  private static ClientResult client(
      Sender http,
      int port,
      String token,
      long persons,
      String run,
      int client,
      long deadline,
      AtomicLong budget,
      int maxPerClient) {
    SplittableRandom random = new SplittableRandom(31L * client + 7);
    long[] latencies = new long[Math.min(maxPerClient, 1 << 20)];
    int count = 0;
    long ok = 0;
    long notFound = 0;
    long errors = 0;
    while (System.nanoTime() < deadline
        && budget.getAndDecrement() > 0
        && count < latencies.length) {
      long n = random.nextLong(persons * 20 / 19 + 1);
      String person = String.format("P%010d", n); // n >= persons: an unknown person
      String purpose = "loadtest " + run + " " + client + "-" + count;
      long t0 = System.nanoTime();
      try {
        int status = http.send(uri(port, person, purpose), token);
        latencies[count++] = System.nanoTime() - t0;
        if (status == 200) {
          ok++;
        } else if (status == 404) {
          notFound++;
        } else {
          errors++;
        }
      } catch (IOException e) {
        latencies[count++] = System.nanoTime() - t0;
        errors++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return new ClientResult(latencies, count, ok, notFound, errors);
  }

  private static URI uri(int port, String person, String purpose) {
    return URI.create(
        "http://127.0.0.1:"
            + port
            + "/v1/scores/"
            + person
            + "?purpose="
            + URLEncoder.encode(purpose, StandardCharsets.UTF_8));
  }

  private static Sender sender(String client) {
    return switch (client) {
      case "urlconnection" -> LoadTest::viaUrlConnection;
      case "jdk-httpclient" -> viaHttpClient();
      default ->
          throw new IllegalArgumentException(
              "unknown client " + client + "; use urlconnection or jdk-httpclient");
    };
  }

  /** Lookups through one JDK {@link HttpClient} shared by every client thread. */
  private static Sender viaHttpClient() {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    return (uri, token) ->
        http.send(
                HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .statusCode();
  }

  /**
   * One lookup through the JDK's blocking HttpURLConnection: the body is read to its end and the
   * stream closed, so that the connection goes back to the JDK's keep-alive cache (sized by {@code
   * http.maxConnections}) for the thread's next request.
   */
  private static int viaUrlConnection(URI uri, String token) throws IOException {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    c.setRequestProperty("Authorization", "Bearer " + token);
    c.setConnectTimeout(10_000);
    c.setReadTimeout(30_000);
    int status = c.getResponseCode();
    try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      if (in != null) {
        in.readAllBytes();
      }
    }
    return status;
  }

  private static ObjectNode report(
      ClientResult[] results, double seconds, int clients, String run) {
    int total = Arrays.stream(results).mapToInt(ClientResult::count).sum();
    long[] all = new long[total];
    int at = 0;
    for (ClientResult r : results) {
      System.arraycopy(r.latencies(), 0, all, at, r.count());
      at += r.count();
    }
    Arrays.sort(all);
    ObjectNode node = new ObjectMapper().createObjectNode();
    node.put("run", run);
    node.put("clients", clients);
    node.put("seconds", Math.round(seconds * 10) / 10.0);
    node.put("requests", total);
    node.put("requests_per_second", Math.round(total / seconds));
    node.put("answered_200", Arrays.stream(results).mapToLong(ClientResult::ok).sum());
    node.put("answered_404", Arrays.stream(results).mapToLong(ClientResult::notFound).sum());
    node.put("errors", Arrays.stream(results).mapToLong(ClientResult::errors).sum());
    node.put("p50_ms", millis(all, 0.50));
    node.put("p99_ms", millis(all, 0.99));
    node.put("p999_ms", millis(all, 0.999));
    node.put("max_ms", total == 0 ? 0 : all[total - 1] / 1e6);
    return node;
  }

  private static double millis(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return Math.round(sorted[Math.max(0, i)] / 1e4) / 100.0;
  }
}
