package io.credence.train;

import static io.credence.schema.Columns.*;

import java.util.Map;

/**
 * Plain-language reason texts of trained scorecards, one per feature of FeatureNames.ALL; columns
 * of a table brought to {@code train --table} get a generic text the modeller can edit.
 */
public final class ReasonTexts {
  private ReasonTexts() {}

  /** Text by feature name. */
  public static final Map<String, String> BY_FEATURE =
      Map.ofEntries(
          Map.entry(PAY_COUNT_24M, "Few or no bills paid in the last 24 months"),
          Map.entry(PAY_ON_TIME_RATIO_24M, "Share of bills paid on time in the last 24 months"),
          Map.entry(PAY_LATE_30_COUNT_24M, "Payments 30 or more days late in the last 24 months"),
          Map.entry(PAY_LATE_90_COUNT_24M, "Payments 90 or more days late in the last 24 months"),
          Map.entry(
              PAY_MAX_DAYS_LATE_24M, "The most days a bill due in the last 24 months was late"),
          Map.entry(PAY_OVERDUE_AMOUNT, "Amount currently past due"),
          Map.entry(PAY_MONTHS_SINCE_LAST_LATE, "A late payment in recent months"),
          Map.entry(SHOP_ORDERS_12M, "Number of shopping orders in the last 12 months"),
          Map.entry(SHOP_SPEND_12M, "Shopping spend in the last 12 months"),
          Map.entry(SHOP_ACTIVE_MONTHS_12M, "Few months with purchases in the last 12 months"),
          Map.entry(SHOP_RETURN_RATE_12M, "Share of orders returned in the last 12 months"),
          Map.entry(SHOP_CHARGEBACKS_24M, "Chargebacks on orders in the last 24 months"),
          Map.entry(SHOP_SPEND_CV_12M, "Unsteady monthly spending in the last 12 months"),
          Map.entry(COURT_ACTIVE_COUNT, "Active court cases"),
          Map.entry(COURT_ACTIVE_AMOUNT, "Amount of active court cases"),
          Map.entry(COURT_DEFAULTER_LISTED, "Listed on a defaulter register"),
          Map.entry(COURT_BANKRUPTCIES_10Y, "A bankruptcy in the last 10 years"),
          Map.entry(COURT_RECORDS_7Y, "Court records in the last 7 years"),
          Map.entry(COURT_MONTHS_SINCE_LAST, "A recent court record"),
          Map.entry(HISTORY_MONTHS, "Short credit and shopping history"));

  /** The text of {@code feature}; a column of a bring-your-own table gets a generic one. */
  public static String of(String feature) {
    return BY_FEATURE.getOrDefault(feature, "The value of " + feature);
  }
}
