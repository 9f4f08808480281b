package io.credence.report;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.schema.OutputSchemas;
import io.credence.score.Bin;
import io.credence.score.Eligibility;
import io.credence.score.FeatureScore;
import io.credence.score.ScoreStage;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardApplier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The report orders tiers and monitoring groups in Java, from figures the run already holds; the
 * order is the one Spark's orderBy gave, which the queries below still compute as the oracle. Names
 * whose UTF-16 and UTF-8 orders differ (a supplementary character against one above U+E000) and
 * equal lowest scores are where a Java order of strings would part from Spark's.
 */
class ReportOrderTest extends SparkTestBase {
  private static final String EMOJI = "\uD83D\uDE00";
  private static final String FULLWIDTH_A = "\uFF21";

  @Test
  void tiersByLowestScoreAreSparksOrder() {
    StructType schema =
        new StructType()
            .add(TIER, DataTypes.StringType)
            .add(SCORE, DataTypes.IntegerType)
            .add(UNSCORABLE_REASON, DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    Object[][] scored = {
      {"zeta", 351}, {"zeta", 420}, {"beta", 700}, {"alpha", 760}, {"alpha", 700},
      {EMOJI, 700}, {FULLWIDTH_A, 700}, {"Émile", 700}, {"gold", 950}, {"gold", 880}
    };
    for (Object[] r : scored) {
      rows.add(RowFactory.create(r[0], r[1], null));
    }
    rows.add(RowFactory.create(null, null, "no_records"));
    rows.add(RowFactory.create(null, null, null));
    Dataset<Row> snapshot = spark().createDataFrame(rows, schema);

    Map<String, Long> oracle = new LinkedHashMap<>();
    snapshot
        .filter(col(TIER).isNotNull())
        .groupBy(TIER)
        .agg(count(lit(1)).as("persons"), min(col(SCORE)).as("lowest"))
        .orderBy(col("lowest"), col(TIER))
        .collectAsList()
        .forEach(r -> oracle.put(r.getString(0), r.getLong(1)));

    Map<String, Long> ordered = SnapshotStats.of(snapshot).tiersByLowestScore();
    assertThat(new ArrayList<>(ordered.entrySet())).isEqualTo(new ArrayList<>(oracle.entrySet()));
    assertThat(new ArrayList<>(ordered.keySet()))
        .containsExactly("zeta", "alpha", "beta", "Émile", FULLWIDTH_A, EMOJI, "gold");
  }

  @Test
  void monitoringGroupsAreInSparksOrder() {
    List<Row> rows = new ArrayList<>();
    String[][] groups = {
      {"region", "north"}, {"region", EMOJI}, {"region", FULLWIDTH_A}, {"region", null},
      {"region", "North"}, {"age_band", "25-34"}, {"age_band", "unknown"}, {null, "x"},
      {"age_band", "18-24"}
    };
    long n = 0;
    for (String[] g : groups) {
      n++;
      rows.add(
          RowFactory.create(
              g[0],
              g[1],
              n,
              n,
              600.0 + n,
              List.of(RowFactory.create("standard", n)),
              java.sql.Date.valueOf("2026-10-31"),
              "run"));
    }
    // As the report command reads them: collected from a table (arrays as Scala sequences).
    Dataset<Row> monitoring = spark().createDataFrame(rows, OutputSchemas.MONITORING);
    List<Row> collected = monitoring.collectAsList();
    List<String> oracle =
        monitoring.orderBy(col("dimension").desc(), col("group")).collectAsList().stream()
            .map(r -> r.getAs("dimension") + "/" + r.getAs("group"))
            .toList();

    List<ReportModel.Group> ordered = RunReport.groups(collected);
    assertThat(ordered.stream().map(g -> g.dimension() + "/" + g.group()).toList())
        .isEqualTo(oracle)
        .startsWith("region/null", "region/North", "region/north", "region/" + FULLWIDTH_A)
        .endsWith("null/x");
    assertThat(ordered.get(1).tiers()).containsEntry("standard", 5L);
  }

  /**
   * The run's most frequent reasons, counted from the reasons' ranks, are the rows the query over
   * the reasons themselves gives: codes whose UTF-8 and UTF-16 orders differ, tied on their count
   * at the cut; persons not scored who hold ranks; more ranks than the reasons kept; no ranks; a
   * null rank; and many persons with ranks drawn at random.
   */
  @Test
  void topReasonsFromRanksAreTheQuerysOverTheReasons() {
    Scorecard card =
        new Scorecard(
            "order-v1",
            null,
            600,
            List.of(
                new FeatureScore(
                    PAY_LATE_30_COUNT_24M,
                    EMOJI,
                    "Late payments",
                    -5,
                    List.of(new Bin(1.0, 0), new Bin(3.0, -10), new Bin(null, -30))),
                new FeatureScore(
                    PAY_ON_TIME_RATIO_24M,
                    FULLWIDTH_A,
                    "Few payments on time",
                    -7,
                    List.of(new Bin(0.9, -20), new Bin(null, 0))),
                new FeatureScore(
                    PAY_OVERDUE_AMOUNT,
                    "Émile",
                    "Amounts past due",
                    0,
                    List.of(new Bin(1.0, 0), new Bin(null, -15))),
                new FeatureScore(
                    PAY_MAX_DAYS_LATE_24M,
                    "OVD",
                    "Days late",
                    -3,
                    List.of(new Bin(10.0, 0), new Bin(null, -25)))));
    List<ScorecardApplier.RankedReason> byRank = ScorecardApplier.reasonsByRank(card);
    Map<String, Integer> rankOf = new LinkedHashMap<>();
    for (int r = 0; r < byRank.size(); r++) {
      rankOf.putIfAbsent(byRank.get(r).code(), r);
    }
    assertThat(rankOf).containsOnlyKeys(EMOJI, FULLWIDTH_A, "Émile", "OVD");

    List<Row> tied = new ArrayList<>();
    for (String code : rankOf.keySet()) {
      for (int i = 0; i < 3; i++) {
        tied.add(person(Eligibility.SCORED, rankOf.get(code)));
      }
    }
    tied.add(person("unscorable", rankOf.get("OVD"), rankOf.get("OVD")));
    tied.add(person(Eligibility.SCORED));
    tied.add(person(Eligibility.SCORED, rankOf.get("OVD"), null));
    java.util.Random random = new java.util.Random(7);
    List<Row> drawn = new ArrayList<>(tied);
    for (int p = 0; p < 500; p++) {
      Integer[] ranks = new Integer[random.nextInt(7)];
      for (int k = 0; k < ranks.length; k++) {
        ranks[k] = random.nextInt(byRank.size());
      }
      drawn.add(person(random.nextInt(5) == 0 ? "unscorable" : Eligibility.SCORED, ranks));
    }

    for (List<Row> rows : List.of(tied, drawn)) {
      Dataset<Row> ranked = spark().createDataFrame(rows, rankedSchema());
      for (int maxReasons : new int[] {0, 1, 3}) {
        for (int top : new int[] {2, 10}) {
          List<ReportModel.ReasonCount> oracle =
              ReportQueries.topReasons(ScoreStage.withReasons(ranked, card, maxReasons), top)
                  .collectAsList()
                  .stream()
                  .map(
                      r ->
                          new ReportModel.ReasonCount(r.getString(0), r.getString(1), r.getLong(2)))
                  .toList();
          assertThat(ReportQueries.topReasons(ranked, card, maxReasons, top))
              .as("%d persons, %d reasons, top %d", rows.size(), maxReasons, top)
              .isEqualTo(oracle);
        }
      }
    }
    List<ReportModel.ReasonCount> tiedTop =
        ReportQueries.topReasons(spark().createDataFrame(tied, rankedSchema()), card, 1, 2);
    assertThat(tiedTop)
        .extracting(ReportModel.ReasonCount::code)
        .as("four codes tied on 3 persons (OVD on 4), the rest in UTF-8 order")
        .containsExactly("OVD", "Émile");
  }

  /** A person of the scoring stage's ranked form with {@code status} and {@code ranks}. */
  private static Row person(String status, Integer... ranks) {
    return RowFactory.create(
        "p", 600, "standard", status, null, java.util.Arrays.asList(ranks), "order-v1");
  }

  /** {@link ScoreStage#OUTPUT} with the reasons' ranks in place of the reasons. */
  private static StructType rankedSchema() {
    StructType schema = new StructType();
    for (org.apache.spark.sql.types.StructField f : ScoreStage.OUTPUT.fields()) {
      schema =
          f.name().equals(REASONS)
              ? schema.add(
                  ScorecardApplier.RANKED, DataTypes.createArrayType(DataTypes.IntegerType, true))
              : schema.add(f);
    }
    return schema;
  }
}
