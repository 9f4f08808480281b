package io.credence.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.EndToEnd;
import io.credence.SparkTestBase;
import io.credence.lookup.SyntheticWarehouse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send half a request and wait (no token needed) cannot hold the request threads: a
 * {@code credence serve} in its own JVM with 2 request threads, the JDK server's request bounds
 * left to the service's defaults, closes 4 such connections after the time to read a request (10
 * s), then answers again.
 */
@EndToEnd
class ServeSlowClientTest extends SparkTestBase {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final int SLOW_CLIENTS = 4;

  @TempDir Path dir;

  @Test
  void halfSentRequestsAreClosedAndTheServiceAnswersAgain() throws Exception {
    String warehouse = SyntheticWarehouse.write(dir.resolve("wh"), 20, 1);
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, "slow sha256:" + ScoreServerTest.hash(ScoreServerTest.TOKEN) + "\n");
    Path log = dir.resolve("serve.log");
    Process serve = serve(warehouse, tokens, log);
    List<Socket> slow = new ArrayList<>();
    try {
      int port = port(serve, log);
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(25_000); // the 10 s bound, a 1 s timer tick and slack
        socket
            .getOutputStream()
            .write(
                "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        slow.add(socket);
      }
      for (Socket socket : slow) {
        assertThat(closedByServer(socket))
            .as("a half-sent request is closed by the server")
            .isTrue();
      }
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/health"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> lookup =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + port
                                  + "/v1/scores/"
                                  + SyntheticWarehouse.person(1)
                                  + "?purpose=slow+client+test"))
                      .header("Authorization", "Bearer " + ScoreServerTest.TOKEN)
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(lookup.statusCode()).isEqualTo(200);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
      serve.destroy();
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.readString(log))
        .as("SIGTERM's last log line, written before Log4j stops")
        .contains("credence serve stopped; 1 audit records folded into lookup_audit");
  }

  /** Whether the server ends the connection before the socket's read timeout. */
  private static boolean closedByServer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // a 400 or any answer before the close is fine; the thread was released
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }

  private Process serve(String warehouse, Path tokens, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-Dlog4j2.configurationFile=scripts/log4j2.properties"); // the launcher's
    command.add("-cp");
    command.add(ServeKillTest.sparkFreeClasspath());
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
            "--threads",
            "2"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static int port(Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
      Matcher m = LISTENING.matcher(Files.readString(log));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the service did not start: " + Files.readString(log));
  }
}
