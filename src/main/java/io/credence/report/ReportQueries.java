package io.credence.report;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.*;

import io.credence.schema.ColumnChecks;
import io.credence.score.Eligibility;
import io.credence.score.ScoreStage;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardApplier;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.unsafe.types.UTF8String;

/** The report's aggregations of one snapshot's tables; each returns a few rows to collect. */
public final class ReportQueries {
  private ReportQueries() {}

  /**
   * Spark's order of strings (their UTF-8 bytes, not Java's UTF-16 units), for what the report
   * orders in memory instead of with a query.
   */
  static final Comparator<String> SPARK_STRING_ORDER =
      Comparator.comparing(UTF8String::fromString, UTF8String::binaryCompare);

  /**
   * The {@code top} most frequent reason codes: code, text, persons whose reasons include it, most
   * frequent first, ties by code. Needs the reasons column.
   */
  public static Dataset<Row> topReasons(Dataset<Row> snapshot, int top) {
    ColumnChecks.requirePresent(snapshot, "report reasons", REASONS);
    return snapshot
        .select(explode(col(REASONS)).as("r"))
        .groupBy(col("r." + REASON_CODE).as(REASON_CODE))
        .agg(min(col("r." + REASON_TEXT)).as(REASON_TEXT), count(lit(1)).as("persons"))
        .orderBy(col("persons").desc(), col(REASON_CODE))
        .limit(top);
  }

  /**
   * The same rows as {@link #topReasons(Dataset, int)} of {@link ScoreStage#withReasons}{@code
   * (ranked, card, maxReasons)}, from the reasons' ranks: the scored persons' first {@code
   * maxReasons} ranks are counted by rank, and the few counts are named and summed by code here, so
   * that no reason is built for the count (the nightly run holds its scores with ranks). Needs
   * {@code status} and {@link ScorecardApplier#RANKED}.
   */
  public static List<ReportModel.ReasonCount> topReasons(
      Dataset<Row> ranked, Scorecard card, int maxReasons, int top) {
    ColumnChecks.requirePresent(ranked, "report reasons", SCORE_STATUS, ScorecardApplier.RANKED);
    List<ScorecardApplier.RankedReason> byRank = ScorecardApplier.reasonsByRank(card);
    if (maxReasons == 0 || byRank.isEmpty()) {
      return List.of();
    }
    Map<String, Long> persons = new HashMap<>();
    Map<String, String> texts = new HashMap<>();
    Comparator<String> textOrder = Comparator.nullsLast(SPARK_STRING_ORDER); // min ignores nulls
    for (Row r :
        ranked
            .where(col(SCORE_STATUS).equalTo(Eligibility.SCORED))
            .select(explode(slice(col(ScorecardApplier.RANKED), 1, maxReasons)).as("rank"))
            .groupBy("rank")
            .count()
            .collectAsList()) {
      // The ranks come from the same scorecard, so each is in range; one that were not would read
      // as Spark's get() reads it in withReasons: a reason of nulls.
      ScorecardApplier.RankedReason reason =
          r.isNullAt(0) || r.getInt(0) < 0 || r.getInt(0) >= byRank.size()
              ? new ScorecardApplier.RankedReason(null, null, 0, null)
              : byRank.get(r.getInt(0));
      persons.merge(reason.code(), r.getLong(1), Long::sum);
      if (!texts.containsKey(reason.code())
          || textOrder.compare(reason.text(), texts.get(reason.code())) < 0) {
        texts.put(reason.code(), reason.text());
      }
    }
    Comparator<String> codeOrder = Comparator.nullsFirst(SPARK_STRING_ORDER);
    return persons.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                .reversed()
                .thenComparing(Map.Entry::getKey, codeOrder))
        .limit(top)
        .map(e -> new ReportModel.ReasonCount(e.getKey(), texts.get(e.getKey()), e.getValue()))
        .toList();
  }

  /** Quarantined rows per dataset and reason, ordered by dataset and reason. */
  public static Dataset<Row> quarantine(Dataset<Row> quarantine) {
    ColumnChecks.requirePresent(quarantine, "report quarantine", DATASET, REASON);
    return quarantine
        .groupBy(DATASET, REASON)
        .agg(count(lit(1)).as("rows"))
        .orderBy(col(DATASET), col(REASON));
  }
}
