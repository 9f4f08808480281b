package io.credence.schema;

import static io.credence.schema.Columns.*;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The input datasets of the product contract, each with its schema, key and enum domains. */
public enum InputDataset {
  PERSONS(
      "persons",
      PERSON_ID,
      true,
      schema(
          field(PERSON_ID, DataTypes.StringType),
          field(BIRTH_DATE, DataTypes.DateType),
          field(REGION, DataTypes.StringType),
          field(REGISTERED_AT, DataTypes.DateType)),
      Map.of()),
  SHOPPING_ORDERS(
      "shopping_orders",
      ORDER_ID,
      true,
      schema(
          field(ORDER_ID, DataTypes.StringType),
          field(PERSON_ID, DataTypes.StringType),
          field(ORDER_TS, DataTypes.TimestampType),
          field(AMOUNT, DataTypes.createDecimalType(12, 2)),
          field(CATEGORY, DataTypes.StringType),
          field(STATUS, DataTypes.StringType)),
      Map.of(STATUS, List.of("completed", "returned", "cancelled", "chargeback"))),
  PAYMENTS(
      "payments",
      PAYMENT_ID,
      true,
      schema(
          field(PAYMENT_ID, DataTypes.StringType),
          field(PERSON_ID, DataTypes.StringType),
          field(ACCOUNT_TYPE, DataTypes.StringType),
          field(DUE_DATE, DataTypes.DateType),
          field(PAID_DATE, DataTypes.DateType),
          field(AMOUNT_DUE, DataTypes.createDecimalType(12, 2)),
          field(AMOUNT_PAID, DataTypes.createDecimalType(12, 2))),
      Map.of(ACCOUNT_TYPE, List.of("loan", "credit_card", "utility", "telecom", "rent"))),
  COURT_RECORDS(
      "court_records",
      CASE_ID,
      true,
      schema(
          field(CASE_ID, DataTypes.StringType),
          field(PERSON_ID, DataTypes.StringType),
          field(RECORD_TYPE, DataTypes.StringType),
          field(FILED_DATE, DataTypes.DateType),
          field(AMOUNT, DataTypes.createDecimalType(14, 2)),
          field(STATUS, DataTypes.StringType),
          field(RESOLVED_DATE, DataTypes.DateType)),
      Map.of(
          RECORD_TYPE,
          List.of("civil_judgment", "enforcement", "defaulter_list", "bankruptcy"),
          STATUS,
          List.of("active", "satisfied", "dismissed"))),
  DISPUTES(
      "disputes",
      DISPUTE_ID,
      false,
      schema(
          field(DISPUTE_ID, DataTypes.StringType),
          field(PERSON_ID, DataTypes.StringType),
          field(SOURCE, DataTypes.StringType),
          field(RECORD_ID, DataTypes.StringType),
          field(OPENED_DATE, DataTypes.DateType),
          field(STATUS, DataTypes.StringType),
          field(RESOLVED_DATE, DataTypes.DateType)),
      Map.of(
          SOURCE,
          List.of("shopping_orders", "payments", "court_records"),
          STATUS,
          List.of("open", "upheld", "rejected")));

  private final String tableName;
  private final String idColumn;
  private final boolean required;
  private final StructType schema;
  private final Map<String, List<String>> enumDomains;

  InputDataset(
      String tableName,
      String idColumn,
      boolean required,
      StructType schema,
      Map<String, List<String>> enumDomains) {
    this.tableName = tableName;
    this.idColumn = idColumn;
    this.required = required;
    this.schema = schema;
    this.enumDomains = enumDomains;
  }

  /** The folder name under the input root, and the value of {@code quarantine.dataset}. */
  public String tableName() {
    return tableName;
  }

  /** The column that identifies a row; duplicates of it are quarantined. */
  public String idColumn() {
    return idColumn;
  }

  /** Whether a run fails when the dataset's folder is missing. */
  public boolean required() {
    return required;
  }

  /** The contract schema, in column order. */
  public StructType schema() {
    return schema;
  }

  /** Allowed values of each enum column. */
  public Map<String, List<String>> enumDomains() {
    return enumDomains;
  }

  /** The dataset with the given table name. */
  public static InputDataset fromTableName(String name) {
    for (InputDataset d : values()) {
      if (d.tableName.equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown dataset: " + name);
  }

  private static StructType schema(StructField... fields) {
    return new StructType(fields);
  }

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
