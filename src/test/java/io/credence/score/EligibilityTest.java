package io.credence.score;

import static io.credence.schema.Columns.*;
import static io.credence.score.FeatureRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.SparkTestBase;
import io.credence.config.EligibilityConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class EligibilityTest extends SparkTestBase {

  /** person_id -> "status/reason" */
  static Map<String, String> statuses(Dataset<Row> out) {
    Map<String, String> m = new TreeMap<>();
    out.select(PERSON_ID, SCORE_STATUS, UNSCORABLE_REASON)
        .collectAsList()
        .forEach(r -> m.put(r.getString(0), r.getString(1) + "/" + r.getString(2)));
    return m;
  }

  static Dataset<Row> withStatus(EligibilityConfig cfg, Row... rows) {
    return Eligibility.withStatus(FeatureRows.frame(spark(), rows), cfg);
  }

  @Test
  void marksThinFileBelowMinimumHistoryOrWithoutHistory() {
    Dataset<Row> out =
        withStatus(
            EligibilityConfig.DEFAULTS,
            row("none", HISTORY_MONTHS, null),
            row("five", HISTORY_MONTHS, 5),
            row("six", HISTORY_MONTHS, 6));
    assertThat(statuses(out))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "none", "unscorable/thin_file",
                "five", "unscorable/thin_file",
                "six", "scored/null"));
  }

  @Test
  void marksInactiveWithoutRecordIn12Months() {
    Dataset<Row> out =
        withStatus(
            EligibilityConfig.DEFAULTS,
            row("zero", RECORDS_12M, 0),
            row("unknown", RECORDS_12M, null),
            row("one", RECORDS_12M, 1));
    assertThat(statuses(out))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "zero", "unscorable/inactive",
                "unknown", "unscorable/inactive",
                "one", "scored/null"));
  }

  @Test
  void thinFileTakesPrecedenceOverInactive() {
    Dataset<Row> out =
        withStatus(EligibilityConfig.DEFAULTS, row("both", HISTORY_MONTHS, 2, RECORDS_12M, 0));
    assertThat(statuses(out)).containsEntry("both", "unscorable/thin_file");
  }

  @Test
  void scoresInactivePeopleWhenTheRuleIsOff() {
    EligibilityConfig cfg = new EligibilityConfig(12, false);
    Dataset<Row> out =
        withStatus(cfg, row("inactive", RECORDS_12M, 0), row("eleven", HISTORY_MONTHS, 11));
    assertThat(statuses(out))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("inactive", "scored/null", "eleven", "unscorable/thin_file"));
  }

  @Test
  void needsRecords12mOnlyWhenTheRuleIsOn() {
    Dataset<Row> frame = FeatureRows.frame(spark(), row("p")).drop(RECORDS_12M);
    assertThat(Eligibility.withStatus(frame, new EligibilityConfig(6, false)).count()).isEqualTo(1);
    assertThatThrownBy(() -> Eligibility.withStatus(frame, EligibilityConfig.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[" + RECORDS_12M + "]");
  }

  @Test
  void addsStatusAndReasonAfterTheInputColumns() {
    Dataset<Row> frame = FeatureRows.frame(spark(), row("p"));
    String[] out = Eligibility.withStatus(frame, EligibilityConfig.DEFAULTS).columns();
    assertThat(Arrays.copyOfRange(out, out.length - 2, out.length))
        .containsExactly(SCORE_STATUS, UNSCORABLE_REASON);
    assertThat(out).hasSize(frame.columns().length + 2);
  }
}
