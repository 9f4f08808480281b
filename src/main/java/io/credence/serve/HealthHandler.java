package io.credence.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.credence.lookup.AnswerJson;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/health}: whether the service answers, and from which scores_current version. No
 * token needed (for load balancers and probes); it tells nothing about any person. While lookups
 * are refused it answers 503 with status {@code failing} and each state that refuses them under its
 * own name, with what, why and fix: {@code audit_journal} (it cannot record lookups, or it is
 * closed because the service is stopping), {@code erasures} (they cannot be read), {@code
 * scores_current} (behind the snapshot a later run published). {@code error}, the shape of every
 * error the service sends, is the one a lookup gets now: {@link ScoreHandler} checks them in the
 * order stopping, erasures, scores_current, then the journal at the lookup's record. Those texts
 * name the warehouse's tables, its runs and the failures' causes: only a caller with a lookup token
 * gets them; without one each state's what, why and fix say only that lookups are refused and where
 * the details are (a stop, which names nothing, is shown as it is).
 */
final class HealthHandler implements HttpHandler {
  private final LiveIndex index;
  private final AuditJournal journal;
  private final TokenFile tokens;

  HealthHandler(LiveIndex index, AuditJournal journal, TokenFile tokens) {
    this.index = index;
    this.journal = journal;
    this.tokens = tokens;
  }

  static final String PATH = "/v1/health";

  /**
   * The error of a journal that cannot record lookups ({@code problem} says how). Its fix says when
   * it is tried again: at the next lookup, unless the states in {@code refusedFirst} refuse every
   * lookup before it reaches the journal.
   */
  private static JsonNode journalError(String problem, List<String> refusedFirst) {
    String retried =
        refusedFirst.isEmpty()
            ? "the next lookup tries the journal again and the service recreates a removed folder"
                + " itself, so no restart is needed; this check answers 200 once it writes"
            : "the service recreates a removed folder itself at its next fold, so no restart is"
                + " needed, but a failed write is tried again only by a lookup, and lookups are"
                + " refused before they reach the journal while this check reports `"
                + String.join("` and `", refusedFirst)
                + "` (see `error`): once that is fixed, the next lookup tries the journal again,"
                + " and this entry can stay until then";
    return ScoreHandler.error(
            problem,
            "every lookup is written to the audit journal, and forced to disk, before it is"
                + " answered, so lookups are refused (503) while it cannot write",
            "check the journal folder's disk (full, read-only, or the folder removed; the service"
                + " log's ERROR names the failure) and make it writable: "
                + retried)
        .get("error");
  }

  /**
   * What refuses lookups now, by the field that reports it, in the order a lookup meets them (the
   * first is why a lookup is refused).
   */
  private Map<String, JsonNode> failures(LiveIndex.Loaded loaded) {
    Optional<String> journalProblem = journal.problem();
    // Read after the problem: a journal closed meanwhile is reported as stopping, never as a
    // journal whose disk needs repair (closed stays closed).
    boolean stopping = journal.closed();
    Map<String, JsonNode> failures = new LinkedHashMap<>();
    if (stopping) {
      failures.put("audit_journal", ScoreHandler.stopping().get("error"));
    }
    index
        .erasuresUnreadable()
        .ifPresent(e -> failures.put("erasures", ScoreHandler.error(e).get("error")));
    loaded
        .behind()
        .ifPresent(
            behind ->
                failures.put(
                    "scores_current",
                    ScoreHandler.error(behind.what(), behind.why(), behind.fix()).get("error")));
    if (!stopping) {
      List<String> refusedFirst = List.copyOf(failures.keySet());
      journalProblem.ifPresent(
          problem -> failures.put("audit_journal", journalError(problem, refusedFirst)));
    }
    return failures;
  }

  /**
   * What a caller without a token is told of the failing state {@code state}: that it refuses
   * lookups, not the paths, runs and causes its own what, why and fix name.
   */
  private static JsonNode withheld(String state) {
    return ScoreHandler.error(
            "lookups are refused: `" + state + "` is failing",
            "what, why and fix name the warehouse's tables and folders, so this check shows them"
                + " only to a caller with a lookup token",
            "send `Authorization: Bearer TOKEN` with a token from the service's token file to"
                + " read them here, or read the service log's ERROR lines, which say the same")
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
      Map<String, JsonNode> failures = failures(loaded);
      boolean caller =
          tokens
              .tokens()
              .caller(exchange.getRequestHeaders().getFirst("Authorization"))
              .isPresent();
      if (!caller) {
        // A stop names no path: probes see it as it is, not as a failing disk.
        JsonNode stopping = ScoreHandler.stopping().get("error");
        failures.replaceAll((state, error) -> error.equals(stopping) ? error : withheld(state));
      }
      ObjectNode body = AnswerJson.mapper().createObjectNode();
      body.put("status", failures.isEmpty() ? "ok" : "failing");
      failures.forEach(body::set);
      if (!failures.isEmpty()) {
        // The shape of every error the service sends, for callers that read only that.
        body.set("error", failures.values().iterator().next().deepCopy());
      }
      body.put("scores_current_version", loaded.index().version());
      var dates = body.putArray("snapshot_dates");
      loaded.index().snapshotDates().forEach(d -> dates.add(d.toString()));
      body.put("persons", loaded.index().size());
      body.put("index_bytes", loaded.index().bytes());
      body.put("loaded_at", loaded.loadedAt().toString());
      body.put("audit_lines_pending", journal.pending());
      // A run published a newer snapshot and has not updated scores_current (yet): the persons
      // only it holds are answered from it (LiveIndex.Newer), the others from scores_current.
      loaded
          .newer()
          .ifPresent(
              newer -> {
                body.put("newer_snapshot_date", newer.published().date().toString());
                body.put("newer_snapshot_persons", newer.persons().size());
              });
      // Lookups are refused in every failing state: a probe must see it too.
      ScoreHandler.send(exchange, failures.isEmpty() ? 200 : 503, body);
    }
  }
}
