package io.credence.feature;

import static io.credence.feature.FeatureExpressions.wholeMonthsTo;
import static io.credence.schema.Columns.COURT_ACTIVE_AMOUNT;
import static io.credence.schema.Columns.COURT_ACTIVE_COUNT;
import static io.credence.schema.Columns.COURT_BANKRUPTCIES_10Y;
import static io.credence.schema.Columns.COURT_DEFAULTER_LISTED;
import static io.credence.schema.Columns.COURT_RECORDS_7Y;
import static io.credence.schema.Columns.HISTORY_MONTHS;
import static io.credence.schema.Columns.PAY_COUNT_24M;
import static io.credence.schema.Columns.PAY_LATE_30_COUNT_24M;
import static io.credence.schema.Columns.PAY_LATE_90_COUNT_24M;
import static io.credence.schema.Columns.PAY_OVERDUE_AMOUNT;
import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.RECORDS_12M;
import static io.credence.schema.Columns.SHOP_ACTIVE_MONTHS_12M;
import static io.credence.schema.Columns.SHOP_CHARGEBACKS_24M;
import static io.credence.schema.Columns.SHOP_ORDERS_12M;
import static io.credence.schema.Columns.SHOP_SPEND_12M;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.credence.schema.ColumnChecks;
import io.credence.schema.OutputSchemas;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/** Joins the per-person source aggregates to the population and fills the contract's defaults. */
public final class FeatureAssembler {
  private static final String STAGE = "feature assembler";

  /** Counts and amounts that are 0 (0.00) for a person without records; the rest stay null. */
  private static final Set<String> ZERO_WHEN_ABSENT =
      Set.of(
          PAY_COUNT_24M,
          PAY_LATE_30_COUNT_24M,
          PAY_LATE_90_COUNT_24M,
          PAY_OVERDUE_AMOUNT,
          SHOP_ORDERS_12M,
          SHOP_SPEND_12M,
          SHOP_ACTIVE_MONTHS_12M,
          SHOP_CHARGEBACKS_24M,
          COURT_ACTIVE_COUNT,
          COURT_ACTIVE_AMOUNT,
          COURT_DEFAULTER_LISTED,
          COURT_BANKRUPTCIES_10Y,
          COURT_RECORDS_7Y);

  private FeatureAssembler() {}

  /**
   * Left-joins the outputs of {@link PaymentFeatures}, {@link ShoppingFeatures} and {@link
   * CourtFeatures} to {@code persons} on person_id and returns exactly {@link
   * OutputSchemas#FEATURE_VALUES}: one row per person, counts and amounts 0 when absent, ratios,
   * maxima and months-since null; history_months from the earliest record of any source (null when
   * none) and records_12m the sum of the sources' 12m counts.
   *
   * <p>Needs {@code person_id} in {@code persons} and the columns each aggregate adds. Drops no
   * person; aggregate rows of persons not in {@code persons} are dropped. Costs one shuffle of
   * {@code persons}; the aggregates are already partitioned by person_id.
   */
  public static Dataset<Row> assemble(
      Dataset<Row> persons,
      Dataset<Row> payments,
      Dataset<Row> shopping,
      Dataset<Row> court,
      LocalDate asOf) {
    ColumnChecks.requirePresent(persons, STAGE, PERSON_ID);
    ColumnChecks.requirePresent(
        payments,
        STAGE,
        PERSON_ID,
        FeatureColumns.PAY_FIRST_RECORD_DATE,
        FeatureColumns.PAY_RECORDS_12M);
    ColumnChecks.requirePresent(
        shopping,
        STAGE,
        PERSON_ID,
        FeatureColumns.SHOP_FIRST_RECORD_DATE,
        FeatureColumns.SHOP_RECORDS_12M);
    ColumnChecks.requirePresent(
        court,
        STAGE,
        PERSON_ID,
        FeatureColumns.COURT_FIRST_RECORD_DATE,
        FeatureColumns.COURT_RECORDS_12M);
    String[] key = {PERSON_ID};
    Dataset<Row> joined =
        persons
            .select(PERSON_ID)
            .join(payments, key, "left")
            .join(shopping, key, "left")
            .join(court, key, "left");
    return select(joined, asOf);
  }

  /**
   * As {@link #assemble}, from one row per person that already holds every source's columns (nulls
   * for a source without records of the person): the contract's defaults, history_months,
   * records_12m, and exactly {@link OutputSchemas#FEATURE_VALUES}. Adds no shuffle.
   */
  public static Dataset<Row> select(Dataset<Row> perPerson, LocalDate asOf) {
    return select(perPerson, asOf, List.of());
  }

  /**
   * As {@link #select(Dataset, LocalDate)}, with the columns {@code carried} after the features.
   */
  public static Dataset<Row> select(Dataset<Row> perPerson, LocalDate asOf, List<String> carried) {
    ColumnChecks.requirePresent(
        perPerson,
        STAGE,
        PERSON_ID,
        FeatureColumns.PAY_FIRST_RECORD_DATE,
        FeatureColumns.SHOP_FIRST_RECORD_DATE,
        FeatureColumns.COURT_FIRST_RECORD_DATE);
    ColumnChecks.requirePresent(perPerson, STAGE, carried);
    Column[] output =
        Stream.concat(
                Arrays.stream(OutputSchemas.FEATURE_VALUES.fields())
                    .map(field -> valueOf(field, asOf)),
                carried.stream().map(c -> col(c)))
            .toArray(Column[]::new);
    return perPerson.select(output);
  }

  /** The output column for one field of the feature schema, with its default and type. */
  private static Column valueOf(StructField field, LocalDate asOf) {
    String name = field.name();
    Column value;
    if (name.equals(HISTORY_MONTHS)) {
      value =
          wholeMonthsTo(
              least(
                  col(FeatureColumns.PAY_FIRST_RECORD_DATE),
                  col(FeatureColumns.SHOP_FIRST_RECORD_DATE),
                  col(FeatureColumns.COURT_FIRST_RECORD_DATE)),
              asOf);
    } else if (name.equals(RECORDS_12M)) {
      value =
          zeroWhenNull(col(FeatureColumns.PAY_RECORDS_12M))
              .plus(zeroWhenNull(col(FeatureColumns.SHOP_RECORDS_12M)))
              .plus(zeroWhenNull(col(FeatureColumns.COURT_RECORDS_12M)));
    } else if (ZERO_WHEN_ABSENT.contains(name)) {
      value = zeroWhenNull(col(name));
    } else {
      value = col(name);
    }
    return value.cast(field.dataType()).as(name);
  }

  /**
   * 0 where {@code value} is null. A CASE rather than coalesce: coalesce with a literal is
   * non-nullable, and the output must carry the nullable fields of FEATURE_VALUES exactly.
   */
  private static Column zeroWhenNull(Column value) {
    return when(value.isNull(), lit(0)).otherwise(value);
  }
}
