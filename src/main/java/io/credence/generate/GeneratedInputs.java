package io.credence.generate;

import io.credence.schema.InputDataset;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The five generated input datasets, each with exactly its contract schema; nothing computed. */
public record GeneratedInputs(
    Dataset<Row> persons,
    Dataset<Row> shoppingOrders,
    Dataset<Row> payments,
    Dataset<Row> courtRecords,
    Dataset<Row> disputes) {

  /** The dataset for one input of the contract. */
  public Dataset<Row> of(InputDataset dataset) {
    return switch (dataset) {
      case PERSONS -> persons;
      case SHOPPING_ORDERS -> shoppingOrders;
      case PAYMENTS -> payments;
      case COURT_RECORDS -> courtRecords;
      case DISPUTES -> disputes;
    };
  }

  /** All five, in {@link InputDataset} order. */
  public Map<InputDataset, Dataset<Row>> all() {
    Map<InputDataset, Dataset<Row>> all = new EnumMap<>(InputDataset.class);
    for (InputDataset dataset : InputDataset.values()) {
      all.put(dataset, of(dataset));
    }
    return all;
  }
}
