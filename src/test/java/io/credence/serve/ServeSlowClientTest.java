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
  private static final int SLOW_CLIENTS = 4;

  @TempDir Path dir;

  @Test
  void halfSentRequestsAreClosedAndTheServiceAnswersAgain() throws Exception {
    String warehouse = SyntheticWarehouse.write(dir.resolve("wh"), 20, 1);
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, "slow sha256:" + ScoreServerTest.hash(ScoreServerTest.TOKEN) + "\n");
    Path log = dir.resolve("serve.log");
    Process serve =
        ServeProcess.start(
            List.of("-Xmx256m", "-Dlog4j2.configurationFile=scripts/log4j2.properties"),
            warehouse,
            tokens,
            dir.resolve("journal"),
            List.of("--threads", "2"),
            log);
    List<Socket> slow = new ArrayList<>();
    try {
      int port = ServeProcess.port(serve, log, 0, Duration.ofSeconds(120));
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
      ServeProcess.stop(serve, Duration.ofSeconds(60));
    }
    assertThat(Files.readString(log))
        .as("SIGTERM's last log line, written before Log4j stops")
        .contains("credence serve stopped; 1 audit records folded into lookup_audit at the stop");
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
}
