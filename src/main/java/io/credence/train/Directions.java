package io.credence.train;

import static io.credence.schema.Columns.*;

import java.util.Map;

/**
 * The business direction of the features where it is beyond doubt: binning forces the bad rate to
 * move this way, so a feature whose data disagrees collapses to one bin and is dropped for its IV.
 * Features not listed take the direction their data shows.
 */
public final class Directions {
  private Directions() {}

  /** Fixed directions by feature name. */
  public static final Map<String, Direction> FIXED =
      Map.ofEntries(
          Map.entry(PAY_ON_TIME_RATIO_24M, Direction.FALLING),
          Map.entry(PAY_LATE_30_COUNT_24M, Direction.RISING),
          Map.entry(PAY_LATE_90_COUNT_24M, Direction.RISING),
          Map.entry(PAY_MAX_DAYS_LATE_24M, Direction.RISING),
          Map.entry(PAY_OVERDUE_AMOUNT, Direction.RISING),
          Map.entry(PAY_MONTHS_SINCE_LAST_LATE, Direction.FALLING),
          Map.entry(SHOP_RETURN_RATE_12M, Direction.RISING),
          Map.entry(SHOP_CHARGEBACKS_24M, Direction.RISING),
          Map.entry(COURT_ACTIVE_COUNT, Direction.RISING),
          Map.entry(COURT_ACTIVE_AMOUNT, Direction.RISING),
          Map.entry(COURT_DEFAULTER_LISTED, Direction.RISING),
          Map.entry(COURT_BANKRUPTCIES_10Y, Direction.RISING),
          Map.entry(COURT_RECORDS_7Y, Direction.RISING),
          Map.entry(COURT_MONTHS_SINCE_LAST, Direction.FALLING),
          Map.entry(HISTORY_MONTHS, Direction.FALLING));
}
