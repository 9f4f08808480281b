package io.credence.spark;

import io.credence.config.ConfigLoader;
import io.credence.config.StorageSettings;
import io.credence.config.TcpProbe;
import io.credence.error.ErrorText;
import io.credence.error.StoreErrors;
import io.credence.error.StoreFailures;
import io.credence.privacy.Redaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession a command uses, with Delta enabled and the driver on loopback. */
public final class SparkSessions {
  private SparkSessions() {}

  /** Where the command's output goes: only a terminal shows Spark's console progress bar. */
  public enum Output {
    TERMINAL,
    REDIRECTED
  }

  private static final String CONSOLE_PROGRESS = "spark.ui.showConsoleProgress";

  /** Partitions of every shuffle; each job sets it from its config for as long as it runs. */
  public static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";

  /**
   * Partitions Delta uses to rebuild a table's state from its log, each time a table is read or
   * written. Delta's default, 50, is sized for tables of millions of files; credence's tables hold
   * thousands at most, and on a small machine the 50 tasks cost 4-6 s per table access (about a
   * third of a 100k-person run). The launcher's short runs pass 1 (scripts/short-run-flags): a
   * small population's tables hold a few hundred files, and a run into an existing warehouse
   * rebuilds each table's state several times. spark-submit's {@code --conf} still wins.
   */
  public static final String DELTA_SNAPSHOT_PARTITIONS =
      "spark.databricks.delta.snapshotPartitions";

  /**
   * Lets adaptive execution coalesce the shuffle partitions of the plans that build the run's
   * caches (Spark's default keeps a cached plan's partitions as planned, so that a query reading
   * the cache may rely on its partitioning). Every later query reads a cache through a one-operator
   * view (CachedRows) that carries the partitioning the cache really has, so nothing relies on the
   * planned one; a small run's caches shrink to a partition or two instead of
   * spark.sql.shuffle.partitions, and every query over them runs that many tasks fewer.
   */
  public static final String COALESCE_CACHED_PARTITIONS =
      "spark.sql.optimizer.canChangeCachedPlanOutputPartitioning";

  /**
   * Generated classes Spark keeps compiled, shared by every query of the JVM. Spark's default, 100,
   * is below what one run generates (about 230 distinct classes on sample-data), so the least
   * recently used are evicted and compiled again: 326 compilations instead of 309 in a cold
   * sample-data run, and when a JVM runs the job again, as the tests do, every class again (316
   * compilations, 5.6 s of a 15.6-s run, against none). spark-submit's {@code --conf} still wins.
   */
  public static final String CODEGEN_CACHE_ENTRIES = "spark.sql.codegen.cache.maxEntries";

  /**
   * The size adaptive execution coalesces shuffle partitions up to. Spark's 64 MB coalesced the 118
   * MB of a 1M-person run's features merge into 3 partitions, and with them the merged cache, the
   * scores' layout, the features' write and the monitoring join ran 3 tasks each: on two cores, two
   * rounds, one of them half idle. At 16 MB those keep the 8 partitions planned. A small run's
   * shuffles still shrink to a partition or two: Spark's target is the smaller of this size and the
   * shuffle's bytes over the cores' count, and at least 1 MB. spark-submit's {@code --conf} still
   * wins; the benchmark measures the effect (docs/benchmark.md).
   */
  public static final String ADVISORY_PARTITION_SIZE =
      "spark.sql.adaptive.advisoryPartitionSizeInBytes";

  /**
   * Files a task of a partitioned write may keep open at once. A run writes one snapshot_date
   * partition of each table, and with Spark's default (0) every task of such a write first sorted
   * its rows by that one value: a 1M-person run's snapshot, features and quarantine writes sorted
   * every row they wrote (100 MB of sort memory per task of the snapshot's; docs/benchmark-log.md,
   * seventeenth session). With 2 a task writes its rows in the order they come into the file of
   * their partition value. Spark falls back to sorting a task's remaining rows once it has opened
   * this many files, so 1 would still sort everything after the first row; with 2 a task that meets
   * a second value sorts from there, with at most three files open (two kept, one current) against
   * one for a sorting writer. spark-submit's {@code --conf} still wins.
   */
  public static final String CONCURRENT_OUTPUT_WRITERS = "spark.sql.maxConcurrentOutputFileWriters";

  /** The prefix that passes a setting to Hadoop's configuration. */
  private static final String HADOOP = "spark.hadoop.";

  /**
   * The folder of Spark's own catalog. credence reads and writes its tables by path and never
   * stores a table there, but Spark creates the folder when the catalog is first used: by default
   * an empty {@code spark-warehouse/} wherever credence was started, beside the real warehouse.
   */
  static final String CATALOG_DIR = "spark.sql.warehouse.dir";

  /** Delta's (internal) setting that makes OPTIMIZE's clustering sort within each file. */
  public static final String MDC_SORT_WITHIN_FILES =
      "spark.databricks.io.skipping.mdc.sortWithinFiles";

  /**
   * The value of {@code spark.ui.showConsoleProgress}: what spark-submit was told ({@code
   * requested}, may be null), else on for a terminal and off for redirected output, where the bar's
   * carriage returns would litter logs.
   */
  static String consoleProgress(Output output, String requested) {
    if (requested != null) {
      return requested;
    }
    return output == Output.TERMINAL ? "true" : "false";
  }

  /**
   * As {@link #getOrCreate(String, String, Output, Duration)}, with the built-in default of {@code
   * spark.executor_wait_minutes}.
   */
  public static SparkSession getOrCreate(String appName, String defaultMaster, Output output) {
    return getOrCreate(
        appName,
        defaultMaster,
        output,
        ConfigLoader.load(null, java.util.Map.of()).config().spark().executorWait());
  }

  /**
   * Returns the active session or creates one. {@code master} is used only when spark-submit did
   * not set {@code spark.master} already (a local run from the launcher); {@code output} decides
   * Spark's console progress bar. On a cluster master, jobs that wait {@code executorWait} with no
   * live executor are cancelled and the command fails (see {@link ExecutorWait}; zero: no bound).
   */
  public static SparkSession getOrCreate(
      String appName, String defaultMaster, Output output, Duration executorWait) {
    SparkSession session = activeOrNew(appName, defaultMaster, output);
    ExecutorWatch.install(session.sparkContext(), executorWait);
    return session;
  }

  private static SparkSession activeOrNew(String appName, String defaultMaster, Output output) {
    scala.Option<SparkSession> active = SparkSession.getDefaultSession();
    if (active.isDefined()) {
      return active.get();
    }
    String submitted = System.getProperty("spark.master");
    String master = submitted != null ? submitted : defaultMaster;
    requireReachableMaster(master, MASTER_CONNECT_TIMEOUT);
    try {
      return builder(appName, defaultMaster, output).getOrCreate();
    } catch (Exception e) { // SparkException is checked in Java's eyes but thrown unchecked
      throw startFailure(e, submitted, defaultMaster);
    }
  }

  /**
   * How long the check before a session on a {@code spark://} master waits for a TCP connection to
   * each master: a master that answers at all answers in milliseconds, while Spark's own client
   * retries its registration for about a minute before it gives up.
   */
  public static final Duration MASTER_CONNECT_TIMEOUT = Duration.ofSeconds(3);

  /**
   * Exit 2 naming the masters when {@code master} is a standalone cluster's {@code
   * spark://HOST:PORT[,HOST:PORT...]} and none of them accepts a TCP connection within {@code
   * timeout}, before any SparkContext starts; other masters, and a URL Spark will refuse anyway,
   * pass.
   */
  static void requireReachableMaster(String master, Duration timeout) {
    if (master == null || !master.startsWith(STANDALONE)) {
      return;
    }
    List<String> refused = new ArrayList<>();
    for (String hostPort : master.substring(STANDALONE.length()).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      int port;
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        return; // Spark's own parser says what is wrong with the URL
      }
      String host = hostPort.substring(0, Math.max(colon, 0));
      String refusal = TcpProbe.refusal(host, port, timeout);
      if (refusal == null) {
        return; // one live master is enough: the others may be standbys
      }
      refused.add(host + ":" + port + " (" + refusal + ")");
    }
    throw StoreErrors.masterUnreachable(master, String.join(", ", refused), timeout);
  }

  private static final String STANDALONE = "spark://";

  /** A new empty folder for Spark's catalog, removed when the JVM exits (it stays empty). */
  private static String emptyCatalogDir() {
    try {
      Path dir = Files.createTempDirectory("credence-spark-catalog-");
      dir.toFile().deleteOnExit();
      return dir.toUri().toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder for Spark's catalog", e);
    }
  }

  /**
   * Why a session did not start: a master URL Spark cannot parse, a driver or executor memory below
   * Spark's minimum, or a standalone master that never took the application, is the user's (exit
   * 2). {@code submitted} is the master spark-submit set ({@code spark.master}; null when none),
   * which wins over credence's {@code --master} ({@code option}); the message names the one that
   * was used.
   */
  static RuntimeException startFailure(Exception e, String submitted, String option) {
    String master = submitted != null ? submitted : option;
    String message = ErrorText.firstLine(e.getMessage());
    if (message.startsWith("Could not parse Master URL")
        || message.startsWith("Invalid master URL") // spark://HOST without its port
        || message.startsWith("Asked to run locally with")) { // local[0]
      return submitted != null
          ? StoreErrors.submittedMasterUnparsable(submitted, message)
          : StoreErrors.masterUnparsable(option, message);
    }
    // Spark's memory manager refuses a heap below its 450 MB minimum as the context starts.
    if (message.startsWith("[" + DRIVER_MEMORY_TOO_SMALL + "]")) {
      return StoreErrors.driverMemoryTooSmall(message, e);
    }
    if (message.startsWith("[" + EXECUTOR_MEMORY_TOO_SMALL + "]")) {
      return StoreErrors.executorMemoryTooSmall(message, e);
    }
    // A standalone master that never registers the application: Spark logs "All masters are
    // unresponsive" and stops the context, and the session's start fails on the stopped context.
    if (StoreFailures.mastersUnresponsive(e)
        || master != null
            && master.startsWith(STANDALONE)
            && message.startsWith("Cannot call methods on a stopped SparkContext")) {
      return StoreErrors.masterUnresponsive(master, e);
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  /** Spark's error condition for a driver heap below its minimum. */
  private static final String DRIVER_MEMORY_TOO_SMALL = "INVALID_DRIVER_MEMORY";

  /** Spark's error condition for spark.executor.memory below its minimum. */
  private static final String EXECUTOR_MEMORY_TOO_SMALL = "INVALID_EXECUTOR_MEMORY";

  /**
   * A session builder with every setting credence runs with; {@link #getOrCreate} uses it, and the
   * tests add their overrides (fewer partitions, no UI) to it.
   */
  public static SparkSession.Builder builder(String appName, String defaultMaster, Output output) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    // spark-submit passes its settings as system properties; they win over these defaults.
    if (System.getProperty("spark.master") == null) {
      builder.master(defaultMaster);
    }
    if (System.getProperty("spark.driver.host") == null) {
      builder.config("spark.driver.host", "127.0.0.1");
    }
    if (System.getProperty(StorageSettings.SPARK_S3A_LOG_STORE) == null) {
      // s3a:// tables commit with conditional writes (see ConditionalPutLogStore).
      builder.config(StorageSettings.SPARK_S3A_LOG_STORE, StorageSettings.CONDITIONAL_LOG_STORE);
    }
    if (System.getProperty(DELTA_SNAPSHOT_PARTITIONS) == null) {
      builder.config(DELTA_SNAPSHOT_PARTITIONS, "4");
    }
    if (System.getProperty(CODEGEN_CACHE_ENTRIES) == null) {
      builder.config(CODEGEN_CACHE_ENTRIES, "2000");
    }
    if (System.getProperty(ADVISORY_PARTITION_SIZE) == null) {
      builder.config(ADVISORY_PARTITION_SIZE, "16m");
    }
    if (System.getProperty(CONCURRENT_OUTPUT_WRITERS) == null) {
      builder.config(CONCURRENT_OUTPUT_WRITERS, "2");
    }
    if (System.getProperty(CATALOG_DIR) == null) {
      builder.config(CATALOG_DIR, emptyCatalogDir());
    }
    // Local files without a process per created file and per permission read (LocalFileSystems),
    // where every JVM that runs tasks can load them.
    String master = System.getProperty("spark.master", defaultMaster);
    if (LocalFileSystems.usableWith(master, ClassLoader.getSystemClassLoader())) {
      if (System.getProperty(HADOOP + LocalFileSystems.FILE_SYSTEM_KEY) == null) {
        builder.config(
            HADOOP + LocalFileSystems.FILE_SYSTEM_KEY,
            LocalFileSystems.Checksummed.class.getName());
      }
      if (System.getProperty(HADOOP + LocalFileSystems.CONTEXT_KEY) == null) {
        builder.config(
            HADOOP + LocalFileSystems.CONTEXT_KEY, LocalFileSystems.Context.class.getName());
      }
    }
    return builder
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config(SHUFFLE_PARTITIONS, "8")
        .config(CONSOLE_PROGRESS, consoleProgress(output, System.getProperty(CONSOLE_PROGRESS)))
        // A 20-feature scorecard compiles to one ~16 KB method; the JIT skips methods over 8000
        // bytes unless Spark splits them, which made scoring ten times slower.
        .config("spark.sql.codegen.hugeMethodLimit", "8000")
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .config(COALESCE_CACHED_PARTITIONS, "true")
        // OPTIMIZE of the liquid-clustered scores_current then sorts each file by the clustering
        // key (Delta's default only range-partitions, leaving a file as a concatenation of sorted
        // runs), so that the Parquet page index lets a Spark-free lookup decode one page of the
        // file instead of most of it.
        .config(MDC_SORT_WITHIN_FILES, "true")
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        // Hide the pseudonym key's variable wherever Spark shows settings (UI, event log).
        .config("spark.redaction.regex", Redaction.REGEX);
  }
}
