package io.credence.feature;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.sequence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.SparkTestBase;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The shortcuts of {@link FeatureExpressions} against the Spark expressions they replace. */
class FeatureExpressionsTest extends SparkTestBase {

  /** Every day of two years (one a leap year) and every month's end of four. */
  private static List<LocalDate> asOfDates() {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2023, 1, 1); d.isBefore(LocalDate.of(2025, 1, 1)); ) {
      out.add(d);
      d = d.plusDays(1);
    }
    for (LocalDate m = LocalDate.of(2021, 1, 1); m.isBefore(LocalDate.of(2026, 1, 1)); ) {
      out.add(m.withDayOfMonth(m.lengthOfMonth()));
      m = m.plusMonths(1);
    }
    return out;
  }

  @Test
  void wholeMonthsBetweenIsSparksFlooredMonthsBetweenForEveryDayOfTwentyFiveMonths() {
    List<Row> rows = new ArrayList<>();
    asOfDates().forEach(d -> rows.add(RowFactory.create(Date.valueOf(d))));
    Dataset<Row> pairs =
        spark()
            .createDataFrame(rows, new StructType().add("later", DataTypes.DateType))
            .withColumn(
                "earlier",
                explode(
                    sequence(
                        col("later").minus(lit(762)),
                        col("later"),
                        org.apache.spark.sql.functions.expr("interval 1 day"))))
            .withColumn("spark", floor(months_between(col("later"), col("earlier"))).cast("int"));
    List<Row> all = pairs.collectAsList();
    assertTrue(all.size() > 600 * 760, "pairs checked: " + all.size());
    for (Row r : all) {
      LocalDate later = r.getDate(0).toLocalDate();
      LocalDate earlier = r.getDate(1).toLocalDate();
      assertEquals(
          r.getInt(2),
          FeatureExpressions.wholeMonthsBetween(later, earlier),
          "whole months from " + earlier + " to " + later);
    }
  }

  @Test
  void wholeMonthsInWindowIsWholeMonthsToInsideTheWindowAndNullOutside() {
    for (LocalDate asOf :
        List.of(
            LocalDate.of(2024, 2, 29),
            LocalDate.of(2024, 3, 31),
            LocalDate.of(2023, 2, 28),
            LocalDate.of(2024, 6, 15),
            LocalDate.of(2026, 10, 31))) {
      for (int months : List.of(12, 24)) {
        Column date = col("date");
        Dataset<Row> days =
            spark()
                .range(-5, 800)
                .select(lit(Date.valueOf(asOf)).minus(col("id").cast("int")).as("date"))
                .union(spark().range(1).select(lit(null).cast("date").as("date")))
                .select(
                    date,
                    FeatureExpressions.wholeMonthsInWindow(date, asOf, months).as("fast"),
                    org.apache
                        .spark
                        .sql
                        .functions
                        .when(
                            FeatureExpressions.inLastMonths(date, asOf, months),
                            FeatureExpressions.wholeMonthsTo(date, asOf))
                        .as("exact"));
        List<Row> all = days.collectAsList();
        assertEquals(806, all.size());
        int inWindow = 0;
        for (Row r : all) {
          assertEquals(r.get(2), r.get(1), "D " + asOf + ", " + months + " months, " + r.get(0));
          inWindow += r.isNullAt(2) ? 0 : 1;
        }
        assertTrue(inWindow >= months * 28, "days in the window: " + inWindow);
      }
    }
  }

  @Test
  void centsAreTheAmountTimesAHundredForEveryContractAmount() {
    List<Row> rows = new ArrayList<>();
    for (String v :
        List.of(
            "0.00",
            "0.01",
            "-0.01",
            "12.34",
            "-12.34",
            "9999999999.99",
            "-9999999999.99",
            "100.10",
            "7.5")) {
      rows.add(RowFactory.create(new BigDecimal(v)));
    }
    rows.add(RowFactory.create((Object) null));
    for (int[] type : new int[][] {{12, 2}, {13, 2}, {14, 2}}) {
      Dataset<Row> amounts =
          spark()
              .createDataFrame(
                  rows,
                  new StructType()
                      .add("amount", DataTypes.createDecimalType(type[0], type[1]), true));
      List<Row> out =
          amounts
              .select(
                  FeatureExpressions.cents(col("amount")),
                  col("amount").multiply(lit(BigDecimal.valueOf(100))).cast("long"))
              .collectAsList();
      assertEquals(rows.size(), out.size());
      for (Row r : out) {
        assertEquals(r.get(1), r.get(0), "decimal(" + type[0] + "," + type[1] + ")");
      }
    }
  }
}
