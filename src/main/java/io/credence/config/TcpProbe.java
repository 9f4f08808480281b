package io.credence.config;

import io.credence.error.ErrorText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Whether a server accepts a TCP connection, tried before a command hands the address to a client
 * (Spark's standalone client, S3A) whose own retries would keep an unreachable one silent for
 * minutes. Connects and closes; sends nothing.
 */
public final class TcpProbe {
  private TcpProbe() {}

  /**
   * Null when {@code host}:{@code port} accepts a connection within {@code timeout}, else why not
   * (the first line of the failure's message, or its type when it has none).
   */
  public static String refusal(String host, int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return null;
    } catch (IOException | IllegalArgumentException e) {
      return e.getMessage() == null
          ? e.getClass().getSimpleName()
          : ErrorText.firstLine(e.getMessage());
    }
  }
}
