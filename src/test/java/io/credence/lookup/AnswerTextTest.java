package io.credence.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerTextTest {
  private static final ScoreRecord CURRENT =
      new ScoreRecord(
          "P1",
          LocalDate.of(2026, 10, 31),
          612,
          "preferred",
          "scored",
          null,
          List.of(new ScoreRecord.Reason("L30", "pay_late_30_count_24m", 25.0, "Late payments")),
          "expert-v1",
          "run-1");

  private static String printed(List<ScoreRecord> history) {
    StringWriter text = new StringWriter();
    AnswerText.print(new PersonLookup.Answer("P1", CURRENT, history, 1), new PrintWriter(text));
    return text.toString();
  }

  @Test
  void printsTheScoreReasonsAndHistoryWithoutTheId() {
    assertThat(printed(List.of(CURRENT)))
        .contains("score 612, tier preferred\n")
        .contains("  L30   Late payments (-25 points)\n")
        .contains("recent snapshots:\n  2026-10-31    612  preferred     scored\n")
        .doesNotContain("P1");
  }

  @Test
  void noHistoryAskedPrintsNoEmptyHeading() {
    assertThat(printed(List.of())).contains("score 612").doesNotContain("recent snapshots");
  }
}
