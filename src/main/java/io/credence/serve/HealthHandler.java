package io.credence.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.credence.lookup.AnswerJson;
import java.io.IOException;

/**
 * {@code GET /v1/health}: whether the service answers, and from which scores_current version. No
 * token needed (for load balancers and probes); it tells nothing about any person.
 */
final class HealthHandler implements HttpHandler {
  private final LiveIndex index;
  private final AuditJournal journal;

  HealthHandler(LiveIndex index, AuditJournal journal) {
    this.index = index;
    this.journal = journal;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      LiveIndex.Loaded loaded = index.current();
      ObjectNode body = AnswerJson.mapper().createObjectNode();
      body.put("status", "ok");
      body.put("scores_current_version", loaded.index().version());
      var dates = body.putArray("snapshot_dates");
      loaded.index().snapshotDates().forEach(d -> dates.add(d.toString()));
      body.put("persons", loaded.index().size());
      body.put("index_bytes", loaded.index().bytes());
      body.put("loaded_at", loaded.loadedAt().toString());
      body.put("audit_lines_pending", journal.pending());
      ScoreHandler.send(exchange, 200, body);
    }
  }
}
