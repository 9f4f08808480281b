package io.credence.feature;

import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The validated (accepted) input datasets of the feature stage, each with its contract schema from
 * {@link io.credence.schema.InputDataset}; rows may be dated after the as-of date.
 *
 * @param persons the population; one feature row is built per person
 * @param shoppingOrders shopping orders
 * @param payments payment records
 * @param courtRecords court records
 * @param disputes disputes; an empty dataset with the disputes schema when the optional dataset is
 *     absent
 */
public record FeatureInputs(
    Dataset<Row> persons,
    Dataset<Row> shoppingOrders,
    Dataset<Row> payments,
    Dataset<Row> courtRecords,
    Dataset<Row> disputes) {

  public FeatureInputs {
    Objects.requireNonNull(persons, "persons");
    Objects.requireNonNull(shoppingOrders, "shoppingOrders");
    Objects.requireNonNull(payments, "payments");
    Objects.requireNonNull(courtRecords, "courtRecords");
    Objects.requireNonNull(disputes, "disputes (pass an empty dataset when absent)");
  }
}
