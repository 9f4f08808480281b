package io.credence.serve;

import io.credence.error.ServeErrors;
import io.credence.error.WarehouseErrors;
import io.credence.lookup.ErasureRecords;
import io.credence.lookup.KernelWarehouse;
import io.credence.lookup.KeyCheck;
import io.credence.lookup.PublishedRun;
import io.credence.lookup.ScoreRows;
import io.credence.lookup.WarehouseTable;
import io.credence.privacy.PersonIds;
import io.credence.publish.ErasuresMark;
import io.delta.kernel.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index the service answers from, replaced whole when scores_current gets a new version: a new
 * nightly snapshot, or an erasure (which deletes the person's row). Beside it, the persons with an
 * erasure on record, read again when erasures gets a new version. Each index is built from one
 * Kernel snapshot of the table, so a request sees one published version, never a mix, and the swap
 * is one atomic reference write; requests in flight finish on the index they started with.
 */
final class LiveIndex {
  private static final Logger LOG = LoggerFactory.getLogger(LiveIndex.class);

  private final KernelWarehouse warehouse;
  private final PersonIds ids;
  private final AtomicReference<Loaded> current = new AtomicReference<>();

  /**
   * Why erasures could not be read at the last load, or null: until it reads again the service
   * answers nobody, since a request recorded meanwhile must not be missed (fail closed).
   */
  private final AtomicReference<io.credence.error.CredenceException> erasuresUnreadable =
      new AtomicReference<>();

  /**
   * An index with when it was loaded, the score_snapshots version it was last checked against, and
   * what that check found: scores_current behind the snapshot a later run published for one of its
   * dates (the run was interrupted between the two commits), in which case its rows of that date
   * are not the published ones and are not served.
   */
  record Loaded(
      ScoreIndex index,
      Instant loadedAt,
      long snapshotsVersion,
      Optional<PublishedRun.Behind> behind,
      Optional<Newer> newer,
      Erased erased) {}

  /**
   * The rows of the persons {@code index} of a {@link Loaded} lacks that a newer snapshot than its
   * rows holds ({@code persons}): a run published that snapshot ({@code published}) and has not
   * replaced scores_current yet, because it is running or was interrupted. They are answered from
   * here, as lookup answers them; the others from scores_current, stale by one run.
   */
  record Newer(PublishedRun.Newer published, ScoreIndex persons) {}

  /**
   * The person keys of every erasure on record at an erasures version (-1: no table), answered 404
   * as lookup answers them: an erasure interrupted before it reached scores_current leaves the
   * person's row there, and an index held while a newer scores_current cannot be read still holds
   * the row of a person whose erasure finished since.
   */
  record Erased(long version, Set<String> keys) {
    static final Erased NONE = new Erased(-1, Set.of());

    boolean holds(String personKey) {
      return keys.contains(personKey);
    }
  }

  LiveIndex(KernelWarehouse warehouse, PersonIds ids) {
    this.warehouse = warehouse;
    this.ids = ids;
  }

  /** The index to answer from (null before the first load). */
  Loaded current() {
    return current.get();
  }

  /** Why erasures could not be read at the last load; empty when they were read. */
  Optional<io.credence.error.CredenceException> erasuresUnreadable() {
    return Optional.ofNullable(erasuresUnreadable.get());
  }

  /**
   * Loads the newest version of scores_current when it differs from the one held; returns whether
   * the index was replaced. Throws when the table is missing or holds ids this service cannot match
   * (another id mode or key).
   */
  boolean refresh() {
    // Erasures first: while they cannot be read the service answers nobody (see
    // erasuresUnreadable).
    Erased erased;
    try {
      erased = erased(current.get());
    } catch (io.credence.error.CredenceException e) {
      erasuresUnreadable.set(e);
      throw e;
    } catch (RuntimeException e) {
      // Whatever stopped the read (an exception KernelWarehouse.reading does not name), the
      // service fails closed as for a damaged log.
      io.credence.error.CredenceException unreadable =
          ServeErrors.tableUnreadable(
              WarehouseTable.ERASURES.tableName(), warehouse.path(WarehouseTable.ERASURES), e);
      erasuresUnreadable.set(unreadable);
      throw unreadable;
    }
    Loaded before = current.get();
    if (before != null && before.erased() != erased) {
      // Held at once: the index held stays in service if scores_current cannot be read below, and
      // it may still hold the rows of a person whose erasure was recorded, and finished, since.
      current.set(
          new Loaded(
              before.index(),
              before.loadedAt(),
              before.snapshotsVersion(),
              before.behind(),
              before.newer(),
              erased));
    }
    // Cleared only once the erasures read are held: a request that sees it cleared finds them.
    erasuresUnreadable.set(null);
    Snapshot snapshot =
        warehouse
            .reading(
                WarehouseTable.SCORES_CURRENT,
                () -> warehouse.latest(WarehouseTable.SCORES_CURRENT))
            .orElseThrow(() -> new IllegalStateException("scores_current does not exist"));
    Optional<Snapshot> snapshots =
        warehouse.reading(
            WarehouseTable.SCORE_SNAPSHOTS, () -> warehouse.latest(WarehouseTable.SCORE_SNAPSHOTS));
    long snapshotsVersion = snapshots.map(Snapshot::getVersion).orElse(-1L);
    Loaded held = current.get();
    if (held != null && held.index().version() == snapshot.getVersion()) {
      if (held.snapshotsVersion() != snapshotsVersion || held.erased() != erased) {
        // A run may have published a date and been stopped before it replaced scores_current, or
        // an erasure recorded and been stopped before it reached it.
        boolean sameSnapshots = held.snapshotsVersion() == snapshotsVersion;
        Optional<PublishedRun.Behind> behind =
            sameSnapshots ? held.behind() : behind(held.index(), snapshots);
        Optional<Newer> newer =
            sameSnapshots ? held.newer() : newer(held.index(), snapshots, behind);
        current.set(
            new Loaded(held.index(), held.loadedAt(), snapshotsVersion, behind, newer, erased));
      }
      return false;
    }
    String mode = KeyCheck.mode(snapshot.getTableProperties());
    if (!mode.equals(ids.mode())) {
      throw new IllegalStateException(
          "scores_current now holds " + mode + " ids; this service was started for " + ids.mode());
    }
    KeyCheck.requireSameKey(snapshot.getTableProperties(), ids, "scores_current");
    Instant start = Instant.now();
    ScoreIndex.Builder builder = ScoreIndex.builder(snapshot.getVersion(), ids.pseudonymized());
    int files =
        warehouse.reading(
            WarehouseTable.SCORES_CURRENT,
            () -> ScoreRows.forEach(warehouse, snapshot, builder::add));
    ScoreIndex index = builder.build();
    Optional<PublishedRun.Behind> behind = behind(index, snapshots);
    current.set(
        new Loaded(
            index,
            Instant.now(),
            snapshotsVersion,
            behind,
            newer(index, snapshots, behind),
            erased));
    LOG.info(
        "serving scores_current version {} ({} persons, snapshot {}, {} files, index {} MB,"
            + " loaded in {} ms)",
        index.version(),
        index.size(),
        index.snapshotDates(),
        files,
        index.bytes() / (1024 * 1024),
        Duration.between(start, Instant.now()).toMillis());
    return true;
  }

  /**
   * The erasures on record at erasures' newest version: {@code held}'s own when the version is the
   * same, else read anew (the table holds a row per request, so it is small).
   */
  private Erased erased(Loaded held) {
    Optional<Snapshot> erasures =
        warehouse.reading(WarehouseTable.ERASURES, () -> ErasureRecords.latest(warehouse));
    long version = erasures.map(Snapshot::getVersion).orElse(-1L);
    if (held != null && held.erased().version() == version) {
      return held.erased();
    }
    if (held != null && version >= 0 && version < held.erased().version()) {
      throw WarehouseErrors.erasuresWentBack(
          warehouse.path(WarehouseTable.ERASURES),
          ErasuresMark.where(warehouse.root()),
          held.erased().version(),
          version);
    }
    if (erasures.isEmpty()) {
      if (held != null && held.erased().version() >= 0) {
        // It was there at the last read: a removed log (a partial restore, a mistaken delete) must
        // not drop every erasure on record.
        throw ServeErrors.tableUnreadable(
            WarehouseTable.ERASURES.tableName(),
            warehouse.path(WarehouseTable.ERASURES),
            new java.io.FileNotFoundException(
                warehouse.path(WarehouseTable.ERASURES) + "/_delta_log (no commit left)"));
      }
      return Erased.NONE;
    }
    ErasureRecords.OnRecord onRecord = ErasureRecords.onRecord(warehouse, erasures.get());
    if (!onRecord.unfinished().isEmpty()) {
      LOG.warn(
          "{} erasures did not finish; their persons are answered 404, and their rows stay in the"
              + " tables until `credence erase` is run again for them",
          onRecord.unfinished().size());
    }
    return new Erased(version, onRecord.keys());
  }

  /**
   * The persons {@code index} lacks that the newest snapshot holds, when that snapshot is newer
   * than every date of {@code index} (none when {@code behind}: then nothing is answered). Reads
   * that snapshot's partition whole, once per score_snapshots version that has one; logged when
   * found.
   */
  private Optional<Newer> newer(
      ScoreIndex index, Optional<Snapshot> snapshots, Optional<PublishedRun.Behind> behind) {
    if (snapshots.isEmpty() || behind.isPresent()) {
      return Optional.empty();
    }
    Optional<PublishedRun.Written> held =
        index.runsByDate().entrySet().stream()
            .max(Map.Entry.comparingByKey())
            .map(e -> new PublishedRun.Written(e.getKey(), e.getValue().iterator().next()));
    ScoreIndex.Builder builder =
        ScoreIndex.builder(snapshots.get().getVersion(), ids.pseudonymized());
    AtomicReference<String> run = new AtomicReference<>();
    Optional<LocalDate> date;
    try {
      date =
          warehouse.reading(
              WarehouseTable.SCORE_SNAPSHOTS,
              () ->
                  ScoreRows.forEachInNewestAfter(
                      warehouse,
                      snapshots.get(),
                      held.map(PublishedRun.Written::date).orElse(LocalDate.MIN),
                      row -> {
                        run.compareAndSet(null, row.runId());
                        if (index.find(row.personId()).isEmpty()) {
                          builder.add(row);
                        }
                      }));
    } catch (RuntimeException e) {
      // Those persons stay unanswered (404), as before this read existed; the check of
      // scores_current against its own date, which refuses answers, must not wait on it.
      LOG.warn(
          "could not read the newest snapshot of score_snapshots version {}; persons only it"
              + " holds are answered 404 until scores_current holds them: {}",
          snapshots.get().getVersion(),
          e.toString());
      return Optional.empty();
    }
    if (date.isEmpty() || run.get() == null) {
      return Optional.empty();
    }
    Newer newer = new Newer(new PublishedRun.Newer(date.get(), run.get(), held), builder.build());
    LOG.warn(
        "scores_current version {} holds {}, and run {} has published the snapshot of {} and not"
            + " updated it yet (it is running, or was interrupted): {} persons only that snapshot"
            + " holds are answered from it, the others from scores_current; if no run is running,"
            + " run `credence score --date {}` again",
        index.version(),
        held.map(w -> w.date().toString()).orElse("no rows"),
        run.get(),
        date.get(),
        newer.persons().size(),
        date.get());
    return Optional.of(newer);
  }

  /**
   * Whether {@code index} holds, for one of its dates, rows of another run than the one whose rows
   * score_snapshots holds for that date: the run_id of one file of each date's partition (one,
   * unless a backfill left older dates). Logged once per check that finds it.
   */
  private Optional<PublishedRun.Behind> behind(ScoreIndex index, Optional<Snapshot> snapshots) {
    if (snapshots.isEmpty()) {
      return Optional.empty();
    }
    for (Map.Entry<LocalDate, Set<String>> date : index.runsByDate().entrySet()) {
      for (String run : date.getValue()) {
        Optional<PublishedRun.Behind> behind =
            PublishedRun.behind(warehouse, snapshots.get(), date.getKey(), run);
        if (behind.isPresent()) {
          LOG.error(
              "not serving scores_current version {}: {} ({}); fix: {}",
              index.version(),
              behind.get().what(),
              behind.get().why(),
              behind.get().fix());
          return behind;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * {@link #refresh()} that logs a failure and keeps the index held (for the periodic poll). An
   * Error too (an OutOfMemoryError while loading a large version): a periodic task that throws is
   * cancelled for good without a word, and the service would answer erased persons for ever.
   */
  void refreshQuietly() {
    try {
      refresh();
    } catch (Throwable e) {
      LOG.error(
          "cannot load the newest version of the warehouse's tables; still serving scores_current"
              + " version {}: {}",
          current.get() == null ? "none" : current.get().index().version(),
          safeText(e));
    }
  }

  /**
   * What the log may say of {@code e}: the first line of credence's own messages and of an
   * IllegalStateException of its own (this class's), else only the classes of the causes: Kernel's
   * messages quote the log lines it cannot parse, which hold person ids.
   */
  private static String safeText(Throwable e) {
    if (e instanceof io.credence.error.CredenceException
        || e instanceof IllegalStateException && e.getCause() == null) {
      return io.credence.error.ErrorText.firstLine(String.valueOf(e.getMessage()));
    }
    return io.credence.error.ServeErrors.readFailure(e);
  }
}
