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
import io.credence.schema.ColumnChecks;
import io.credence.schema.OutputSchemas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    return withReasons(
        scoreRanked(features, card, eligibility, tiers, maxReasons), card, maxReasons);
  }

  /**
   * As {@link #score}, with {@link ScorecardApplier#RANKED} (the reasons' ranks, also on unscorable
   * persons) in place of {@code reasons}: about a tenth of the size (62 MB against 571 MB for a
   * million persons), since the reasons' texts are not in it, so the nightly run keeps this in
   * memory and adds the reasons where it writes them ({@link #withReasons}).
   */
  public static Dataset<Row> scoreRanked(
      Dataset<Row> features,
      Scorecard card,
      EligibilityConfig eligibility,
      Tiers tiers,
      int maxReasons) {
    return scoreRanked(features, card, eligibility, tiers, maxReasons, List.of());
  }

  /**
   * As {@link #scoreRanked(Dataset, Scorecard, EligibilityConfig, Tiers, int)}, with the columns
   * {@code carried} of {@code features} kept after the output's, as they are: columns that ride
   * beside the scores (the nightly job's monitoring groups), none of them a scorecard input (the
   * scorecard reads the features it names, and a protected attribute cannot be one).
   */
  public static Dataset<Row> scoreRanked(
      Dataset<Row> features,
      Scorecard card,
      EligibilityConfig eligibility,
      Tiers tiers,
      int maxReasons,
      List<String> carried) {
    ColumnChecks.requirePresent(features, "scoring", carried);
    Dataset<Row> applied =
        ScorecardApplier.applyRanked(
            Eligibility.withStatus(features, eligibility), card, maxReasons);
    Column scored = col(SCORE_STATUS).equalTo(Eligibility.SCORED);
    List<Column> kept =
        new ArrayList<>(
            List.of(
                col(PERSON_ID),
                when(scored, col(SCORE)).as(SCORE),
                col(SCORE_STATUS),
                col(UNSCORABLE_REASON),
                col(ScorecardApplier.RANKED),
                col(SCORECARD_ID)));
    List<Column> output =
        new ArrayList<>(
            Arrays.stream(OUTPUT.fieldNames())
                .map(c -> col(c.equals(REASONS) ? ScorecardApplier.RANKED : c))
                .toList());
    for (String column : carried) {
      kept.add(col(column));
      output.add(col(column));
    }
    return tiers
        .withTier(applied.select(kept.toArray(Column[]::new)))
        .select(output.toArray(Column[]::new));
  }

  /**
   * Exactly {@link #OUTPUT} from rows of {@link #scoreRanked} with the same {@code card} and {@code
   * maxReasons}: an unscorable person has no reasons.
   */
  public static Dataset<Row> withReasons(Dataset<Row> ranked, Scorecard card, int maxReasons) {
    Column scored = col(SCORE_STATUS).equalTo(Eligibility.SCORED);
    Column noReasons = array().cast(ScorecardApplier.REASONS_TYPE);
    Column reasons =
        when(scored, ScorecardApplier.reasons(card, maxReasons)).otherwise(noReasons).as(REASONS);
    return ranked.select(
        Arrays.stream(OUTPUT.fieldNames())
            .map(c -> c.equals(REASONS) ? reasons : col(c))
            .toArray(Column[]::new));
  }
}
