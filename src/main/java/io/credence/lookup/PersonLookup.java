package io.credence.lookup;

import io.credence.error.CredenceException;
import io.credence.error.ServeErrors;
import io.credence.privacy.PersonIds;
import io.delta.kernel.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One audited lookup of a person with Delta Kernel, no Spark: their row in scores_current and their
 * newest snapshots, returned only after the lookup is recorded in lookup_audit (found or not). An
 * erased person has no rows left, so they are not found like an unknown one.
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
   */
  public record Answer(
      String person, ScoreRecord current, List<ScoreRecord> history, int filesRead) {}

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
   * Looks the person up; throws (exit 2) when the latest snapshot does not hold them. Their history
   * is read meanwhile on other threads (it is a scan of several files), and returned only after the
   * lookup is audited.
   */
  public static Answer run(
      KernelWarehouse warehouse, Snapshot scoresCurrent, PersonIds ids, Request request) {
    String storedId = ids.stored(request.person());
    CompletableFuture<List<ScoreRecord>> history =
        CompletableFuture.supplyAsync(
            () ->
                warehouse
                    .latest(WarehouseTable.SCORE_SNAPSHOTS)
                    .map(s -> ScoreHistory.recent(warehouse, s, storedId, request.history()))
                    .orElse(List.of()),
            PersonLookup::daemon);
    CurrentScore current = CurrentScore.find(warehouse, scoresCurrent, storedId);
    AuditRecord audit =
        new AuditRecord(
            Instant.now(),
            request.requester(),
            request.purpose(),
            ids.personKey(request.person()),
            current.row().isPresent());
    audit(warehouse, ids, audit);
    ScoreRecord row = current.row().orElseThrow(PersonLookup::notFound);
    try {
      return new Answer(request.person(), row, history.join(), current.filesRead());
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
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
