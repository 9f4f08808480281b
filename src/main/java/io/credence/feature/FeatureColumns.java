package io.credence.feature;

/**
 * Transient columns passed from the per-source aggregates to the assembler; never persisted (the
 * persisted feature names are in {@link io.credence.schema.Columns}).
 */
public final class FeatureColumns {
  private FeatureColumns() {}

  /** Earliest counted payment due_date of a person. */
  public static final String PAY_FIRST_RECORD_DATE = "_pay_first_record_date";

  /** Payments due in the 12m window. */
  public static final String PAY_RECORDS_12M = "_pay_records_12m";

  /** Earliest counted order date of a person. */
  public static final String SHOP_FIRST_RECORD_DATE = "_shop_first_record_date";

  /** Orders of any status in the 12m window. */
  public static final String SHOP_RECORDS_12M = "_shop_records_12m";

  /** Earliest counted court filed_date of a person. */
  public static final String COURT_FIRST_RECORD_DATE = "_court_first_record_date";

  /** Counted court filings in the 12m window. */
  public static final String COURT_RECORDS_12M = "_court_records_12m";
}
