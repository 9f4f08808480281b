package io.credence.report;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.*;

import io.credence.score.ScoreBands;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Small aggregates of a score snapshot, computed in one pass: persons per tier and per unscorable
 * reason, each tier's lowest score, score sum, min, max and the histogram over the score bands
 * ({@link ScoreBands}) used for PSI.
 */
public record SnapshotStats(
    Map<String, Long> tiers,
    Map<String, Integer> tierLowest,
    Map<String, Long> unscorable,
    long scored,
    double scoreSum,
    Integer scoreMin,
    Integer scoreMax,
    long[] bands) {

  /** Computes the stats of a snapshot (columns score, tier, status, unscorable_reason). */
  public static SnapshotStats of(Dataset<Row> snapshot) {
    Column band = ScoreBands.of(col(SCORE));
    List<Row> groups =
        snapshot
            .groupBy(col(TIER), col(UNSCORABLE_REASON), band.as("band"))
            .agg(count(lit(1)), sum(col(SCORE)), min(col(SCORE)), max(col(SCORE)))
            .collectAsList();
    Map<String, Long> tiers = new TreeMap<>();
    Map<String, Integer> tierLowest = new TreeMap<>();
    Map<String, Long> unscorable = new TreeMap<>();
    long[] bands = new long[ScoreBands.COUNT];
    long scored = 0;
    double sum = 0;
    Integer lo = null;
    Integer hi = null;
    for (Row g : groups) {
      long n = g.getLong(3);
      if (g.isNullAt(0)) {
        unscorable.merge(g.isNullAt(1) ? "unknown" : g.getString(1), n, Long::sum);
        continue;
      }
      tiers.merge(g.getString(0), n, Long::sum);
      tierLowest.merge(g.getString(0), g.getInt(5), Math::min);
      bands[g.getInt(2)] += n;
      scored += n;
      sum += g.getLong(4);
      lo = lo == null ? g.getInt(5) : Math.min(lo, g.getInt(5));
      hi = hi == null ? g.getInt(6) : Math.max(hi, g.getInt(6));
    }
    return new SnapshotStats(tiers, tierLowest, unscorable, scored, sum, lo, hi, bands);
  }

  /**
   * Persons per tier, the tier with the lowest score first, ties by tier name in Spark's order of
   * strings (their UTF-8 bytes): the report's order of tiers.
   */
  public Map<String, Long> tiersByLowestScore() {
    Map<String, Long> ordered = new LinkedHashMap<>();
    tiers.keySet().stream()
        .sorted(
            Comparator.comparing((String tier) -> tierLowest.get(tier))
                .thenComparing(ReportQueries.SPARK_STRING_ORDER))
        .forEach(tier -> ordered.put(tier, tiers.get(tier)));
    return ordered;
  }

  /** Persons in the snapshot, scored or not. */
  public long persons() {
    return scored + unscorable.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Mean score of scored persons, or null when nobody was scored. */
  public Double mean() {
    return scored == 0 ? null : scoreSum / scored;
  }
}
