package io.credence.lookup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A person's score as JSON, for machines: the same object from {@code credence lookup --format
 * json} (with {@code history}) and from the lookup service (without). Reasons carry their code,
 * feature, plain-language text and {@code points}: the points the reason costs against the
 * feature's best bin, negative, as the text output shows them.
 */
public final class AnswerJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AnswerJson() {}

  /** The shared mapper (thread-safe once configured). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The score object of {@code person}'s row {@code r}. */
  public static ObjectNode score(String person, ScoreRecord r) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("person", person);
    node.put("snapshot_date", String.valueOf(r.snapshotDate()));
    node.put("status", r.status());
    if (r.score() == null) {
      node.putNull("score");
      node.putNull("tier");
    } else {
      node.put("score", r.score());
      node.put("tier", r.tier());
    }
    node.put("unscorable_reason", r.unscorableReason());
    if (r.unscorableReason() != null) {
      node.put("unscorable_text", AnswerText.explainUnscorable(r.unscorableReason()));
    }
    ArrayNode reasons = node.putArray("reasons");
    for (ScoreRecord.Reason reason : r.reasons()) {
      ObjectNode n = reasons.addObject();
      n.put("code", reason.code());
      n.put("feature", reason.feature());
      n.put("text", reason.text());
      n.put("points", -reason.pointsLost());
    }
    node.put("scorecard_id", r.scorecardId());
    node.put("run_id", r.runId());
    return node;
  }

  /** The CLI's answer: the score object with {@code history}, newest snapshot first. */
  public static ObjectNode answer(PersonLookup.Answer answer) {
    ObjectNode node = score(answer.person(), answer.current());
    answer.note().ifPresent(note -> node.put("note", note));
    ArrayNode history = node.putArray("history");
    for (ScoreRecord p : answer.history()) {
      ObjectNode n = history.addObject();
      n.put("snapshot_date", String.valueOf(p.snapshotDate()));
      if (p.score() == null) {
        n.putNull("score");
      } else {
        n.put("score", p.score());
      }
      n.put("tier", p.tier());
      n.put("status", p.status());
    }
    return node;
  }

  /** {@code node} as one line of JSON. */
  public static String write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }
}
