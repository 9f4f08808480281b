package io.credence.score;

import static io.credence.schema.Columns.HISTORY_MONTHS;
import static io.credence.schema.Columns.RECORDS_12M;
import static io.credence.schema.Columns.SCORE_STATUS;
import static io.credence.schema.Columns.UNSCORABLE_REASON;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.credence.config.EligibilityConfig;
import io.credence.schema.ColumnChecks;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Decides who can be scored: a person with too short a history ({@code thin_file}) or, when
 * required, no record in the last 12 months ({@code inactive}) is {@code unscorable}.
 *
 * <p>Needs {@code history_months} and, when the rule is on, {@code records_12m}. Adds {@code
 * status} and {@code unscorable_reason} (null when scored). Drops no rows.
 */
public final class Eligibility {
  private Eligibility() {}

  /** Status of a person who gets a score. */
  public static final String SCORED = "scored";

  /** Status of a person who gets no score; {@code unscorable_reason} says why. */
  public static final String UNSCORABLE = "unscorable";

  /** History shorter than the configured minimum, or none at all. */
  public static final String THIN_FILE = "thin_file";

  /** No record in the 12 months before the as-of date. */
  public static final String INACTIVE = "inactive";

  /** Adds status and reason; {@code thin_file} takes precedence over {@code inactive}. */
  public static Dataset<Row> withStatus(Dataset<Row> features, EligibilityConfig cfg) {
    List<String> needed = new ArrayList<>(List.of(HISTORY_MONTHS));
    if (cfg.requireRecordIn12m()) {
      needed.add(RECORDS_12M);
    }
    ColumnChecks.requirePresent(features, "eligibility", needed);
    ColumnChecks.requireAbsent(features, "eligibility", SCORE_STATUS, UNSCORABLE_REASON);
    Column history = col(HISTORY_MONTHS);
    Column thin = history.isNull().or(history.lt(cfg.minHistoryMonths()));
    // An unknown count is no evidence of activity, and a score needs evidence: null counts as 0.
    Column inactive =
        cfg.requireRecordIn12m() ? coalesce(col(RECORDS_12M), lit(0)).equalTo(0) : lit(false);
    Column reason = when(thin, lit(THIN_FILE)).when(inactive, lit(INACTIVE));
    return features.select(
        col("*"),
        when(reason.isNull(), lit(SCORED)).otherwise(lit(UNSCORABLE)).as(SCORE_STATUS),
        reason.as(UNSCORABLE_REASON));
  }
}
