package io.credence.generate;

import static io.credence.generate.BadRowKind.COPY_ID_SUFFIX;
import static io.credence.generate.BadRowKind.FUTURE_PERSON_PREFIX;
import static io.credence.generate.BadRowKind.ORPHAN_PREFIX;
import static io.credence.schema.Columns.AMOUNT;
import static io.credence.schema.Columns.AMOUNT_DUE;
import static io.credence.schema.Columns.AMOUNT_PAID;
import static io.credence.schema.Columns.DUE_DATE;
import static io.credence.schema.Columns.FILED_DATE;
import static io.credence.schema.Columns.OPENED_DATE;
import static io.credence.schema.Columns.ORDER_TS;
import static io.credence.schema.Columns.PAID_DATE;
import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.REGISTERED_AT;
import static io.credence.schema.Columns.RESOLVED_DATE;
import static io.credence.schema.Columns.STATUS;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;

import io.credence.schema.InputDataset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Adds broken copies of a sampled share of clean rows, one {@link BadRowKind} per copy, in the same
 * pass that produces the clean rows (an explode into one or two rows) rather than a second scan.
 */
final class BadRows {
  /** Persons get this fraction of the share: the person table is small and referenced by all. */
  static final double PERSONS_SHARE_FACTOR = 0.25;

  private static final String COPY = "_bad_copy";
  private static final String KIND = "_bad_kind";

  private BadRows() {}

  /**
   * The clean rows of {@code dataset} (exactly its contract columns) plus bad copies of about
   * {@code share} of them, projected to the contract columns.
   */
  static Dataset<Row> inject(
      Dataset<Row> clean, InputDataset dataset, double share, LocalDate asOf, Draws d) {
    if (share == 0) {
      return clean;
    }
    List<BadRowKind> kinds = BadRowKind.kindsFor(dataset);
    double effective = dataset == InputDataset.PERSONS ? share * PERSONS_SHARE_FACTOR : share;
    Column id = col(dataset.idColumn());
    Column chosen = d.uniform("bad.pick." + dataset.tableName(), id).lt(effective);
    Column kind = floor(d.uniform("bad.kind." + dataset.tableName(), id).multiply(kinds.size()));
    Dataset<Row> copies =
        clean
            .withColumn(
                COPY,
                explode(when(chosen, array(lit(false), lit(true))).otherwise(array(lit(false)))))
            .withColumn(KIND, kind.cast("int"));
    List<Map<String, Column>> changes = new ArrayList<>();
    for (BadRowKind k : kinds) {
      changes.add(changes(k, dataset, asOf, d));
    }
    List<Column> out = new ArrayList<>();
    for (StructField field : dataset.schema().fields()) {
      Column value = col(field.name());
      for (int i = 0; i < kinds.size(); i++) {
        Column changed = changes.get(i).get(field.name());
        if (changed != null) {
          value = when(col(COPY).and(col(KIND).equalTo(i)), changed).otherwise(value);
        }
      }
      out.add(value.as(field.name()));
    }
    return copies.select(out.toArray(Column[]::new));
  }

  /** The columns a kind replaces in a dataset, as expressions over the clean row. */
  private static Map<String, Column> changes(
      BadRowKind kind, InputDataset dataset, LocalDate asOf, Draws d) {
    String idName = dataset.idColumn();
    Column id = col(idName);
    Map<String, Column> changes = new HashMap<>();
    if (kind != BadRowKind.DUPLICATE_ID) {
      changes.put(idName, concat(id, lit(COPY_ID_SUFFIX)));
    }
    switch (kind) {
      case NULL_ID -> changes.put(idName, lit(null).cast("string"));
      case BLANK_ID -> changes.put(idName, lit(" "));
      case NULL_PERSON_ID -> changes.put(PERSON_ID, lit(null).cast("string"));
      case BLANK_PERSON_ID -> changes.put(PERSON_ID, lit(""));
      case NEGATIVE_AMOUNT -> {
        String amount = dataset == InputDataset.PAYMENTS ? AMOUNT_DUE : AMOUNT;
        changes.put(amount, negate(col(amount)));
      }
      case UNKNOWN_ENUM -> {
        Map.Entry<String, String> value = BadRowKind.unknownEnumValue(dataset);
        changes.put(value.getKey(), lit(value.getValue()));
      }
      case DUPLICATE_ID -> {}
      case DATE_AFTER_AS_OF -> changes.putAll(afterAsOf(dataset, asOf, d));
      case ORPHAN_PERSON_ID ->
          changes.put(PERSON_ID, concat(lit(ORPHAN_PREFIX), substring(col(PERSON_ID), 2, 10)));
      case PAID_LONG_BEFORE_DUE -> {
        Column days = floor(d.uniform("bad.early", id).multiply(300)).plus(400).cast("int");
        changes.put(PAID_DATE, date_sub(col(DUE_DATE), days));
        changes.put(AMOUNT_PAID, col(AMOUNT_DUE));
      }
    }
    return changes;
  }

  /** The dataset's date moved 1 to 60 days past the as-of date, with the fields that implies. */
  private static Map<String, Column> afterAsOf(InputDataset dataset, LocalDate asOf, Draws d) {
    Column id = col(dataset.idColumn());
    Column days = floor(d.uniform("bad.future", id).multiply(60)).plus(1).cast("int");
    Column future = date_add(lit(asOf), days);
    Column nullDate = lit(null).cast("date");
    return switch (dataset) {
      case PERSONS ->
          Map.of(
              REGISTERED_AT,
              future,
              PERSON_ID,
              concat(lit(FUTURE_PERSON_PREFIX), substring(col(PERSON_ID), 2, 10)));
      case SHOPPING_ORDERS -> {
        long firstSecond = asOf.plusDays(1).toEpochDay() * 86_400;
        Column second = floor(d.uniform("bad.future_ts", id).multiply(60 * 86_400));
        yield Map.of(ORDER_TS, timestamp_seconds(second.plus(firstSecond)));
      }
      case PAYMENTS ->
          Map.of(DUE_DATE, future, PAID_DATE, nullDate, AMOUNT_PAID, lit(0).cast("decimal(12,2)"));
      case COURT_RECORDS ->
          Map.of(FILED_DATE, future, STATUS, lit("active"), RESOLVED_DATE, nullDate);
      case DISPUTES -> Map.of(OPENED_DATE, future, STATUS, lit("open"), RESOLVED_DATE, nullDate);
    };
  }
}
