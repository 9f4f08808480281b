package io.credence.publish;

import io.credence.config.StorageConfig.WarehouseLockMode;
import io.credence.config.StorageSettings;
import io.credence.error.CredenceException;
import io.credence.error.ErrorText;
import io.credence.error.StoreFailures;
import io.credence.error.WarehouseErrors;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per warehouse: the file {@value #FILE}, created only if absent and with its whole
 * content in one atomic step (see {@link LockFiles}), naming its holder and a unique token. A lock
 * whose owner process is gone (same host) or that is older than the maximum run time is stale and
 * is taken over. Takeovers and releases remove the file only under a guard file and only when it is
 * still the file they judged (the stale one, or their own), so neither can remove another run's
 * fresh lock.
 */
public final class WarehouseLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WarehouseLock.class);

  /** The start of an erasure's run id: a stale lock of one tells that an erasure was cut short. */
  private static final String ERASURE_RUN = "erase-";

  static final String FILE = "_credence.lock";

  /** Serializes removals of {@link #FILE}; see {@link #underGuard}. */
  static final String GUARD = "_credence.lock.guard";

  /** A guard is held for milliseconds: one older than this was left by a dead run. */
  private static final Duration GUARD_MAX_AGE = Duration.ofMinutes(1);

  /** How much later than the lock's started_at its holder's start may read (whole seconds). */
  private static final Duration START_SLACK = Duration.ofSeconds(2);

  /** How long to wait for another run's guard before giving up with exit 4. */
  private static final Duration GUARD_WAIT = Duration.ofSeconds(30);

  /** Tries before giving up when the lock keeps changing hands under us (stale takeovers). */
  private static final int ATTEMPTS = 10;

  private final LockFiles files;
  private final Holder mine;
  private final boolean createdWarehouse;

  private WarehouseLock(LockFiles files, Holder mine, boolean createdWarehouse) {
    this.files = files;
    this.mine = mine;
    this.createdWarehouse = createdWarehouse;
  }

  /** The run id of an erasure started at {@code at}. */
  public static String erasureRunId(Instant at) {
    return ERASURE_RUN + at.toEpochMilli();
  }

  /**
   * Takes the lock for {@code runId}; throws exit 4 when a live run holds it, exit 2 when the lock
   * file is unreadable, the store cannot be reached, or it has no atomic create and the mode in
   * {@code conf} ({@link StorageSettings#LOCK_MODE}) is exclusive.
   */
  public static WarehouseLock acquire(
      Configuration conf, String warehouse, String runId, Duration maxRunTime) {
    Holder mine = Holder.create(runId);
    try {
      LockFiles files = LockFiles.of(conf, warehouse, mode(conf));
      boolean created = false;
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        created |= files.ensureFolder();
        if (tryCreate(files, mine)) {
          return new WarehouseLock(files, mine, created);
        }
        byte[] seen = files.read(FILE);
        if (seen == null) {
          continue; // released between our create and our read
        }
        Holder holder = Holder.parse(seen, files.where(FILE));
        String stale = holder.staleness(maxRunTime);
        if (stale == null) {
          throw lockedBy(holder, warehouse, files.where(FILE));
        }
        LOG.warn("taking over a stale warehouse lock of run {}: {}", holder.runId, stale);
        if (holder.runId.startsWith(ERASURE_RUN)) {
          LOG.warn(
              "an erasure was interrupted (run {}): its person is kept out of runs, but rows of"
                  + " them may remain; run erase again for the same person to finish it",
              holder.runId);
        }
        try {
          underGuard(
              files,
              runId,
              () -> {
                if (Arrays.equals(files.read(FILE), seen)) {
                  files.delete(FILE);
                }
              });
        } catch (java.nio.file.NoSuchFileException e) {
          // the folder was removed, empty, meanwhile: the lock is free, try again
        }
      }
      throw WarehouseErrors.lockContended(files.where(FILE), ATTEMPTS);
    } catch (IOException e) {
      CredenceException store = StoreFailures.explain(e);
      if (store != null) {
        throw store;
      }
      String unusable = folderProblem(e);
      if (unusable != null) {
        throw WarehouseErrors.warehouseUnusable(warehouse, unusable, e);
      }
      throw new IllegalStateException("cannot use the warehouse lock of " + warehouse, e);
    }
  }

  /**
   * What keeps the warehouse from being a writable folder, when {@code e} says so: a file where the
   * folder or a parent should be, or denied permission; null for any other failure.
   */
  private static String folderProblem(IOException e) {
    if (e instanceof java.nio.file.FileSystemException f) {
      String reason = f.getReason() != null ? f.getReason() : reasonOf(f);
      return reason == null ? null : f.getFile() + ": " + reason;
    }
    if (e instanceof org.apache.hadoop.fs.FileAlreadyExistsException
        || e instanceof org.apache.hadoop.fs.ParentNotDirectoryException
        || e instanceof org.apache.hadoop.security.AccessControlException) {
      return ErrorText.firstLine(e.getMessage());
    }
    return null;
  }

  /** What the type of {@code f}, which gives no reason of its own, says; null for others. */
  private static String reasonOf(java.nio.file.FileSystemException f) {
    if (f instanceof java.nio.file.FileAlreadyExistsException) {
      return "a file of that name exists and is not a folder";
    }
    if (f instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (f instanceof java.nio.file.NotDirectoryException) {
      return "not a folder";
    }
    return null;
  }

  private static WarehouseLockMode mode(Configuration conf) {
    String mode = conf.getTrimmed(StorageSettings.LOCK_MODE, WarehouseLockMode.EXCLUSIVE.yaml());
    for (WarehouseLockMode m : WarehouseLockMode.values()) {
      if (m.yaml().equals(mode)) {
        return m;
      }
    }
    throw WarehouseErrors.unknownLockMode(StorageSettings.LOCK_MODE, mode);
  }

  private static boolean tryCreate(LockFiles files, Holder mine) throws IOException {
    try {
      return files.createIfAbsent(FILE, mine.bytes(), mine.token);
    } catch (java.nio.file.NoSuchFileException e) {
      return false; // a run that created the folder removed it, empty, as it ended: try again
    }
  }

  private static CredenceException lockedBy(Holder holder, String warehouse, String where) {
    return WarehouseErrors.lockedBy(
        warehouse, holder.runId, holder.pid, holder.host, holder.startedAt, where);
  }

  /**
   * Runs {@code action} while holding the guard file {@value #GUARD}, which serializes every
   * removal of the lock file (takeovers and releases): under it a remover re-reads the lock and
   * removes it only if it is still the file it judged. The guard is held for milliseconds; one left
   * by a dead process (same host) or older than {@link #GUARD_MAX_AGE} is removed like a stale
   * lock.
   */
  private static void underGuard(LockFiles files, String runId, IoAction action)
      throws IOException {
    Instant deadline = Instant.now().plus(GUARD_WAIT);
    while (true) {
      Holder guard = Holder.create(runId);
      if (files.createIfAbsent(GUARD, guard.bytes(), guard.token)) {
        try {
          action.run();
        } finally {
          if (Arrays.equals(files.read(GUARD), guard.bytes())) {
            files.delete(GUARD);
          }
        }
        return;
      }
      byte[] seen = files.read(GUARD);
      if (seen != null && Holder.parse(seen, files.where(GUARD)).staleness(GUARD_MAX_AGE) != null) {
        files.removeStale(GUARD, seen, "stale-" + guard.token); // then try again
      }
      if (Instant.now().isAfter(deadline)) {
        throw WarehouseErrors.guardHeld(files.where(GUARD), GUARD_WAIT);
      }
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the warehouse lock", e);
    }
  }

  /** An action on the lock files. */
  private interface IoAction {
    void run() throws IOException;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  /** Releases the lock if this run still holds it; a lock taken over as stale is left alone. */
  @Override
  public void close() {
    try {
      underGuard(
          files,
          mine.runId,
          () -> {
            byte[] now = files.read(FILE);
            if (Arrays.equals(now, mine.bytes())) {
              files.delete(FILE);
            } else {
              LOG.warn(
                  "the warehouse lock {} is not run {}'s any more (taken over as stale); left as is",
                  files.where(FILE),
                  mine.runId);
            }
          });
      if (createdWarehouse) {
        files.deleteFolderIfEmpty(); // a run that wrote nothing leaves no trace
      }
    } catch (IOException | CredenceException e) {
      LOG.warn(
          "could not release the warehouse lock {} ({}); the next run will see it as stale",
          files.where(FILE),
          e.getMessage());
    }
  }

  /** What a lock file says: who holds the warehouse, since when, and the lock's unique token. */
  private record Holder(
      String token, String runId, long pid, String host, Instant startedAt, byte[] bytes) {
    static Holder create(String runId) {
      Properties p = new Properties();
      p.setProperty("token", UUID.randomUUID().toString());
      p.setProperty("run_id", runId);
      p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
      p.setProperty("host", hostName());
      p.setProperty("started_at", Instant.now().toString());
      StringWriter text = new StringWriter();
      try {
        p.store(text, "credence warehouse lock");
      } catch (IOException e) {
        throw new IllegalStateException(e); // a StringWriter does not fail
      }
      Holder parsed = of(p, "lock");
      return new Holder(
          parsed.token,
          parsed.runId,
          parsed.pid,
          parsed.host,
          parsed.startedAt,
          text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a lock file; exit 2 naming the file when it is not a lock file credence wrote. */
    static Holder parse(byte[] bytes, String where) {
      Properties p = new Properties();
      try {
        p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        Holder h = of(p, where);
        return new Holder(h.token, h.runId, h.pid, h.host, h.startedAt, bytes);
      } catch (IOException | IllegalArgumentException e) {
        throw WarehouseErrors.lockFileCorrupt(where, e.getMessage(), e);
      }
    }

    /** A lock's fields; files from before tokens existed have none and are still honoured. */
    static Holder of(Properties p, String where) {
      String started = p.getProperty("started_at");
      String pid = p.getProperty("pid");
      if (started == null || pid == null) {
        throw new IllegalArgumentException("no started_at or pid in " + where);
      }
      try {
        return new Holder(
            p.getProperty("token"),
            p.getProperty("run_id"),
            Long.parseLong(pid.trim()),
            p.getProperty("host"),
            Instant.parse(started.trim()),
            null);
      } catch (NumberFormatException | DateTimeParseException e) {
        throw new IllegalArgumentException("bad pid or started_at in " + where, e);
      }
    }

    String staleness(Duration maxRunTime) {
      if (startedAt.plus(maxRunTime).isBefore(Instant.now())) {
        return "it is older than the maximum run time " + maxRunTime;
      }
      if (hostName().equals(host)) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
          return "its process " + pid + " on this host is gone";
        }
        return reused(process.get().info());
      }
      return null;
    }

    /**
     * Why the live process {@code info} describes, of the holder's pid, is not the holder, or null
     * when it may be: a process started after the lock was written (a container's restart hands its
     * new JVM the dead one's pid, often 1), or one that is not a JVM (init, a shell), wrote none of
     * it. The holder's JVM started before it wrote {@code started_at}; start times are read to the
     * second, hence the slack.
     */
    private String reused(ProcessHandle.Info info) {
      Optional<Instant> started = info.startInstant();
      if (started.isPresent() && started.get().isAfter(startedAt.plus(START_SLACK))) {
        return "its process id "
            + pid
            + " on this host now belongs to a process started after the lock, at "
            + started.get();
      }
      Optional<String> command = info.command().map(c -> Path.of(c).getFileName().toString());
      if (command.isPresent() && !command.get().startsWith("java")) {
        return "its process id "
            + pid
            + " on this host now belongs to "
            + command.get()
            + ", not a JVM";
      }
      return null;
    }
  }
}
