package io.credence.lookup;

import io.credence.error.CredenceException;
import io.credence.error.ServeErrors;
import io.credence.privacy.PersonIds;
import io.delta.kernel.Snapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One audited lookup of a person with Delta Kernel, no Spark: their row in scores_current and their
 * newest snapshots, returned only after the lookup is recorded in lookup_audit (found or not). A
 * person whose key is in erasures is not found like an unknown one, even while an interrupted
 * erasure left their rows in scores_current.
 */
public final class PersonLookup {
  private PersonLookup() {}

  /**
   * What a lookup returns.
   *
   * @param person the raw id as asked for
   * @param current the person's latest published row
   * @param history their rows in the newest snapshots, newest first
   * @param filesRead data files of scores_current opened
   * @param behind set when scores_current holds another run's rows for the date than the one that
   *     published it; {@code current} is then the published snapshot's row
   * @param newer set when scores_current does not hold the person and a newer snapshot than its
   *     rows does; {@code current} is then that snapshot's row
   */
  public record Answer(
      String person,
      ScoreRecord current,
      List<ScoreRecord> history,
      int filesRead,
      Optional<PublishedRun.Behind> behind,
      Optional<PublishedRun.Newer> newer) {

    /** An answer from an up-to-date scores_current. */
    public Answer(String person, ScoreRecord current, List<ScoreRecord> history, int filesRead) {
      this(person, current, history, filesRead, Optional.empty(), Optional.empty());
    }

    /**
     * What the answer says beside the score, if anything: that scores_current is behind the
     * snapshot of its own date ({@link #behind}), that it lacks the person a newer snapshot holds
     * ({@link #newer}), or that the person's history holds a newer snapshot than scores_current's,
     * which a run published and has not (yet) copied to scores_current, a state the answer is
     * otherwise silent on (the history lists the newer date above an older headline).
     */
    public Optional<String> note() {
      if (behind.isPresent()) {
        return behind.map(PublishedRun.Behind::note);
      }
      if (newer.isPresent()) {
        return newer.map(PublishedRun.Newer::note);
      }
      if (history.isEmpty() || !history.get(0).snapshotDate().isAfter(current.snapshotDate())) {
        return Optional.empty();
      }
      ScoreRecord newer = history.get(0);
      return Optional.of(
          "a newer snapshot, "
              + newer.snapshotDate()
              + " (run "
              + newer.runId()
              + "), is published, but scores_current still holds "
              + current.snapshotDate()
              + ": that run has not updated scores_current, because it is running or was"
              + " interrupted; this answer is scores_current's. Fix: when no run is running, run"
              + " `credence score --date "
              + newer.snapshotDate()
              + "` again");
    }
  }

  /**
   * What was asked.
   *
   * @param person the raw id
   * @param requester who asks
   * @param purpose why
   * @param history how many snapshots of history to return
   */
  public record Request(String person, String requester, String purpose, int history) {}

  /**
   * Looks the person up; throws (exit 2) when the latest snapshot does not hold them or their key
   * is in erasures, with the note that scores_current is behind when it is. While it is behind, the
   * published snapshot's row answers, whether scores_current holds the person or not. A person
   * scores_current does not hold is answered from a newer snapshot than its rows when that holds
   * them (its run, running or interrupted, has not updated scores_current yet). Their history is
   * read meanwhile on other threads (it is a scan of several files), and returned only after the
   * lookup is audited.
   */
  public static Answer run(
      KernelWarehouse warehouse, Snapshot scoresCurrent, PersonIds ids, Request request) {
    String personKey = ids.personKey(request.person());
    // Read beside scores_current, as the history is: a cold lookup does not wait for it first.
    CompletableFuture<Boolean> erased =
        CompletableFuture.supplyAsync(
            () -> ErasureRecords.recorded(warehouse, personKey), PersonLookup::daemon);
    String storedId = ids.stored(request.person());
    // score_snapshots' log, loaded once for the history, the published run and its row.
    CompletableFuture<Optional<Snapshot>> snapshots =
        CompletableFuture.supplyAsync(
            () -> snapshots(warehouse, () -> warehouse.latest(WarehouseTable.SCORE_SNAPSHOTS)),
            PersonLookup::daemon);
    CompletableFuture<List<ScoreRecord>> history =
        snapshots.thenApplyAsync(
            latest ->
                latest
                    .map(
                        s ->
                            snapshots(
                                warehouse,
                                () ->
                                    ScoreHistory.recent(warehouse, s, storedId, request.history())))
                    .orElse(List.of()),
            PersonLookup::daemon);
    CurrentScore current =
        warehouse.reading(
            WarehouseTable.SCORES_CURRENT,
            () -> CurrentScore.find(warehouse, scoresCurrent, storedId));
    if (joined(erased)) {
      // Erased, or an erasure interrupted before it reached scores_current: not found either way.
      audit(warehouse, ids, auditRecord(request, personKey, false));
      throw notFound();
    }
    Optional<Snapshot> latest = joined(snapshots);
    Optional<PublishedRun.Written> written =
        latest.isEmpty() ? Optional.empty() : written(warehouse, scoresCurrent, current);
    Optional<PublishedRun.Behind> behind =
        latest.flatMap(
            s ->
                written.flatMap(
                    w ->
                        snapshots(
                            warehouse,
                            () -> PublishedRun.behind(warehouse, s, w.date(), w.run()))));
    Optional<PublishedRun.Newer> newer = Optional.empty();
    Optional<ScoreRecord> published;
    if (behind.isPresent()) {
      published =
          latest.flatMap(
              s ->
                  snapshots(
                      warehouse,
                      () -> ScoreHistory.onDate(warehouse, s, storedId, behind.get().date())));
    } else if (current.row().isPresent()) {
      published = current.row();
    } else {
      // A run that published a newer snapshot and has not replaced scores_current yet (it is
      // running, or was interrupted) may be the first to score the person.
      LocalDate currentDate = written.map(PublishedRun.Written::date).orElse(null);
      published =
          latest.flatMap(
              s ->
                  snapshots(
                      warehouse,
                      () -> ScoreHistory.inNewestAfter(warehouse, s, storedId, currentDate)));
      newer = published.map(r -> new PublishedRun.Newer(r.snapshotDate(), r.runId(), written));
    }
    audit(warehouse, ids, auditRecord(request, personKey, published.isPresent()));
    // Not in the published snapshot: say, as a found person's answer would, that scores_current
    // is behind it, since the earlier run's row there may hold the person.
    ScoreRecord row =
        published.orElseThrow(
            () ->
                behind
                    .map(b -> ServeErrors.noPublishedScoreWhileBehind(b.date(), b.note()))
                    .orElseGet(PersonLookup::notFound));
    // A person scores_current lacks cost one more of its files: the one its run was read from.
    int filesRead = current.filesRead() + (current.row().isPresent() ? 0 : 1);
    return new Answer(request.person(), row, joined(history), filesRead, behind, newer);
  }

  /**
   * The date and run of scores_current's rows, to compare with score_snapshots: told by the
   * person's row, or, when scores_current does not hold them (a rerun's or a newer date's inputs
   * may be the first to), by one of its rows read from one of its files, so that a person only the
   * published snapshot holds is answered from it too. Empty when scores_current holds no row.
   */
  private static Optional<PublishedRun.Written> written(
      KernelWarehouse warehouse, Snapshot scoresCurrent, CurrentScore current) {
    return current
        .row()
        .map(row -> new PublishedRun.Written(row.snapshotDate(), row.runId()))
        .or(
            () ->
                warehouse.reading(
                    WarehouseTable.SCORES_CURRENT,
                    () -> PublishedRun.written(warehouse, scoresCurrent)));
  }

  /** {@code read}, a read of score_snapshots, its failures named as that table's. */
  private static <T> T snapshots(KernelWarehouse warehouse, java.util.function.Supplier<T> read) {
    return warehouse.reading(WarehouseTable.SCORE_SNAPSHOTS, read);
  }

  /** The value of a read run beside the lookup, its failure rethrown as it was thrown. */
  private static <T> T joined(CompletableFuture<T> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private static AuditRecord auditRecord(Request request, String personKey, boolean found) {
    return new AuditRecord(Instant.now(), request.requester(), request.purpose(), personKey, found);
  }

  /**
   * Writes the lookup's audit row; a failure to write it (a read-only warehouse, a lookup_audit
   * that is no table) exits 2 with what to do, as nothing may be answered unaudited.
   */
  private static void audit(KernelWarehouse warehouse, PersonIds ids, AuditRecord audit) {
    AuditTable.explained(
        warehouse, () -> AuditTable.append(warehouse, ids, List.of(audit), Optional.empty()));
  }

  /** Runs a task on a daemon thread, so an abandoned history read never holds the JVM up. */
  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "lookup-history");
    thread.setDaemon(true);
    thread.start();
  }

  private static CredenceException notFound() {
    return ServeErrors.noPublishedScore();
  }
}
