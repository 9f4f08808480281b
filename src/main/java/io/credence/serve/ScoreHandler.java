package io.credence.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.credence.lookup.AnswerJson;
import io.credence.lookup.AuditRecord;
import io.credence.lookup.PublishedRun;
import io.credence.lookup.ScoreRecord;
import io.credence.privacy.PersonIds;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/scores/{person_id}?purpose=...}: the person's current score as JSON, answered only
 * after the lookup is on disk in the audit journal. 401 without a known bearer token, 400 without a
 * purpose, 404 for a person the published snapshot does not hold (unknown or erased; audited like a
 * found one), 503 while the service stops, when the lookup cannot be recorded, while erasures
 * cannot be read (a request recorded meanwhile must not be missed) or while scores_current is
 * behind the snapshot a later run published (nothing is answered from rows that are not the
 * published ones). Errors are JSON objects with what went wrong, why, and what the caller should do
 * (fix), as the commands' errors are. Nothing here logs a person id or a token.
 */
final class ScoreHandler implements HttpHandler {
  static final String PREFIX = "/v1/scores/";
  private static final Logger LOG = LoggerFactory.getLogger(ScoreHandler.class);
  private static final Duration AUDIT_TIMEOUT = Duration.ofSeconds(10);

  private final TokenFile tokens;
  private final PersonIds ids;
  private final LiveIndex index;
  private final AuditJournal journal;
  private final Stats stats;

  ScoreHandler(
      TokenFile tokens, PersonIds ids, LiveIndex index, AuditJournal journal, Stats stats) {
    this.tokens = tokens;
    this.ids = ids;
    this.index = index;
    this.journal = journal;
    this.stats = stats;
  }

  /** Requests answered, by status, since the last summary. */
  static final class Stats {
    final LongAdder ok = new LongAdder();
    final LongAdder notFound = new LongAdder();
    final LongAdder denied = new LongAdder();
    final LongAdder bad = new LongAdder();
    final LongAdder failed = new LongAdder();
  }

  @Override
  public void handle(HttpExchange exchange) {
    try {
      answer(exchange);
    } catch (IOException e) {
      // The client went away; the audit record (if any) stands, as the lookup was answered.
      LOG.debug("a response could not be sent: {}", e.getClass().getSimpleName());
    } catch (RuntimeException e) {
      stats.failed.increment();
      LOG.error("a lookup failed: {}", e.getClass().getName());
      try {
        send(exchange, 500, unexpected());
      } catch (IOException | RuntimeException ignored) {
        // the response was already under way
      }
    } finally {
      exchange.close();
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    if (!"GET".equals(exchange.getRequestMethod())) {
      stats.bad.increment();
      exchange.getResponseHeaders().set("Allow", "GET");
      send(
          exchange,
          405,
          error(
              "only GET is allowed",
              "the lookup API is read-only",
              "send the request with GET (the Allow header says so)"));
      return;
    }
    Optional<String> caller =
        tokens.tokens().caller(exchange.getRequestHeaders().getFirst("Authorization"));
    if (caller.isEmpty()) {
      stats.denied.increment();
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      send(
          exchange,
          401,
          error(
              "missing or unknown bearer token",
              "every lookup is made by a named caller, recorded in lookup_audit",
              "send the header `Authorization: Bearer TOKEN` with the token the service's operator"
                  + " gave you (at least 32 characters); if that token is refused, ask the operator"
                  + " whether it is still in the service's token file"));
      return;
    }
    String person = exchange.getRequestURI().getPath().substring(PREFIX.length());
    String purpose;
    try {
      purpose = query(exchange.getRequestURI().getRawQuery(), "purpose");
    } catch (IllegalArgumentException e) {
      stats.bad.increment();
      send(
          exchange,
          400,
          error(
              "malformed query string",
              "it must be percent-encoded",
              "percent-encode the query's names and values, e.g. `curl -G --data-urlencode"
                  + " 'purpose=deposit check'`"));
      return;
    }
    if (person.isEmpty()) {
      stats.bad.increment();
      send(
          exchange,
          400,
          error(
              "no person id in the path",
              "the path is /v1/scores/{person_id}, the id percent-encoded",
              "add the id after /v1/scores/"));
      return;
    }
    if (person.contains("/")) {
      stats.bad.increment();
      send(exchange, 400, slashInId());
      return;
    }
    if (purpose == null || purpose.isBlank() || AuditRecord.unusable(purpose)) {
      stats.bad.increment();
      send(
          exchange,
          400,
          error(
              "missing purpose (or longer than "
                  + AuditRecord.MAX_FIELD_CHARS
                  + " characters, or holding a line break, tab or other control character)",
              "every lookup records why it was made, in one line of an audit table that people"
                  + " read row by row",
              "add ?purpose=... to the request: one line of at most "
                  + AuditRecord.MAX_FIELD_CHARS
                  + " characters, without tabs or control characters, percent-encoded (e.g."
                  + " purpose=deposit+check)"));
      return;
    }
    if (journal.closed()) {
      // Stopping: nothing is recorded any more, whatever else is wrong (checked first, as the
      // health check reports it first).
      stats.failed.increment();
      send(exchange, 503, stopping());
      return;
    }
    // The flag first: it is cleared only after the erasures read are in the index held.
    Optional<io.credence.error.CredenceException> unreadable = index.erasuresUnreadable();
    LiveIndex.Loaded loaded = index.current();
    if (unreadable.isPresent()) {
      // A request recorded since the last read must not be missed: answer nobody.
      stats.failed.increment();
      send(exchange, 503, error(unreadable.get()));
      return;
    }
    if (loaded.behind().isPresent()) {
      // Its rows of that date are not the published ones: answer none of them.
      stats.failed.increment();
      send(exchange, 503, behind(loaded.behind().get()));
      return;
    }
    String personKey = ids.personKey(person);
    // A person with an erasure on record may still have a row (an interrupted erasure, or an
    // index held while the newer scores_current cannot be read): they asked to be erased.
    boolean erased = loaded.erased().holds(personKey);
    String stored = ids.stored(person);
    Optional<ScoreRecord> row = erased ? Optional.empty() : loaded.index().find(stored);
    // A person scores_current lacks may be in a newer snapshot whose run has not updated it yet.
    Optional<LiveIndex.Newer> newer = Optional.empty();
    if (!erased && row.isEmpty() && loaded.newer().isPresent()) {
      row = loaded.newer().get().persons().find(stored);
      newer = row.isPresent() ? loaded.newer() : Optional.empty();
    }
    AuditRecord audit =
        new AuditRecord(Instant.now(), caller.get(), purpose, personKey, row.isPresent());
    if (!recorded(audit)) {
      stats.failed.increment();
      send(
          exchange,
          503,
          error(
              "the lookup could not be recorded in the audit journal",
              "no lookup is answered before it is recorded, and the journal could not write"
                  + " within "
                  + AUDIT_TIMEOUT.toSeconds()
                  + " s (a full disk, its folder removed)",
              "retry after "
                  + AUDIT_TIMEOUT.toSeconds()
                  + " s: the next lookup tries the journal again; if the service keeps answering"
                  + " 503, tell its operator (the service log and GET /v1/health say what the"
                  + " journal cannot do)"));
      return;
    }
    if (row.isEmpty()) {
      stats.notFound.increment();
      send(
          exchange,
          404,
          error(
              "no published score for that person id",
              "the latest snapshot does not hold it (unknown, mistyped, erased, or quarantined)",
              "check the id, which is matched exactly (case and spaces included); if it is right,"
                  + " the person has no published score: not in the nightly run's inputs yet, held"
                  + " back by its quality rules, or erased, and a lookup before the next run finds"
                  + " the same"));
      return;
    }
    stats.ok.increment();
    ObjectNode answer = AnswerJson.score(person, row.get());
    newer.ifPresent(n -> answer.put("note", n.published().note()));
    send(exchange, 200, answer);
  }

  private boolean recorded(AuditRecord audit) {
    try {
      journal.record(audit, AUDIT_TIMEOUT);
      return true;
    } catch (IOException e) {
      // The journal logs a failing disk once, not once per refused lookup.
      LOG.debug("a lookup was not recorded: {}", e.toString());
      return false;
    }
  }

  /** The decoded value of {@code name} in a raw query string, or null. */
  static String query(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /**
   * The 400 for an id holding a slash, sent as {@code %2F} or not: the JDK hands the handler a
   * decoded path, where an encoded slash and a path separator look alike.
   */
  private static ObjectNode slashInId() {
    return error(
        "the person id in the path holds a slash (/ or its encoding %2F)",
        "the path is /v1/scores/{person_id} with the whole id in its last segment, where a"
            + " slash, even encoded, reads as a separator, so the service serves no id with one",
        "remove any segment or slash after the id, or look such an id up with `credence lookup"
            + " --person -`");
  }

  /** The JSON body of credence's own error {@code e}: its what, why and fix. */
  static ObjectNode error(io.credence.error.CredenceException e) {
    java.util.List<String> parts = io.credence.error.ErrorText.parts(e.getMessage());
    return error(parts.get(0), parts.get(1), parts.get(2));
  }

  /** The JSON body of a 503 while scores_current is behind the published snapshot. */
  static ObjectNode behind(PublishedRun.Behind behind) {
    return error(
        behind.what(),
        behind.why(),
        "retry after the service's operator has run `credence score --date "
            + behind.date()
            + "` again (GET /v1/health says when the service answers again)");
  }

  /** The JSON body of a 503 while the service stops: its audit journal is closed. */
  static ObjectNode stopping() {
    return error(
        "the service is stopping: its audit journal is closed",
        "credence serve was told to stop (SIGTERM, `systemctl stop`); every lookup is recorded in"
            + " the audit journal before it is answered, and the journal records nothing more, so"
            + " this process answers no lookup again",
        "send the request to another instance of the service, or retry once this one is started"
            + " again (GET /v1/health answers 200 then); nothing needs repair");
  }

  /** The JSON body of a 404 for a path the API does not have. */
  static ObjectNode noSuchResource() {
    return error(
        "no such resource",
        "the API has /v1/scores/{person_id} and /v1/health",
        "send GET /v1/scores/{person_id}?purpose=... for a score, or GET /v1/health");
  }

  /** The JSON body of a 500: the log names the exception's class, the caller gets no detail. */
  static ObjectNode unexpected() {
    return error(
        "the lookup failed",
        "an unexpected error in the service",
        "retry once; if it fails again, give the service's operator the time of the request: the"
            + " service log names the error at that time");
  }

  /** A JSON error body: what went wrong, why, and what the caller should do. */
  static ObjectNode error(String what, String why, String fix) {
    ObjectNode node = AnswerJson.mapper().createObjectNode();
    ObjectNode error = node.putObject("error");
    error.put("what", what);
    error.put("why", why);
    error.put("fix", fix);
    return node;
  }

  /** Sends {@code body} as the JSON response with {@code status}. */
  static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = AnswerJson.write(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
