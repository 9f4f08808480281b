package io.credence.generate;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.schema.InputDataset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.Test;

/**
 * Classifies generated rows by the row rules of the product brief, the way a quarantine stage
 * would, and checks every bad row breaks exactly one rule.
 */
class BadRowsTest extends SparkTestBase {
  private static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);
  private static final String KINDS = "kinds";

  @Test
  void everyKindOfBadRowIsPresentAndBreaksExactlyOneRule() {
    // 5,000 persons: enough court records (about 650) for each of 9 kinds to show up at 10%
    GeneratorSpec spec = new GeneratorSpec(3, 5_000, AS_OF, GeneratorSpec.MAX_BAD_ROW_SHARE);
    GeneratedInputs dirty = SyntheticGenerator.generate(spark(), spec);
    GeneratedInputs clean =
        SyntheticGenerator.generate(spark(), new GeneratorSpec(3, 5_000, AS_OF, 0.0));
    for (InputDataset dataset : InputDataset.values()) {
      Map<String, Long> counts = kindCounts(classify(dirty, dataset));
      for (BadRowKind kind : BadRowKind.values()) {
        long found = counts.getOrDefault(kind.name(), 0L);
        if (kind.appliesTo(dataset)) {
          assertThat(found).as(dataset + " " + kind).isPositive();
        } else {
          assertThat(found).as(dataset + " " + kind).isZero();
        }
      }
      assertThat(counts.getOrDefault("MORE_THAN_ONE", 0L)).as(dataset.tableName()).isZero();
      // a duplicate flags the clean original too: one of each pair is clean
      long cleanRows =
          counts.getOrDefault("NONE", 0L) + counts.getOrDefault("DUPLICATE_ID", 0L) / 2;
      assertThat(cleanRows).as(dataset.tableName()).isEqualTo(clean.of(dataset).count());
    }
  }

  @Test
  void defaultShareOfBadRowsIsSmall() {
    GeneratedInputs dirty =
        SyntheticGenerator.generate(spark(), new GeneratorSpec(4, 2_000, AS_OF));
    GeneratedInputs clean =
        SyntheticGenerator.generate(spark(), new GeneratorSpec(4, 2_000, AS_OF, 0.0));
    for (InputDataset dataset : InputDataset.values()) {
      // bad rows are extra rows: clean rows are the same whatever the share
      long total = dirty.of(dataset).count();
      double share = (total - clean.of(dataset).count()) / (double) total;
      double expected = GeneratorSpec.DEFAULT_BAD_ROW_SHARE;
      boolean large = dataset == InputDataset.SHOPPING_ORDERS || dataset == InputDataset.PAYMENTS;
      assertThat(share)
          .as(dataset.tableName())
          .isBetween(large ? expected / 2 : 0.0, large ? expected * 2 : expected * 4);
    }
  }

  /** The input rows with an array of the rules each breaks. */
  private static Dataset<Row> classify(GeneratedInputs inputs, InputDataset dataset) {
    Dataset<Row> rows = inputs.of(dataset);
    Column id = col(dataset.idColumn());
    Dataset<Row> withCount =
        rows.withColumn("_id_count", count(lit(1)).over(Window.partitionBy(id)));
    Dataset<Row> withKnown = withKnownPerson(withCount, inputs.persons(), dataset);
    List<Column> flags = new ArrayList<>();
    for (Map.Entry<BadRowKind, Column> rule : rules(dataset).entrySet()) {
      flags.add(when(rule.getValue(), lit(rule.getKey().name())));
    }
    return withKnown.withColumn(KINDS, array_compact(array(flags.toArray(Column[]::new))));
  }

  private static Dataset<Row> withKnownPerson(
      Dataset<Row> rows, Dataset<Row> persons, InputDataset dataset) {
    if (dataset == InputDataset.PERSONS) {
      return rows.withColumn("_known", lit(true));
    }
    Dataset<Row> known =
        persons.select(col(PERSON_ID).as("_pid")).distinct().withColumn("_known", lit(true));
    return rows.join(known, rows.col(PERSON_ID).equalTo(known.col("_pid")), "left").drop("_pid");
  }

  /** The brief's row rules, each as a predicate on the row. */
  private static Map<BadRowKind, Column> rules(InputDataset dataset) {
    Column id = col(dataset.idColumn());
    Column person = col(PERSON_ID);
    Column asOf = lit(AS_OF);
    Map<BadRowKind, Column> rules = new HashMap<>();
    rules.put(BadRowKind.NULL_ID, id.isNull());
    rules.put(BadRowKind.BLANK_ID, id.isNotNull().and(trim(id).equalTo("")));
    Column keyed = id.isNotNull().and(trim(id).notEqual(""));
    rules.put(BadRowKind.DUPLICATE_ID, keyed.and(col("_id_count").gt(1)));
    if (dataset != InputDataset.PERSONS) {
      rules.put(BadRowKind.NULL_PERSON_ID, person.isNull());
      rules.put(BadRowKind.BLANK_PERSON_ID, person.isNotNull().and(trim(person).equalTo("")));
      Column present = person.isNotNull().and(trim(person).notEqual(""));
      rules.put(BadRowKind.ORPHAN_PERSON_ID, present.and(col("_known").isNull()));
      Map.Entry<String, String> unknown = BadRowKind.unknownEnumValue(dataset);
      Column outOfDomain = lit(false);
      for (Map.Entry<String, List<String>> domain : dataset.enumDomains().entrySet()) {
        outOfDomain = outOfDomain.or(not(col(domain.getKey()).isin(domain.getValue().toArray())));
      }
      rules.put(BadRowKind.UNKNOWN_ENUM, outOfDomain);
      assertThat(dataset.enumDomains()).containsKey(unknown.getKey());
    }
    rules.put(BadRowKind.DATE_AFTER_AS_OF, mainDate(dataset).gt(asOf));
    switch (dataset) {
      case SHOPPING_ORDERS, COURT_RECORDS ->
          rules.put(BadRowKind.NEGATIVE_AMOUNT, col(AMOUNT).lt(0));
      case PAYMENTS -> {
        rules.put(BadRowKind.NEGATIVE_AMOUNT, col(AMOUNT_DUE).lt(0).or(col(AMOUNT_PAID).lt(0)));
        rules.put(
            BadRowKind.PAID_LONG_BEFORE_DUE, col(PAID_DATE).lt(add_months(col(DUE_DATE), -12)));
      }
      default -> {}
    }
    return rules;
  }

  private static Column mainDate(InputDataset dataset) {
    return switch (dataset) {
      case PERSONS -> col(REGISTERED_AT);
      case SHOPPING_ORDERS -> to_date(col(ORDER_TS));
      case PAYMENTS -> col(DUE_DATE);
      case COURT_RECORDS -> col(FILED_DATE);
      case DISPUTES -> col(OPENED_DATE);
    };
  }

  /** Rows per kind: NONE for clean rows, MORE_THAN_ONE for rows breaking several rules. */
  private static Map<String, Long> kindCounts(Dataset<Row> classified) {
    Column label =
        when(size(col(KINDS)).equalTo(0), lit("NONE"))
            .when(size(col(KINDS)).gt(1), lit("MORE_THAN_ONE"))
            .otherwise(col(KINDS).getItem(0));
    Map<String, Long> counts = new HashMap<>();
    for (Row row : classified.groupBy(label.as("kind")).count().collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }
}
