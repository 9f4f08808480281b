package io.credence.quality;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Person columns carried through the features' merge ({@link OnePassInputs#load}) as codes that
 * Spark's hash aggregation can hold. The merge takes a person's value as the max over their rows,
 * of which only their persons row holds it; but a hash aggregation holds fixed-width buffers only,
 * and one max of a string makes Spark sort every row of the merge instead (a sort-based
 * aggregation), which took the merge of a 1M run from about 10 s to 19. So each carried value is
 * replaced by its code in a dictionary of the values the accepted persons hold (one query over the
 * cached persons; the monitoring groups have a dozen values), by a broadcast join on the persons'
 * rows, and the merged rows get their values back by another.
 */
final class CarriedColumns {
  private static final String VALUE = "_carried_value";
  private static final String CODE = "_carried_code";
  private static final String KEY = "_carried_key";

  /** Each carried column's dictionary: a code (0, 1, …) and the value it stands for. */
  private final Map<String, Dataset<Row>> dictionaries;

  private CarriedColumns(Map<String, Dataset<Row>> dictionaries) {
    this.dictionaries = dictionaries;
  }

  /**
   * The dictionaries of {@code columns} (name to an expression over a persons row) over the values
   * that {@code persons} hold; a null value is a value of its own. Collects the distinct
   * combinations of their values: one job (none without columns).
   */
  static CarriedColumns of(Dataset<Row> persons, Map<String, Column> columns) {
    Map<String, Dataset<Row>> dictionaries = new LinkedHashMap<>();
    if (columns.isEmpty()) {
      return new CarriedColumns(dictionaries);
    }
    List<String> names = List.copyOf(columns.keySet());
    Dataset<Row> combinations =
        persons.select(names.stream().map(n -> columns.get(n).as(n)).toArray(Column[]::new));
    List<Row> seen = combinations.distinct().collectAsList();
    for (int i = 0; i < names.size(); i++) {
      Set<Object> values = new LinkedHashSet<>();
      for (Row r : seen) {
        values.add(r.get(i));
      }
      List<Row> coded = new ArrayList<>();
      for (Object value : values) {
        coded.add(RowFactory.create(coded.size(), value));
      }
      StructField field = combinations.schema().fields()[i];
      StructType schema =
          new StructType()
              .add(CODE, DataTypes.IntegerType, false)
              .add(VALUE, field.dataType(), field.nullable());
      dictionaries.put(names.get(i), persons.sparkSession().createDataFrame(coded, schema));
    }
    return new CarriedColumns(dictionaries);
  }

  /**
   * {@code persons} with each carried column added as its value's code, under the column's name:
   * the merge carries codes ({@link #merges}).
   */
  Dataset<Row> encode(Dataset<Row> persons, Map<String, Column> columns) {
    Dataset<Row> out = persons;
    for (Map.Entry<String, Dataset<Row>> d : dictionaries.entrySet()) {
      String name = d.getKey();
      Dataset<Row> codes = d.getValue().toDF(name, VALUE);
      out =
          out.withColumn(KEY, columns.get(name))
              .join(broadcast(codes), col(KEY).eqNullSafe(col(VALUE)), "left")
              .drop(KEY, VALUE);
    }
    return out;
  }

  /** The merge of each carried code over a person's rows: only their persons row holds one. */
  List<Column> merges() {
    return dictionaries.keySet().stream().map(name -> max(col(name)).as(name)).toList();
  }

  /**
   * {@code merged} with each carried code replaced by its value, in place; a row without a code (no
   * persons row) gets null. The rows keep their partitioning and order.
   */
  Dataset<Row> decode(Dataset<Row> merged) {
    Dataset<Row> out = merged;
    for (Map.Entry<String, Dataset<Row>> d : dictionaries.entrySet()) {
      String name = d.getKey();
      out =
          out.join(broadcast(d.getValue()), col(name).equalTo(col(CODE)), "left")
              .drop(name, CODE)
              .withColumnRenamed(VALUE, name);
    }
    return out.select(Stream.of(merged.columns()).map(c -> col(c)).toArray(Column[]::new));
  }
}
