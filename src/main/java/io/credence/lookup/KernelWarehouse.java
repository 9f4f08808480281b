package io.credence.lookup;

import io.credence.config.S3aEndpoint;
import io.credence.config.StorageConfig;
import io.credence.config.StorageSettings;
import io.credence.error.CredenceException;
import io.credence.error.ServeErrors;
import io.credence.error.StoreFailures;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.KernelEngineException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.parquet.ParquetRuntimeException;

/**
 * The warehouse's Delta tables opened with Delta Kernel, the Delta project's reader and writer
 * library that needs no Spark: one engine (Kernel's default, on Hadoop's file systems, so local
 * paths, HDFS and s3a:// all work) and a table's latest snapshot.
 */
public final class KernelWarehouse {
  private static final String SCAN_LOGGER = "io.delta.kernel.internal.ScanImpl";

  private final Configuration hadoopConf;
  private final Engine engine;
  private final String root;

  private KernelWarehouse(Configuration hadoopConf, Engine engine, String root) {
    this.hadoopConf = hadoopConf;
    this.engine = engine;
    this.root = root;
  }

  /** Opens the warehouse at {@code warehouse} (relative paths resolve against the working dir). */
  public static KernelWarehouse open(String warehouse) {
    return open(warehouse, prepare());
  }

  /**
   * Opens the warehouse with an engine {@link #prepare()} started earlier: a command starts it
   * first and reads its configuration meanwhile, as the engine's start (Hadoop's configuration and
   * file systems, the logging) is a few hundred milliseconds of a cold lookup.
   */
  public static KernelWarehouse open(String warehouse, CompletableFuture<Prepared> prepared) {
    return open(warehouse, prepared, null);
  }

  /**
   * As above, with the job config's {@code storage} settings (S3A endpoint, addressing, region)
   * applied to the engine's Hadoop configuration before the warehouse is first reached; the S3A
   * endpoint of a warehouse on {@code s3a://} must accept a connection (exit 2 in seconds, where
   * S3A retries for minutes).
   */
  public static KernelWarehouse open(
      String warehouse, CompletableFuture<Prepared> prepared, StorageConfig storage) {
    Prepared p = prepared.join();
    if (storage != null) {
      StorageSettings.apply(p.conf(), key -> null, storage);
    }
    S3aEndpoint.requireReachable(p.conf(), List.of(warehouse), S3aEndpoint.CONNECT_TIMEOUT);
    try {
      return new KernelWarehouse(
          p.conf(), p.engine(), p.engine().getFileSystemClient().resolvePath(warehouse));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve the warehouse path " + warehouse, e);
    }
  }

  /** A started engine with its Hadoop configuration. */
  public record Prepared(Configuration conf, Engine engine) {}

  /** Starts an engine on a daemon thread. */
  public static CompletableFuture<Prepared> prepare() {
    CompletableFuture<Prepared> prepared = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                prepared.complete(start());
              } catch (RuntimeException | Error e) {
                prepared.completeExceptionally(e);
              }
            },
            "kernel-engine-start");
    thread.setDaemon(true);
    thread.start();
    return prepared;
  }

  private static Prepared start() {
    // Kernel logs a scan's data-skipping filter at INFO, and a lookup's filter holds the person's
    // id: that logger stays at WARN whatever the logging configuration says.
    Configurator.setLevel(SCAN_LOGGER, Level.WARN);
    Configuration conf = new Configuration();
    LocalFiles.use(conf);
    conf.set(StorageSettings.KERNEL_S3A_LOG_STORE, StorageSettings.CONDITIONAL_LOG_STORE);
    Engine engine = DefaultEngine.create(conf);
    try {
      engine.getFileSystemClient().resolvePath("."); // loads Hadoop's file systems
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Hadoop's local file system", e);
    }
    return new Prepared(conf, engine);
  }

  /** Kernel's engine: file system, Parquet and JSON handlers. */
  public Engine engine() {
    return engine;
  }

  /** The Hadoop configuration the engine's file systems use. */
  public Configuration hadoopConf() {
    return hadoopConf;
  }

  /** The fully qualified warehouse root, e.g. {@code file:/srv/warehouse}. */
  public String root() {
    return root;
  }

  /** The fully qualified location of {@code table}. */
  public String path(WarehouseTable table) {
    return table.path(root);
  }

  /** The newest version of {@code table}, or empty when the table does not exist (yet). */
  public Optional<Snapshot> latest(WarehouseTable table) {
    try {
      return Optional.of(TableManager.loadSnapshot(path(table)).build(engine));
    } catch (TableNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Runs {@code read}, a read of {@code table}, and returns what it returns. A table whose log or
   * files cannot be read (damaged, cut short, removed, not readable) exits 2 naming the table
   * ({@link ServeErrors#tableUnreadable}) instead of an unexpected failure with Kernel's stack
   * trace; an object store's failure exits as {@link StoreFailures} says. parquet-mr's own failures
   * count too: Kernel wraps only the IOExceptions of its Parquet reader, and a cut-short or corrupt
   * file is reported with a plain RuntimeException ("is not a Parquet file") or a
   * ParquetDecodingException.
   */
  public <T> T reading(WarehouseTable table, Supplier<T> read) {
    try {
      return read.get();
    } catch (KernelException
        | KernelEngineException
        | UncheckedIOException
        | ParquetRuntimeException e) {
      throw unreadable(table, e);
    } catch (RuntimeException e) {
      if (e.getClass() != RuntimeException.class) {
        throw e; // this project's own checks (an index that cannot hold the table) keep their text
      }
      throw unreadable(table, e);
    }
  }

  private CredenceException unreadable(WarehouseTable table, RuntimeException e) {
    CredenceException store = StoreFailures.explain(e);
    return store != null ? store : ServeErrors.tableUnreadable(table.tableName(), path(table), e);
  }

  /** {@code table} at {@code version}. */
  public Snapshot at(WarehouseTable table, long version) {
    return TableManager.loadSnapshot(path(table)).atVersion(version).build(engine);
  }
}
