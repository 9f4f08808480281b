package io.credence.feature;

import io.credence.config.FeatureConfig;
import io.credence.schema.InputDataset;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The feature stage: from validated inputs to one feature row per person at an as-of date. */
public final class FeatureBuilder {
  private FeatureBuilder() {}

  /**
   * Returns exactly {@link io.credence.schema.OutputSchemas#FEATURE_VALUES}, one row per person of
   * {@code inputs.persons()}: each source is cleared of records disputed at {@code asOf},
   * aggregated per person (one shuffle per source), and the aggregates are joined to the persons.
   * Records dated after {@code asOf} are ignored, so training can build features at an earlier date
   * from the same inputs.
   */
  public static Dataset<Row> build(FeatureInputs inputs, LocalDate asOf, FeatureConfig config) {
    Dataset<Row> disputes = inputs.disputes();
    Dataset<Row> payments =
        PaymentFeatures.aggregate(
            DisputeFilter.filterDisputed(inputs.payments(), disputes, InputDataset.PAYMENTS, asOf),
            asOf);
    Dataset<Row> shopping =
        ShoppingFeatures.aggregate(
            DisputeFilter.filterDisputed(
                inputs.shoppingOrders(), disputes, InputDataset.SHOPPING_ORDERS, asOf),
            asOf);
    Dataset<Row> court =
        CourtFeatures.aggregate(
            DisputeFilter.filterDisputed(
                inputs.courtRecords(), disputes, InputDataset.COURT_RECORDS, asOf),
            asOf,
            config);
    return FeatureAssembler.assemble(inputs.persons(), payments, shopping, court, asOf);
  }
}
