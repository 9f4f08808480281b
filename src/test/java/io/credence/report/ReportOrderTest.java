package io.credence.report;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.schema.OutputSchemas;
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
}
