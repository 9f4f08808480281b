package io.credence.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.credence.lookup.AnswerJson;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /v1/health}: whether the service answers, and from which scores_current version. No
 * token needed (for load balancers and probes); it tells nothing about any person. While the audit
 * journal cannot record lookups, while erasures cannot be read, or while scores_current is behind
 * the snapshot a later run published (under {@code scores_current}: what, why, fix), it answers 503
 * with status {@code failing}, what is wrong, and {@code error}: what, why and fix, as every error
 * the service sends.
 */
final class HealthHandler implements HttpHandler {
  private final LiveIndex index;
  private final AuditJournal journal;

  HealthHandler(LiveIndex index, AuditJournal journal) {
    this.index = index;
    this.journal = journal;
  }

  static final String PATH = "/v1/health";

  /**
   * The error of a journal that cannot record lookups ({@code problem} says how): lookups get 503
   * until it writes again.
   */
  private static ObjectNode journalError(String problem) {
    return (ObjectNode)
        ScoreHandler.error(
                problem,
                "every lookup is written to the audit journal, and forced to disk, before it is"
                    + " answered, so lookups are refused (503) while it cannot write",
                "check the journal folder's disk (full, read-only, or the folder removed; the"
                    + " service log's ERROR names the failure) and make it writable: the next"
                    + " lookup tries the journal again and the service recreates a removed folder"
                    + " itself, so no restart is needed; this check answers 200 once it writes")
            .get("error");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        // The JDK server matches contexts by prefix: /v1/healthx and /v1/health/x land here.
        ScoreHandler.send(exchange, 404, ScoreHandler.noSuchResource());
        return;
      }
      LiveIndex.Loaded loaded = index.current();
      Optional<String> journalProblem = journal.problem();
      ObjectNode body = AnswerJson.mapper().createObjectNode();
      Optional<io.credence.error.CredenceException> unreadable = index.erasuresUnreadable();
      boolean failing =
          journalProblem.isPresent() || loaded.behind().isPresent() || unreadable.isPresent();
      body.put("status", failing ? "failing" : "ok");
      journalProblem.ifPresent(problem -> body.put("audit_journal", problem));
      unreadable.ifPresent(e -> body.set("erasures", ScoreHandler.error(e).get("error")));
      loaded
          .behind()
          .ifPresent(
              behind ->
                  body.set(
                      "scores_current",
                      ScoreHandler.error(behind.what(), behind.why(), behind.fix()).get("error")));
      if (failing) {
        // The shape of every error the service sends, for callers that read only that.
        body.set(
            "error",
            journalProblem
                .map(HealthHandler::journalError)
                .orElseGet(
                    () ->
                        (body.has("erasures") ? body.get("erasures") : body.get("scores_current"))
                            .deepCopy()));
      }
      body.put("scores_current_version", loaded.index().version());
      var dates = body.putArray("snapshot_dates");
      loaded.index().snapshotDates().forEach(d -> dates.add(d.toString()));
      body.put("persons", loaded.index().size());
      body.put("index_bytes", loaded.index().bytes());
      body.put("loaded_at", loaded.loadedAt().toString());
      body.put("audit_lines_pending", journal.pending());
      // Lookups are refused while the journal cannot record them, or while scores_current is
      // behind the published snapshot: a probe must see it too.
      ScoreHandler.send(exchange, failing ? 503 : 200, body);
    }
  }
}
