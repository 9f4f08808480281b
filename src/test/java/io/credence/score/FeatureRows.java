package io.credence.score;

import static io.credence.schema.Columns.*;

import io.credence.schema.OutputSchemas;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

/** Builds feature rows (FEATURE_VALUES schema) from a typical good person plus overrides. */
final class FeatureRows {
  private FeatureRows() {}

  /** A typical good person: 4 years of history, 36 payments, no court records, regular shopping. */
  static Map<String, Object> good() {
    Map<String, Object> v = new HashMap<>();
    v.put(PAY_COUNT_24M, 36);
    v.put(PAY_ON_TIME_RATIO_24M, 0.97);
    v.put(PAY_LATE_30_COUNT_24M, 0);
    v.put(PAY_LATE_90_COUNT_24M, 0);
    v.put(PAY_MAX_DAYS_LATE_24M, 6);
    v.put(PAY_OVERDUE_AMOUNT, 0);
    v.put(PAY_MONTHS_SINCE_LAST_LATE, null);
    v.put(SHOP_ORDERS_12M, 18);
    v.put(SHOP_SPEND_12M, 2400);
    v.put(SHOP_ACTIVE_MONTHS_12M, 8);
    v.put(SHOP_RETURN_RATE_12M, 0.06);
    v.put(SHOP_CHARGEBACKS_24M, 0);
    v.put(SHOP_SPEND_CV_12M, 0.9);
    v.put(COURT_ACTIVE_COUNT, 0);
    v.put(COURT_ACTIVE_AMOUNT, 0);
    v.put(COURT_DEFAULTER_LISTED, 0);
    v.put(COURT_BANKRUPTCIES_10Y, 0);
    v.put(COURT_RECORDS_7Y, 0);
    v.put(COURT_MONTHS_SINCE_LAST, null);
    v.put(HISTORY_MONTHS, 48);
    v.put(RECORDS_12M, 1);
    return v;
  }

  /** The values of {@code base} with {@code overrides} given as column, value, column, value... */
  static Map<String, Object> with(Map<String, Object> base, Object... overrides) {
    Map<String, Object> v = new HashMap<>(base);
    for (int i = 0; i < overrides.length; i += 2) {
      String column = (String) overrides[i];
      if (!Arrays.asList(OutputSchemas.FEATURE_VALUES.fieldNames()).contains(column)) {
        throw new IllegalArgumentException("not a feature column: " + column);
      }
      v.put(column, overrides[i + 1]);
    }
    return v;
  }

  /** A row of the typical good person with overrides (column, value pairs). */
  static Row row(String personId, Object... overrides) {
    return row(personId, with(good(), overrides));
  }

  /** A row from values by column; numbers are converted to each column's type. */
  static Row row(String personId, Map<String, Object> values) {
    StructField[] fields = OutputSchemas.FEATURE_VALUES.fields();
    Object[] cells = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      String name = fields[i].name();
      cells[i] =
          name.equals(PERSON_ID) ? personId : convert(values.get(name), fields[i].dataType());
    }
    return RowFactory.create(cells);
  }

  /** A DataFrame of feature rows. */
  static Dataset<Row> frame(SparkSession spark, Row... rows) {
    return spark.createDataFrame(List.of(rows), OutputSchemas.FEATURE_VALUES);
  }

  private static Object convert(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    if (type instanceof DecimalType d) {
      // Strings keep exact decimals such as "100.10".
      return new BigDecimal(value.toString()).setScale(d.scale());
    }
    Number n = (Number) value;
    if (type.equals(DataTypes.IntegerType)) {
      return n.intValue();
    }
    if (type.equals(DataTypes.DoubleType)) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException("unexpected type " + type);
  }
}
