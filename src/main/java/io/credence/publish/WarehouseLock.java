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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per warehouse: the file {@value #FILE}, created only if absent and with its whole
 * content in one atomic step (see {@link LockFiles}), naming its holder and a unique token. While
 * it holds the lock, the holder rewrites a heartbeat file ({@value #BEAT} and its token) every
 * {@link #HEARTBEAT}. A lock is stale, and taken over, when its owner process is gone (same host),
 * or when its holder on another host has not beaten for {@link #SILENT_BEATS} heartbeats; a lock
 * without heartbeats (from before them) also when it is older than the maximum run time. A holder
 * that loses its lock cancels its Spark jobs ({@link #onLost}), so a write under way fails before
 * its commit instead of committing beside the new holder. Takeovers and releases remove the file
 * only under a guard file and only when it is still the file they judged (the stale one, or their
 * own), so neither can remove another run's fresh lock.
 */
public final class WarehouseLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WarehouseLock.class);

  /** The start of an erasure's run id: a stale lock of one tells that an erasure was cut short. */
  private static final String ERASURE_RUN = "erase-";

  /** The start of a maintenance run's id. */
  private static final String MAINTENANCE_RUN = "maintain-";

  static final String FILE = "_credence.lock";

  /** Serializes removals of {@link #FILE}; see {@link #underGuard}. */
  static final String GUARD = "_credence.lock.guard";

  /**
   * A guard is held for milliseconds, or seconds on a throttled store: one seen unchanged for this
   * long, on the contender's own clock, was left by a dead run. Below {@link #GUARD_WAIT}, and
   * measured without the hosts' clocks (the guard's started_at is its writer's clock, which may be
   * minutes off).
   */
  private static final Duration GUARD_MAX_AGE = Duration.ofMinutes(2);

  /** How much later than the lock's started_at its holder's start may read (whole seconds). */
  private static final Duration START_SLACK = Duration.ofSeconds(2);

  /**
   * How long to wait for another run's guard before giving up with exit 4: above {@link
   * #GUARD_MAX_AGE}, so that a guard left by a dead run on another host is cleared, not waited on.
   */
  private static final Duration GUARD_WAIT = Duration.ofMinutes(3);

  /** Tries before giving up when the lock keeps changing hands under us (stale takeovers). */
  private static final int ATTEMPTS = 10;

  /** The start of a lock's heartbeat file's name; the lock's token completes it. */
  static final String BEAT = "_credence.lock.beat-";

  /** How often a holder rewrites its heartbeat file. */
  static final Duration HEARTBEAT = Duration.ofMinutes(1);

  /**
   * Heartbeats a holder on another host may miss before its lock is stale: ten minutes at {@link
   * #HEARTBEAT}, far above a garbage collector's pause or a slow store's write, and above the clock
   * difference of hosts kept in time.
   */
  static final int SILENT_BEATS = 10;

  private final LockFiles files;
  private final Holder mine;
  private final boolean createdWarehouse;
  private final ScheduledExecutorService heart;

  /** When the heartbeat was last written ({@link System#nanoTime}). */
  private volatile long lastBeat = System.nanoTime();

  /** Why this run lost the lock, or null while it holds it. */
  private volatile String lost;

  /** Whether another run took the lock over (else this run's heartbeat fell silent). */
  private volatile boolean takenOver;

  /** Run once when the lock is lost: cancels the run's Spark jobs. */
  private volatile Runnable onLost = () -> {};

  private WarehouseLock(LockFiles files, Holder mine, boolean createdWarehouse) {
    this.files = files;
    this.mine = mine;
    this.createdWarehouse = createdWarehouse;
    this.heart = startBeating();
  }

  /** The run id of a maintenance run started at {@code at}. */
  public static String maintenanceRunId(Instant at) {
    return MAINTENANCE_RUN + at.toEpochMilli();
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
    return acquire(conf, warehouse, runId, maxRunTime, HEARTBEAT);
  }

  /** {@link #acquire}, beating every {@code heartbeat} (tests use less than a minute). */
  static WarehouseLock acquire(
      Configuration conf, String warehouse, String runId, Duration maxRunTime, Duration heartbeat) {
    return acquire(conf, warehouse, runId, maxRunTime, heartbeat, hostName());
  }

  /**
   * {@link #acquire} as a holder on {@code host}: tests hold a lock that this JVM judges as one of
   * another host's, by its heartbeats alone.
   */
  static WarehouseLock acquire(
      Configuration conf,
      String warehouse,
      String runId,
      Duration maxRunTime,
      Duration heartbeat,
      String host) {
    Holder mine = Holder.create(runId, heartbeat, host);
    try {
      LockFiles files = LockFiles.of(conf, warehouse, mode(conf));
      boolean created = false;
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        created |= files.ensureFolder();
        // The beat comes before the lock, so that a lock never lacks its heartbeat; its time is
        // also the store's "now" against which another holder's silence is measured.
        try {
          beat(files, mine);
        } catch (java.nio.file.NoSuchFileException e) {
          continue; // a run that created the folder removed it, empty, as it ended: try again
        }
        Long now;
        boolean held = false;
        try {
          if (tryCreate(files, mine)) {
            held = true;
            return new WarehouseLock(files, mine, created);
          }
          now = files.modified(mine.beatFile());
        } finally {
          if (!held) {
            files.delete(mine.beatFile());
          }
        }
        byte[] seen = files.read(FILE);
        if (seen == null) {
          continue; // released between our create and our read
        }
        Holder holder = Holder.parse(seen, files.where(FILE));
        Duration silent = silence(files, holder, seen, now);
        if (silent == RELEASED) {
          continue; // released while we read it
        }
        String stale = holder.staleness(maxRunTime, silent);
        if (stale == null) {
          throw lockedBy(holder, warehouse, files.where(FILE));
        }
        try {
          underGuard(
              files,
              runId,
              () -> {
                if (Arrays.equals(files.read(FILE), seen)) {
                  files.delete(FILE);
                  if (holder.heartbeat != null) {
                    files.delete(holder.beatFile());
                  }
                  tookOver(holder, stale);
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

  /** Writes {@code holder}'s heartbeat file (its content, the time, is for people). */
  private static void beat(LockFiles files, Holder holder) throws IOException {
    files.replace(holder.beatFile(), Instant.now().toString().getBytes(StandardCharsets.UTF_8));
  }

  /** {@link #silence}'s answer when the lock it judged was released meanwhile. */
  private static final Duration RELEASED = Duration.ofMillis(-1);

  /**
   * How long {@code holder}, whose lock file read {@code seen}, has not beaten: {@code now} less
   * the time of its heartbeat file, both by the store's clock, so hosts' clocks do not enter. A
   * holder writes its beat before its lock and removes it after, so a missing beat means the lock
   * is being released: {@link #RELEASED} when a second read shows it gone or changed, else the lock
   * file's own time stands for the beat. Null for a lock without heartbeats (from before them) and
   * when the store gave no time.
   */
  private static Duration silence(LockFiles files, Holder holder, byte[] seen, Long now)
      throws IOException {
    if (holder.heartbeat == null || now == null) {
      return null;
    }
    Long beat = files.modified(holder.beatFile());
    if (beat == null) {
      if (!Arrays.equals(files.read(FILE), seen)) {
        return RELEASED;
      }
      beat = files.modified(FILE);
      if (beat == null) {
        return RELEASED;
      }
    }
    return Duration.ofMillis(Math.max(0, now - beat));
  }

  /** How to finish what a run of {@code runId} that lost its lock left, by its command. */
  private static String rerunAdvice(String runId) {
    if (runId.startsWith(ERASURE_RUN)) {
      return "run erase again for the same person once the warehouse is free: its request is"
          + " recorded, so its person is kept out of runs, and the retry removes what is left";
    }
    if (runId.startsWith(MAINTENANCE_RUN)) {
      return "run maintain again once the warehouse is free; it published nothing";
    }
    return "rerun it once the warehouse is free: it may have left a date partly published, which a"
        + " rerun of the date completes";
  }

  /** Says that the stale lock of {@code holder} was removed, and what that means. */
  private static void tookOver(Holder holder, String stale) {
    LOG.warn("took over a stale warehouse lock of run {}: {}", holder.runId, stale);
    if (holder.runId.startsWith(ERASURE_RUN)) {
      LOG.warn(
          "an erasure was interrupted (run {}): its person is kept out of runs, but rows of"
              + " them may remain; run erase again for the same person to finish it",
          holder.runId);
    }
  }

  /**
   * Rewrites this lock's heartbeat file every {@link Holder#heartbeat} on a daemon thread. The run
   * counts the lock as lost (see {@link #requireHeld}) once the lock file is not its own any more,
   * or once it could not beat for half of {@link #SILENT_BEATS}: it stops writing before any other
   * host may judge it silent. The silence is checked on a second thread that does no I/O, so a beat
   * whose write hangs in the store's client (retries, a hung mount) is noticed too.
   */
  private ScheduledExecutorService startBeating() {
    ScheduledExecutorService beating =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "warehouse-lock-heartbeat");
              t.setDaemon(true);
              return t;
            });
    long every = mine.heartbeat.toMillis();
    beating.scheduleWithFixedDelay(this::beatOnce, every, every, TimeUnit.MILLISECONDS);
    beating.scheduleWithFixedDelay(this::checkSilence, every, every, TimeUnit.MILLISECONDS);
    return beating;
  }

  /** One heartbeat: checks the lock is still this run's and rewrites the beat file. */
  void beatOnce() {
    try {
      if (!Arrays.equals(files.read(FILE), mine.bytes())) {
        lose("another run took it over as stale", true);
        heart.shutdown();
        return;
      }
      beat(files, mine);
      lastBeat = System.nanoTime();
    } catch (IOException | RuntimeException e) {
      // Tried again at the next beat. An Error ends the beating; requireHeld then sees the silence.
      LOG.warn(
          "could not write the warehouse lock's heartbeat {} ({}); trying again in {}",
          files.where(mine.beatFile()),
          e.getMessage(),
          mine.heartbeat);
    }
  }

  private void lose(String why, boolean byTakeover) {
    Runnable cancel;
    synchronized (this) {
      if (lost != null) {
        return;
      }
      takenOver = byTakeover;
      lost = why;
      cancel = onLost;
    }
    LOG.error("run {} lost the warehouse lock {}: {}", mine.runId, files.where(FILE), why);
    try {
      cancel.run();
    } catch (RuntimeException e) {
      LOG.warn("could not cancel the jobs of run {} ({})", mine.runId, e.toString());
    }
  }

  /** Loses the lock once the heartbeat has not been written for half of {@link #SILENT_BEATS}. */
  private void checkSilence() {
    Duration since = Duration.ofNanos(System.nanoTime() - lastBeat);
    if (since.compareTo(mine.heartbeat.multipliedBy(SILENT_BEATS / 2)) > 0) {
      lose("its heartbeat has not been written for " + since.toSeconds() + " s", false);
    }
  }

  /** Stops the heartbeat without releasing the lock, as a frozen or killed holder does (tests). */
  void stopBeating() {
    heart.shutdownNow();
  }

  /**
   * Runs {@code cancel} (once) when this run loses the lock, on the thread that finds it lost: a
   * run cancels its Spark jobs, so that a write under way fails before its commit. Run at once when
   * the lock is lost already.
   */
  public WarehouseLock onLost(Runnable cancel) {
    boolean already;
    synchronized (this) {
      onLost = cancel;
      already = lost != null;
    }
    if (already) {
      cancel.run();
    }
    return this;
  }

  /**
   * Runs {@code body} and returns what it returns; when it fails after this run lost the lock (its
   * jobs cancelled by {@link #onLost}), it fails with the lost-lock error instead.
   */
  public <T> T guarding(java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      Optional<CredenceException> lostLock = lostError(e);
      if (lostLock.isPresent()) {
        throw lostLock.get();
      }
      throw e;
    }
  }

  /**
   * The error this run stops with once it has lost the lock, with {@code failure} (what the loss
   * caused, such as a job it cancelled) suppressed in it; empty while it holds the lock.
   */
  public Optional<CredenceException> lostError(Exception failure) {
    if (lost == null) {
      return Optional.empty();
    }
    CredenceException error =
        WarehouseErrors.lockLost(
            files.where(FILE), mine.runId, lost, takenOver, rerunAdvice(mine.runId));
    error.addSuppressed(failure);
    return Optional.of(error);
  }

  /**
   * Throws when this run may no longer hold the lock: another run took it over (exit 4), or the
   * heartbeat has not been written for half of {@link #SILENT_BEATS}, after which another host may
   * soon judge it stale (exit 1: no other run need be there, and a retry may succeed). Called
   * before each commit, so that a run that lost its lock commits nothing more.
   */
  public void requireHeld() {
    checkSilence();
    if (lost != null) {
      throw WarehouseErrors.lockLost(
          files.where(FILE), mine.runId, lost, takenOver, rerunAdvice(mine.runId));
    }
  }

  /**
   * Writes {@code content} as the file {@code name} at the warehouse root, replacing it, while this
   * run holds the lock: for a file only the lock's holder writes ({@link ErasuresMark}).
   */
  void replaceFile(String name, byte[] content) throws IOException {
    requireHeld();
    files.replace(name, content);
  }

  /** Whether this run still holds the lock, as {@link #requireHeld} judges. */
  public boolean held() {
    try {
      requireHeld();
      return true;
    } catch (CredenceException e) {
      return false;
    }
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
   * by a dead process (same host), or seen unchanged for {@link #GUARD_MAX_AGE}, is removed like a
   * stale lock.
   */
  private static void underGuard(LockFiles files, String runId, IoAction action)
      throws IOException {
    Instant deadline = Instant.now().plus(GUARD_WAIT);
    byte[] watched = null;
    long watchedSince = 0;
    while (true) {
      Holder guard = Holder.create(runId, null, hostName());
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
      if (seen != null && !Arrays.equals(seen, watched)) {
        watched = seen;
        watchedSince = System.nanoTime();
      }
      if (seen != null
          && (Duration.ofNanos(System.nanoTime() - watchedSince).compareTo(GUARD_MAX_AGE) > 0
              || Holder.parse(seen, files.where(GUARD)).goneOnThisHost() != null)) {
        files.removeStale(GUARD, seen, "stale-" + guard.token); // then try again
        watched = null;
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
    heart.shutdown(); // a beat being written finishes
    try {
      if (!heart.awaitTermination(30, TimeUnit.SECONDS)) {
        heart.shutdownNow();
        LOG.warn("the warehouse lock's heartbeat did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
            files.delete(mine.beatFile());
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

  /**
   * What a lock file says: who holds the warehouse, since when, the lock's unique token, and how
   * often its holder beats (null for a guard, and for locks from before heartbeats).
   */
  private record Holder(
      String token,
      String runId,
      long pid,
      String host,
      Instant startedAt,
      Duration heartbeat,
      byte[] bytes) {
    static Holder create(String runId, Duration heartbeat, String host) {
      Properties p = new Properties();
      p.setProperty("token", UUID.randomUUID().toString());
      p.setProperty("run_id", runId);
      p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
      p.setProperty("host", host);
      p.setProperty("started_at", Instant.now().toString());
      if (heartbeat != null) {
        p.setProperty("heartbeat_ms", Long.toString(heartbeat.toMillis()));
      }
      StringWriter text = new StringWriter();
      try {
        p.store(text, "credence warehouse lock");
      } catch (IOException e) {
        throw new IllegalStateException(e); // a StringWriter does not fail
      }
      Holder parsed = of(p, "lock");
      return parsed.withBytes(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a lock file; exit 2 naming the file when it is not a lock file credence wrote. */
    static Holder parse(byte[] bytes, String where) {
      Properties p = new Properties();
      try {
        p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        return of(p, where).withBytes(bytes);
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
      String beat = p.getProperty("heartbeat_ms");
      try {
        Duration heartbeat = beat == null ? null : Duration.ofMillis(Long.parseLong(beat.trim()));
        if (heartbeat != null && (heartbeat.isZero() || heartbeat.isNegative())) {
          throw new IllegalArgumentException("heartbeat_ms is not positive in " + where);
        }
        return new Holder(
            p.getProperty("token"),
            p.getProperty("run_id"),
            Long.parseLong(pid.trim()),
            p.getProperty("host"),
            Instant.parse(started.trim()),
            heartbeat,
            null);
      } catch (NumberFormatException | DateTimeParseException e) {
        throw new IllegalArgumentException("bad pid, started_at or heartbeat_ms in " + where, e);
      }
    }

    Holder withBytes(byte[] content) {
      return new Holder(token, runId, pid, host, startedAt, heartbeat, content);
    }

    /** The heartbeat file of this lock. */
    String beatFile() {
      return BEAT + token;
    }

    /**
     * Why this lock is stale, or null while its holder may be running; {@code silent} is how long
     * its holder has not beaten (null for a lock without heartbeats).
     */
    String staleness(Duration maxRunTime, Duration silent) {
      // A holder that beats is alive by its beats, however long it runs: the age rule, which
      // compares this host's clock with the holder's, is for locks without them.
      if ((heartbeat == null || silent == null)
          && startedAt.plus(maxRunTime).isBefore(Instant.now())) {
        return "it is older than the maximum run time " + maxRunTime;
      }
      if (hostName().equals(host)) {
        return goneOnThisHost();
      }
      if (silent != null && silent.compareTo(heartbeat.multipliedBy(SILENT_BEATS)) > 0) {
        return "its holder on "
            + host
            + " has not written its heartbeat (due every "
            + heartbeat
            + ") for "
            + silent.toSeconds()
            + " s";
      }
      return null;
    }

    /**
     * Why this lock's holder, on this host, is gone: its process ended or its id was reused; null
     * while it may run, and for a holder on another host.
     */
    String goneOnThisHost() {
      if (!hostName().equals(host)) {
        return null;
      }
      Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
      if (process.isEmpty()) {
        return "its process " + pid + " on this host is gone";
      }
      return reused(process.get().info());
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
