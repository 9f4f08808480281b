package io.credence;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A real S3-compatible server for tests: S3Proxy (org.gaul:s3proxy, copied to target/s3proxy by
 * Maven) with its file-system backend, in a JVM of its own, bound to 127.0.0.1 on a free port, with
 * a fixed test identity. Buckets are folders under {@code dir}; objects are written through the S3
 * API (S3A), so they carry the ETags S3A checks. {@link #close} stops the process it started.
 */
public final class S3ProxyServer implements AutoCloseable {
  /** The test identity's access key and secret (S3Proxy's, not a real credential). */
  public static final String ACCESS_KEY = "credence-test";

  public static final String SECRET_KEY = "credence-test-secret";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path dir;
  private final int port;

  private S3ProxyServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Starts S3Proxy with its buckets under {@code dir}; waits until it accepts connections. */
  public static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
    Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run the tests through Maven");
    }
    Path buckets = Files.createDirectories(dir.resolve("buckets"));
    int port = freePort();
    Path properties = dir.resolve("s3proxy.properties");
    Files.write(
        properties,
        List.of(
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + buckets));
    Process process =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                // The quick C1 compiler and the serial collector: the store lives a minute or two,
                // too short for C2's compilations to pay for themselves (ObjectStoreTest alone:
                // 92 s against 99-101 s).
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                jar.toString(),
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("s3proxy.log").toFile())
            .start();
    S3ProxyServer server = new S3ProxyServer(process, buckets, port);
    server.awaitStarted();
    return server;
  }

  /** The endpoint URL, e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Creates a bucket (a folder of the backend; S3A never creates buckets). */
  public void bucket(String name) throws IOException {
    Files.createDirectories(dir.resolve(name));
  }

  /**
   * Sets {@code conf} up to reach this server with the test identity: endpoint, path-style access,
   * a region for signing, credentials, and few retries so that failures show quickly.
   */
  public void configure(Configuration conf) {
    conf.set("fs.s3a.endpoint", endpoint());
    conf.set("fs.s3a.path.style.access", "true");
    conf.set("fs.s3a.endpoint.region", "us-east-1");
    conf.set("fs.s3a.access.key", ACCESS_KEY);
    conf.set("fs.s3a.secret.key", SECRET_KEY);
    fewRetries(conf);
  }

  /** Makes S3A give up after one attempt and a two-second connect timeout. */
  public static void fewRetries(Configuration conf) {
    conf.set("fs.s3a.retry.limit", "1");
    conf.set("fs.s3a.attempts.maximum", "1");
    conf.set("fs.s3a.connection.establish.timeout", "2s");
    conf.set("fs.s3a.retry.interval", "10ms");
  }

  /** Copies the local folder {@code from} to {@code to} (an s3a:// URI) through S3A. */
  public static void upload(Path from, String to, Configuration conf) throws IOException {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(to);
    FileSystem fs = target.getFileSystem(conf);
    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(from.toUri()), target);
  }

  private void awaitStarted() throws InterruptedException, IOException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "S3Proxy exited with " + process.exitValue() + "; see its log beside " + dir);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    close();
    throw new IOException("S3Proxy did not accept connections within " + START_TIMEOUT);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
