package io.credence.schema;

/** Every column name the job reads or writes, in one place. */
public final class Columns {
  private Columns() {}

  // persons
  public static final String PERSON_ID = "person_id";
  public static final String BIRTH_DATE = "birth_date";
  public static final String REGION = "region";
  public static final String REGISTERED_AT = "registered_at";

  // shopping_orders
  public static final String ORDER_ID = "order_id";
  public static final String ORDER_TS = "order_ts";
  public static final String AMOUNT = "amount";
  public static final String CATEGORY = "category";
  public static final String STATUS = "status";

  // payments
  public static final String PAYMENT_ID = "payment_id";
  public static final String ACCOUNT_TYPE = "account_type";
  public static final String DUE_DATE = "due_date";
  public static final String PAID_DATE = "paid_date";
  public static final String AMOUNT_DUE = "amount_due";
  public static final String AMOUNT_PAID = "amount_paid";

  // court_records
  public static final String CASE_ID = "case_id";
  public static final String RECORD_TYPE = "record_type";
  public static final String FILED_DATE = "filed_date";
  public static final String RESOLVED_DATE = "resolved_date";

  // disputes
  public static final String DISPUTE_ID = "dispute_id";
  public static final String SOURCE = "source";
  public static final String RECORD_ID = "record_id";
  public static final String OPENED_DATE = "opened_date";

  // shared by outputs
  public static final String RUN_ID = "run_id";
  public static final String SNAPSHOT_DATE = "snapshot_date";
  public static final String SCORE = "score";
  public static final String TIER = "tier";
  public static final String SCORE_STATUS = "status";
  public static final String UNSCORABLE_REASON = "unscorable_reason";
  public static final String REASONS = "reasons";
  public static final String REASON_CODE = "code";
  public static final String REASON_FEATURE = "feature";
  public static final String POINTS_LOST = "points_lost";
  public static final String REASON_TEXT = "text";
  public static final String SCORECARD_ID = "scorecard_id";

  // quarantine
  public static final String DATASET = "dataset";
  public static final String REASON = "reason";
  public static final String ROW_JSON = "row_json";

  // erasures and lookup_audit: a person as the tables know them (pseudonym, or SHA-256 of the id)
  public static final String PERSON_KEY = "person_key";

  /** Transient column set by the row rules: null when a row is accepted. */
  public static final String REJECT_REASON = "_reject_reason";

  // features
  public static final String PAY_COUNT_24M = "pay_count_24m";
  public static final String PAY_ON_TIME_RATIO_24M = "pay_on_time_ratio_24m";
  public static final String PAY_LATE_30_COUNT_24M = "pay_late_30_count_24m";
  public static final String PAY_LATE_90_COUNT_24M = "pay_late_90_count_24m";
  public static final String PAY_MAX_DAYS_LATE_24M = "pay_max_days_late_24m";
  public static final String PAY_OVERDUE_AMOUNT = "pay_overdue_amount";
  public static final String PAY_MONTHS_SINCE_LAST_LATE = "pay_months_since_last_late";
  public static final String SHOP_ORDERS_12M = "shop_orders_12m";
  public static final String SHOP_SPEND_12M = "shop_spend_12m";
  public static final String SHOP_ACTIVE_MONTHS_12M = "shop_active_months_12m";
  public static final String SHOP_RETURN_RATE_12M = "shop_return_rate_12m";
  public static final String SHOP_CHARGEBACKS_24M = "shop_chargebacks_24m";
  public static final String SHOP_SPEND_CV_12M = "shop_spend_cv_12m";
  public static final String COURT_ACTIVE_COUNT = "court_active_count";
  public static final String COURT_ACTIVE_AMOUNT = "court_active_amount";
  public static final String COURT_DEFAULTER_LISTED = "court_defaulter_listed";
  public static final String COURT_BANKRUPTCIES_10Y = "court_bankruptcies_10y";
  public static final String COURT_RECORDS_7Y = "court_records_7y";
  public static final String COURT_MONTHS_SINCE_LAST = "court_months_since_last";
  public static final String HISTORY_MONTHS = "history_months";

  /**
   * Set by the feature stage: the number of counted records in the 12 months before the as-of date.
   * Drives the {@code inactive} eligibility rule; not a scorecard feature.
   */
  public static final String RECORDS_12M = "records_12m";
}
