package io.credence.score;

import static io.credence.schema.Columns.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.schema.OutputSchemas;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ScorecardPipelineTest extends SparkTestBase {

  /**
   * Points are base-5 digits per feature (1, 5, 25, 125) and no score is clamped, so equal scores
   * mean equal bins for every feature, not just an equal sum.
   */
  static final Scorecard DIGITS =
      new Scorecard(
          "digits",
          null,
          400,
          List.of(
              feature(PAY_LATE_30_COUNT_24M, 4, bins(1, 3, 7), 1),
              feature(PAY_ON_TIME_RATIO_24M, 4, bins(0.5, 0.9, 0.95), 5),
              feature(PAY_OVERDUE_AMOUNT, 4, bins(0.01, 100.1, 1234.56), 25),
              feature(COURT_DEFAULTER_LISTED, 1, bins(), 125)));

  static FeatureScore feature(String name, int missingDigit, double[] uppers, int unit) {
    List<Bin> bins = new ArrayList<>();
    for (int i = 0; i < uppers.length; i++) {
      bins.add(new Bin(uppers[i], i * unit));
    }
    bins.add(new Bin(null, uppers.length * unit));
    return new FeatureScore(name, name, "text", missingDigit * unit, bins);
  }

  static double[] bins(double... uppers) {
    return uppers;
  }

  // Every edge, the value just below it, extremes, null, and NaN for the double column.
  static final List<Object> LATE = Arrays.asList(-1, 0, 1, 2, 3, 6, 7, 1000, null);
  static final List<Object> RATIO =
      Arrays.asList(
          Double.NEGATIVE_INFINITY,
          0.0,
          Math.nextDown(0.5),
          0.5,
          Math.nextDown(0.9),
          0.9,
          Math.nextDown(0.95),
          0.95,
          1.0,
          Double.POSITIVE_INFINITY,
          Double.NaN,
          null);
  static final List<Object> OVERDUE =
      Arrays.asList(
          "-5.00", "0.00", "0.01", "100.09", "100.10", "1234.55", "1234.56", "9999999.99", null);
  static final List<Object> DEFAULTER = Arrays.asList(0, 1, null);

  static List<Row> edgeRows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 54; i++) {
      rows.add(
          FeatureRows.row(
              "p" + i,
              PAY_LATE_30_COUNT_24M,
              LATE.get(i % LATE.size()),
              PAY_ON_TIME_RATIO_24M,
              RATIO.get(i % RATIO.size()),
              PAY_OVERDUE_AMOUNT,
              OVERDUE.get((i / 3) % OVERDUE.size()),
              COURT_DEFAULTER_LISTED,
              DEFAULTER.get((i / 2) % DEFAULTER.size())));
    }
    return rows;
  }

  static Map<String, Integer> scores(Dataset<Row> scored) {
    Map<String, Integer> m = new TreeMap<>();
    scored
        .select(PERSON_ID, SCORE)
        .collectAsList()
        .forEach(r -> m.put(r.getString(0), r.getInt(1)));
    return m;
  }

  /** The score computed in plain Java from the scorecard, independent of Spark. */
  static Map<String, Integer> expected(List<Row> rows, Scorecard card) {
    Map<String, Integer> m = new TreeMap<>();
    for (Row r : rows) {
      double raw = card.basePoints();
      for (FeatureScore f : card.features()) {
        Object v = r.get(OutputSchemas.FEATURE_VALUES.fieldIndex(f.feature()));
        Double value =
            v == null
                ? null
                : v instanceof BigDecimal d ? d.doubleValue() : ((Number) v).doubleValue();
        raw += f.pointsFor(value);
      }
      m.put(r.getString(0), (int) Math.max(350, Math.min(950, Math.round(raw))));
    }
    return m;
  }

  @Test
  void pipelineAndExpressionsGiveIdenticalScoresOnEveryEdge() {
    List<Row> rows = edgeRows();
    Dataset<Row> frame = spark().createDataFrame(rows, OutputSchemas.FEATURE_VALUES);
    Map<String, Integer> applier = scores(ScorecardApplier.apply(frame, DIGITS));
    Map<String, Integer> pipeline = scores(ScorecardPipeline.apply(frame, DIGITS));
    assertThat(applier).hasSize(54).isEqualTo(pipeline).isEqualTo(expected(rows, DIGITS));
    assertThat(applier.values().stream().distinct().count()).isGreaterThan(40);
  }

  @Test
  void pipelineAndExpressionsAgreeOnTheExpertScorecard() {
    Scorecard expert = ScorecardYaml.read(ScorecardYamlTest.EXPERT);
    List<Row> rows = new ArrayList<>(edgeRows());
    for (int i = 0; i < expert.features().size(); i++) {
      FeatureScore f = expert.features().get(i);
      for (Bin b : f.bins()) {
        if (b.upper() != null) {
          rows.add(FeatureRows.row(f.feature() + "@" + b.upper(), f.feature(), b.upper()));
        }
      }
      rows.add(FeatureRows.row(f.feature() + "@null", f.feature(), null));
    }
    Dataset<Row> frame = spark().createDataFrame(rows, OutputSchemas.FEATURE_VALUES);
    Map<String, Integer> applier = scores(ScorecardApplier.apply(frame, expert));
    assertThat(applier)
        .isEqualTo(scores(ScorecardPipeline.apply(frame, expert)))
        .isEqualTo(expected(rows, expert));
  }

  @Test
  void pipelineDropsItsWorkingColumns() {
    Dataset<Row> frame = FeatureRows.frame(spark(), FeatureRows.row("p"));
    Dataset<Row> out = ScorecardPipeline.apply(frame, DIGITS);
    List<String> expectedColumns = new ArrayList<>(Arrays.asList(frame.columns()));
    expectedColumns.addAll(List.of(SCORE, SCORECARD_ID));
    assertThat(out.columns()).containsExactlyElementsOf(expectedColumns);
  }

  @Test
  void pipelineAndExpressionsAgreeOnCategoricalBins() {
    FeatureScore employment =
        new FeatureScore(
            "employment",
            FeatureKind.CATEGORY,
            "E",
            "text",
            1,
            List.of(
                Bin.categories(List.of("salaried", "it's \"quoted\""), 5),
                Bin.categories(List.of("self"), 25),
                Bin.otherCategories(125)));
    FeatureScore utilization =
        new FeatureScore(
            "utilization", "U", "text", 0, List.of(new Bin(0.5, 250), new Bin(null, 0)));
    Scorecard card =
        new Scorecard(
            "categories", null, ScorecardInput.TABLE, 400, List.of(employment, utilization));
    StructType schema =
        new StructType()
            .add(PERSON_ID, DataTypes.StringType)
            .add("employment", DataTypes.StringType)
            .add("utilization", DataTypes.DoubleType);
    Dataset<Row> frame =
        rows(
            schema,
            new Object[] {"a", "salaried", 0.1},
            new Object[] {"b", "it's \"quoted\"", 0.9},
            new Object[] {"c", "self", null},
            new Object[] {"d", "never seen", 0.5},
            new Object[] {"e", null, 0.2},
            new Object[] {"f", "", Double.NaN},
            new Object[] {"g", "Salaried", 0.7});
    Map<String, Integer> applier = scores(ScorecardApplier.apply(frame, card));
    assertThat(applier)
        .isEqualTo(scores(ScorecardPipeline.apply(frame, card)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("a", 655, "b", 405, "c", 425, "d", 525, "e", 651, "f", 525, "g", 525));
  }
}
