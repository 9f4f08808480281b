package io.credence.schema;

import java.util.List;

/**
 * The ordered list of scorecard features. Training and scoring both iterate this list, so they
 * cannot drift apart; {@code region} and {@code birth_date} are deliberately absent.
 */
public final class FeatureNames {
  private FeatureNames() {}

  public static final List<String> ALL =
      List.of(
          Columns.PAY_COUNT_24M,
          Columns.PAY_ON_TIME_RATIO_24M,
          Columns.PAY_LATE_30_COUNT_24M,
          Columns.PAY_LATE_90_COUNT_24M,
          Columns.PAY_MAX_DAYS_LATE_24M,
          Columns.PAY_OVERDUE_AMOUNT,
          Columns.PAY_MONTHS_SINCE_LAST_LATE,
          Columns.SHOP_ORDERS_12M,
          Columns.SHOP_SPEND_12M,
          Columns.SHOP_ACTIVE_MONTHS_12M,
          Columns.SHOP_RETURN_RATE_12M,
          Columns.SHOP_CHARGEBACKS_24M,
          Columns.SHOP_SPEND_CV_12M,
          Columns.COURT_ACTIVE_COUNT,
          Columns.COURT_ACTIVE_AMOUNT,
          Columns.COURT_DEFAULTER_LISTED,
          Columns.COURT_BANKRUPTCIES_10Y,
          Columns.COURT_RECORDS_7Y,
          Columns.COURT_MONTHS_SINCE_LAST,
          Columns.HISTORY_MONTHS);

  /** Attributes that must never be scorecard inputs (monitoring only). */
  public static final List<String> PROTECTED = List.of(Columns.REGION, Columns.BIRTH_DATE);

  /**
   * Column names a bring-your-own training table may use for protected attributes besides {@link
   * #PROTECTED}: none of them may enter a scorecard either.
   */
  public static final List<String> PROTECTED_ALIASES =
      List.of(
          "age",
          "date_of_birth",
          "gender",
          "sex",
          "race",
          "ethnicity",
          "religion",
          "nationality",
          "marital_status",
          "disability");

  /** Whether {@code column} names a protected attribute (case-insensitive). */
  public static boolean isProtected(String column) {
    String name = column.toLowerCase(java.util.Locale.ROOT);
    return PROTECTED.contains(name) || PROTECTED_ALIASES.contains(name);
  }
}
