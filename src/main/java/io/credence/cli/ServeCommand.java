package io.credence.cli;

import io.credence.config.ConfigLoader;
import io.credence.config.PrivacyConfig;
import io.credence.error.ServeErrors;
import io.credence.error.WarehouseErrors;
import io.credence.lookup.KernelWarehouse;
import io.credence.lookup.KeyCheck;
import io.credence.lookup.WarehouseTable;
import io.credence.privacy.PersonIds;
import io.credence.serve.ScoreServer;
import io.credence.serve.ServeSettings;
import io.delta.kernel.Snapshot;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the authenticated HTTP lookup service over the warehouse until stopped (SIGTERM). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serves GET /v1/scores/{person_id}?purpose=... (JSON) and GET /v1/health over HTTP, or"
            + " HTTPS with --keystore, for decision systems. Callers authenticate with bearer"
            + " tokens from --tokens; every answered lookup is fsync'd to a local journal before"
            + " it is answered and folded into lookup_audit. Picks up new versions of"
            + " scores_current (nightly runs, erasures) without a restart. Runs without Spark.")
final class ServeCommand implements Callable<Integer> {
  @Mixin JobOptions job;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only).")
  String bind;

  @Option(
      names = "--port",
      defaultValue = "8780",
      description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one and prints it).")
  int port;

  @Option(
      names = "--tokens",
      required = true,
      paramLabel = "FILE",
      description = "Bearer tokens: `NAME sha256:HEX` lines (see docs/lookup-service.md).")
  Path tokens;

  @Option(
      names = "--keystore",
      paramLabel = "FILE",
      description = "PKCS12 keystore with the server's key and certificate: serve HTTPS.")
  Path keystore;

  @Option(
      names = "--keystore-password-env",
      defaultValue = "CREDENCE_KEYSTORE_PASSWORD",
      paramLabel = "NAME",
      description =
          "Environment variable holding the keystore's password (default ${DEFAULT-VALUE}).")
  String keystorePasswordEnv;

  @Option(
      names = "--journal",
      defaultValue = "serve-journal",
      paramLabel = "DIR",
      description =
          "Local folder of the audit journal (default ${DEFAULT-VALUE}); one per service.")
  Path journal;

  @Option(
      names = "--poll-seconds",
      defaultValue = "30",
      description =
          "How often to look for a new scores_current version (default ${DEFAULT-VALUE}).")
  int pollSeconds;

  @Option(
      names = "--fold-seconds",
      defaultValue = "10",
      description = "How often to fold the journal into lookup_audit (default ${DEFAULT-VALUE}).")
  int foldSeconds;

  @Option(
      names = "--threads",
      defaultValue = "32",
      description = "Request threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (pollSeconds < 1 || foldSeconds < 1 || threads < 1) {
      throw ServeErrors.intervalsNotPositive();
    }
    if (port < 0 || port > 65_535) {
      throw ServeErrors.portOutOfRange(port);
    }
    if (keystore == null && !loopback(bind)) {
      throw ServeErrors.plainHttpOffLoopback(bind);
    }
    ConfigLoader.Loaded loaded = job.load();
    String warehouse = loaded.config().warehouse();
    PrivacyConfig privacy = loaded.config().privacy();
    KernelWarehouse tables =
        KernelWarehouse.open(warehouse, KernelWarehouse.prepare(), loaded.config().storage());
    Snapshot current =
        tables
            .reading(
                WarehouseTable.SCORES_CURRENT, () -> tables.latest(WarehouseTable.SCORES_CURRENT))
            .orElseThrow(() -> WarehouseErrors.nothingToServe(warehouse));
    PersonIds ids = PseudonymKeys.forMode(KeyCheck.mode(current.getTableProperties()), privacy);
    KeyCheck.requireSameKey(current.getTableProperties(), ids, "scores_current");
    ScoreServer server = ScoreServer.start(settings(), tables, ids);
    spec.commandLine()
        .getOut()
        .printf("credence serve: listening on %s:%d%n", bind, server.port())
        .flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } finally {
                    LogManager.shutdown(); // after the stop's last line (see logUntilStopped)
                    stopped.countDown();
                  }
                },
                "credence-serve-shutdown"));
    stopped.await();
    return 0;
  }

  /** Log4j's switch for its own shutdown hook (also read under its older name, log4j.…). */
  static final String LOG4J_SHUTDOWN_HOOK = "log4j2.shutdownHookEnabled";

  /**
   * Turns off Log4j's own shutdown hook unless the operator set it: it runs alongside the service's
   * hook and stopped the logging while the service was still stopping, so the stop's last line (the
   * records folded) never appeared. The service's hook shuts Log4j down itself, last. Call before
   * anything logs: Log4j reads the switch when it starts.
   */
  static void logUntilStopped() {
    if (System.getProperty(LOG4J_SHUTDOWN_HOOK) == null
        && System.getProperty("log4j.shutdownHookEnabled") == null) {
      System.setProperty(LOG4J_SHUTDOWN_HOOK, "false");
    }
  }

  /**
   * Whether every address {@code bind} names is a loopback address (127.0.0.0/8, ::1); false for
   * the wildcard (0.0.0.0, ::). A name that does not resolve is let through: listening on it fails
   * with its own message.
   */
  static boolean loopback(String bind) {
    try {
      InetAddress[] addresses = InetAddress.getAllByName(bind);
      return Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      return true; // not refused here: listening on it fails with its own message
    }
  }

  private ServeSettings settings() {
    char[] password = null;
    if (keystore != null) {
      String value = System.getenv(keystorePasswordEnv);
      if (value == null) {
        throw ServeErrors.keystorePasswordUnset(keystorePasswordEnv);
      }
      password = value.toCharArray();
    }
    return new ServeSettings(
        bind,
        port,
        tokens,
        keystore,
        password,
        keystore == null ? null : keystorePasswordEnv,
        journal,
        Duration.ofSeconds(pollSeconds),
        Duration.ofSeconds(foldSeconds),
        threads,
        // The JDK 17 server waits this long on stop even when idle (fixed in JDK 21).
        Duration.ofSeconds(2));
  }
}
