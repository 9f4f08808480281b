package io.credence.score;

import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.REASONS;
import static io.credence.schema.Columns.RUN_ID;
import static io.credence.schema.Columns.SCORE;
import static io.credence.schema.Columns.SCORECARD_ID;
import static io.credence.schema.Columns.SCORE_STATUS;
import static io.credence.schema.Columns.SNAPSHOT_DATE;
import static io.credence.schema.Columns.UNSCORABLE_REASON;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import io.credence.config.EligibilityConfig;
import io.credence.schema.OutputSchemas;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The scoring stage: eligibility, scorecard, tiers, reasons, from feature values to the columns of
 * score_snapshots.
 *
 * <p>Needs {@code person_id}, the scorecard's features, {@code history_months} and {@code
 * records_12m}. Returns exactly {@link #OUTPUT}: one row per input row, none dropped; an unscorable
 * person has a null score and tier and no reasons.
 */
public final class ScoreStage {
  private ScoreStage() {}

  /** The stage's output: {@link OutputSchemas#SCORES} without snapshot_date and run_id. */
  public static final StructType OUTPUT =
      new StructType(
          Arrays.stream(OutputSchemas.SCORES.fields())
              .filter(f -> !f.name().equals(SNAPSHOT_DATE) && !f.name().equals(RUN_ID))
              .toArray(StructField[]::new));

  /** Scores every person; see the class comment for the columns. */
  public static Dataset<Row> score(
      Dataset<Row> features,
      Scorecard card,
      EligibilityConfig eligibility,
      Tiers tiers,
      int maxReasons) {
    Dataset<Row> applied =
        ScorecardApplier.apply(Eligibility.withStatus(features, eligibility), card, maxReasons);
    Column scored = col(SCORE_STATUS).equalTo(Eligibility.SCORED);
    Column noReasons = array().cast(ScorecardApplier.REASONS_TYPE);
    Dataset<Row> kept =
        applied.select(
            col(PERSON_ID),
            when(scored, col(SCORE)).as(SCORE),
            col(SCORE_STATUS),
            col(UNSCORABLE_REASON),
            when(scored, col(REASONS)).otherwise(noReasons).as(REASONS),
            col(SCORECARD_ID));
    return tiers
        .withTier(kept)
        .select(Arrays.stream(OUTPUT.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
  }
}
