package io.credence.publish;

import io.credence.error.CredenceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per warehouse: a lock file created with create-if-absent, which is atomic on local and
 * HDFS-like file systems. A lock whose owner process is gone (same host) or that is older than the
 * maximum run time is stale and is taken over.
 */
public final class WarehouseLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WarehouseLock.class);
  static final String FILE = "_credence.lock";

  private final FileSystem fs;
  private final Path path;
  private final boolean createdWarehouse;

  private WarehouseLock(FileSystem fs, Path path, boolean createdWarehouse) {
    this.fs = fs;
    this.path = path;
    this.createdWarehouse = createdWarehouse;
  }

  /** Takes the lock for {@code runId}, or throws exit 4 when a live run holds it. */
  public static WarehouseLock acquire(
      Configuration conf, String warehouse, String runId, Duration maxRunTime) {
    Path path = new Path(warehouse, FILE);
    try {
      FileSystem fs = path.getFileSystem(conf);
      boolean created = !fs.exists(path.getParent());
      fs.mkdirs(path.getParent());
      if (tryCreate(fs, path, runId)) {
        return new WarehouseLock(fs, path, created);
      }
      Properties holder = read(fs, path);
      String stale = staleness(holder, maxRunTime);
      if (stale == null) {
        throw CredenceException.locked(
            "warehouse "
                + warehouse
                + " is locked by run "
                + holder.getProperty("run_id")
                + " (pid "
                + holder.getProperty("pid")
                + " on "
                + holder.getProperty("host")
                + ", since "
                + holder.getProperty("started_at")
                + ")",
            "wait for that run to finish; if it is certainly dead, delete " + path);
      }
      LOG.warn(
          "taking over a stale warehouse lock of run {}: {}", holder.getProperty("run_id"), stale);
      fs.delete(path, false);
      if (!tryCreate(fs, path, runId)) {
        throw CredenceException.locked(
            "another run took the warehouse lock at " + path + " while a stale one was removed",
            "rerun when that run has finished");
      }
      return new WarehouseLock(fs, path, false);
    } catch (IOException e) {
      throw new IllegalStateException("cannot use the warehouse lock at " + path, e);
    }
  }

  private static boolean tryCreate(FileSystem fs, Path path, String runId) throws IOException {
    Properties p = new Properties();
    p.setProperty("run_id", runId);
    p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    p.setProperty("host", hostName());
    p.setProperty("started_at", Instant.now().toString());
    try (OutputStream out = fs.create(path, false)) {
      p.store(out, "credence warehouse lock");
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(path)) {
        return false; // some file systems report an existing file as a plain IOException
      }
      throw e;
    }
  }

  private static Properties read(FileSystem fs, Path path) throws IOException {
    Properties p = new Properties();
    try (InputStream in = fs.open(path)) {
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (java.io.FileNotFoundException e) {
      // released between our create and our read: treat as stale so we retry once
    }
    return p;
  }

  /** Why the lock is stale, or null when its holder may still be running. */
  static String staleness(Properties holder, Duration maxRunTime) {
    String started = holder.getProperty("started_at");
    if (started == null) {
      return "the lock file is empty or unreadable";
    }
    if (Instant.parse(started).plus(maxRunTime).isBefore(Instant.now())) {
      return "it is older than the maximum run time " + maxRunTime;
    }
    if (hostName().equals(holder.getProperty("host"))) {
      long pid = Long.parseLong(holder.getProperty("pid", "-1"));
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        return null;
      }
      return "its process " + pid + " on this host is gone";
    }
    return null;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  @Override
  public void close() {
    try {
      fs.delete(path, false);
      Path warehouse = path.getParent();
      if (createdWarehouse && fs.listStatus(warehouse).length == 0) {
        fs.delete(warehouse, false); // a run that wrote nothing leaves no trace
      }
    } catch (IOException e) {
      LOG.warn("could not remove the warehouse lock {}; the next run will see it as stale", path);
    }
  }
}
