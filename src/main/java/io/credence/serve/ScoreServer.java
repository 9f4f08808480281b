package io.credence.serve;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.credence.error.ServeErrors;
import io.credence.lookup.AuditTable;
import io.credence.lookup.KernelWarehouse;
import io.credence.privacy.PersonIds;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lookup service: the JDK's HTTP server (HTTPS with a keystore) over a {@link LiveIndex} of
 * scores_current, every answer recorded first in the {@link AuditJournal}.
 *
 * <p>Start: fold what a previous run left in the journal into lookup_audit, load the index, then
 * listen. While running: poll scores_current for a new version and the token file for changes, fold
 * the journal, log a summary of requests. Stop ({@link #close}, also on SIGTERM through the
 * command's shutdown hook): stop accepting, let requests in flight finish (up to the grace period),
 * write out the journal and fold all of it.
 */
public final class ScoreServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScoreServer.class);

  private final ServeSettings settings;
  private final HttpServer http;
  private final ExecutorService requests;
  private final ScheduledExecutorService background;
  private final AuditJournal journal;
  private final JournalFolder folder;
  private final ScoreHandler.Stats stats = new ScoreHandler.Stats();
  private boolean closed;

  private ScoreServer(
      ServeSettings settings,
      HttpServer http,
      ExecutorService requests,
      ScheduledExecutorService background,
      AuditJournal journal,
      JournalFolder folder) {
    this.settings = settings;
    this.http = http;
    this.requests = requests;
    this.background = background;
    this.journal = journal;
    this.folder = folder;
  }

  /** Starts the service; returns once it listens. */
  public static ScoreServer start(
      ServeSettings settings, KernelWarehouse warehouse, PersonIds ids) {
    TokenFile tokens = new TokenFile(settings.tokensFile());
    JournalFolder folder = JournalFolder.open(settings.journalDir(), warehouse, ids);
    AuditJournal journal = folder.journal();
    LiveIndex index;
    HttpServer http;
    try {
      // Before answering anything: lookups the service could never fold would pile up unaudited.
      AuditTable.requireWritable(warehouse, ids);
      int recovered = AuditTable.explained(warehouse, folder::rotateAndFold);
      if (recovered > 0) {
        LOG.info("folded {} audit records left by the previous run into lookup_audit", recovered);
      }
      index = new LiveIndex(warehouse, ids);
      index.refresh();
      http = listen(settings);
    } catch (RuntimeException e) {
      journal.close(); // releases the folder's lock
      throw e;
    }
    ExecutorService requests = Executors.newFixedThreadPool(settings.threads());
    ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
    ScoreServer server = new ScoreServer(settings, http, requests, background, journal, folder);
    http.createContext(
        ScoreHandler.PREFIX, new ScoreHandler(tokens, ids, index, journal, server.stats));
    http.createContext(HealthHandler.PATH, new HealthHandler(index, journal, tokens));
    http.createContext(
        "/",
        exchange -> {
          try (exchange) {
            ScoreHandler.send(exchange, 404, ScoreHandler.noSuchResource());
          }
        });
    http.setExecutor(requests);
    http.start();
    long poll = settings.poll().toMillis();
    long fold = settings.fold().toMillis();
    background.scheduleWithFixedDelay(index::refreshQuietly, poll, poll, TimeUnit.MILLISECONDS);
    background.scheduleWithFixedDelay(tokens::reloadQuietly, poll, poll, TimeUnit.MILLISECONDS);
    background.scheduleWithFixedDelay(folder::foldQuietly, fold, fold, TimeUnit.MILLISECONDS);
    background.scheduleWithFixedDelay(server::logSummary, 60, 60, TimeUnit.SECONDS);
    LOG.info(
        "credence serve listening on {}://{}:{} ({} callers; polling every {} s)",
        settings.keystore() == null ? "http" : "https",
        settings.bind(),
        server.port(),
        tokens.tokens().size(),
        settings.poll().toSeconds());
    return server;
  }

  /** The port the service listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** Stops gracefully: in-flight requests finish, the journal is written out and folded. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("credence serve stopping: finishing requests in flight");
    http.stop((int) Math.max(1, settings.grace().toSeconds()));
    requests.shutdown();
    try {
      requests.awaitTermination(settings.grace().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    finishBackground(background, BACKGROUND_GRACE);
    journal.close();
    int rows = folder.rotateAndFold();
    logSummary();
    LOG.info(
        "credence serve stopped; {} audit records folded into lookup_audit at the stop (those"
            + " answered before the last periodic fold were folded then)",
        rows);
  }

  /** How long a stop waits for a fold, reload or index refresh in progress to finish. */
  static final Duration BACKGROUND_GRACE = Duration.ofSeconds(30);

  /**
   * Stops the periodic tasks and lets one in progress finish (up to {@code grace}) before
   * interrupting it: a fold interrupted mid-commit failed Delta's commit on the interrupted thread
   * 200 times over ("I/O error: null", then MaxCommitRetryLimitReachedException), flooding the log
   * at every stop that came during a fold and leaving an orphan Parquet file in lookup_audit.
   */
  static void finishBackground(ExecutorService background, Duration grace) {
    background.shutdown(); // periodic tasks are cancelled; a running one goes on
    try {
      if (!background.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("a background task did not finish within {}; interrupting it", grace);
        background.shutdownNow();
      }
    } catch (InterruptedException e) {
      background.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void logSummary() {
    long ok = stats.ok.sumThenReset();
    long notFound = stats.notFound.sumThenReset();
    long denied = stats.denied.sumThenReset();
    long bad = stats.bad.sumThenReset();
    long failed = stats.failed.sumThenReset();
    if (ok + notFound + denied + bad + failed > 0) {
      LOG.info(
          "requests since the last summary: {} answered, {} not found, {} without a valid token,"
              + " {} malformed, {} failed",
          ok,
          notFound,
          denied,
          bad,
          failed);
    }
  }

  /**
   * The JDK server's switch for TCP_NODELAY on the connections it accepts, read once when the JVM
   * creates its first server. It is off by default, and then every answer, which the server sends
   * as two writes (headers, then body), waits for the client's delayed acknowledgement of the first
   * (Nagle's algorithm): about 40 ms per request, which capped the load test at 700 lookups/s with
   * the service's CPU mostly idle. An operator's own -D setting wins.
   */
  static final String NO_DELAY = "sun.net.httpserver.nodelay";

  /**
   * The JDK server's bounds on a request, in seconds, read with {@link #NO_DELAY}: the time to read
   * a request's line and headers, and to send its answer. Unset, both are unbounded, and a client
   * that sends half a request (no token needed) holds a request thread for ever: {@code --threads}
   * such clients stopped the service. An answer is a few hundred bytes, so 30 s to send it only
   * ends connections whose client stopped reading. An operator's own -D settings win.
   */
  static final Map<String, String> REQUEST_BOUNDS =
      Map.of("sun.net.httpserver.maxReqTime", "10", "sun.net.httpserver.maxRspTime", "30");

  /** Sets the JDK server's settings the operator left unset in {@code properties}. */
  static void serverDefaults(Properties properties) {
    properties.putIfAbsent(NO_DELAY, "true");
    REQUEST_BOUNDS.forEach(properties::putIfAbsent);
  }

  private static HttpServer listen(ServeSettings settings) {
    serverDefaults(System.getProperties());
    InetSocketAddress address = new InetSocketAddress(settings.bind(), settings.port());
    try {
      if (settings.keystore() == null) {
        return HttpServer.create(address, 0);
      }
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls(settings)));
      return https;
    } catch (IOException e) {
      throw ServeErrors.cannotListen(settings.bind(), settings.port(), e);
    }
  }

  /**
   * The TLS context of the keystore; exit 2 when it cannot be used, saying so when its password is
   * wrong (PKCS12 reports that as a failure to recover its key).
   */
  static SSLContext tls(ServeSettings settings) {
    try (InputStream in = Files.newInputStream(settings.keystore())) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, settings.keystorePassword());
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, settings.keystorePassword());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      if (e instanceof UnrecoverableKeyException
          || e.getCause() instanceof UnrecoverableKeyException) {
        throw ServeErrors.keystorePasswordWrong(
            settings.keystore(), settings.keystorePasswordEnv(), e);
      }
      throw ServeErrors.keystoreUnusable(settings.keystore(), e);
    }
  }
}
