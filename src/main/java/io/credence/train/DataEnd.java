package io.credence.train;

import static io.credence.schema.Columns.DUE_DATE;
import static io.credence.schema.Columns.FILED_DATE;
import static io.credence.schema.Columns.OPENED_DATE;
import static io.credence.schema.Columns.ORDER_TS;
import static io.credence.schema.Columns.PAID_DATE;
import static io.credence.schema.Columns.REGISTERED_AT;
import static io.credence.schema.Columns.RESOLVED_DATE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.credence.schema.InputDataset;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where the inputs end: the latest event date on or before a cap, over registrations, orders (the
 * date of order_ts), due and paid dates, court filings and resolutions, and disputes opened and
 * resolved. Dates after the cap are left out, as the row rules would quarantine them as future
 * dates; birth dates are not events.
 *
 * <p>Needs the contract's date columns of each dataset. Returns one row with {@value #LATEST}
 * (date, null when no date is on or before the cap). Reads only those columns, one aggregation.
 */
public final class DataEnd {
  private DataEnd() {}

  /** The column of the result. */
  public static final String LATEST = "latest_date";

  /** One row: the latest date on or before {@code cap} over every dataset's event dates. */
  public static Dataset<Row> latestDate(Map<InputDataset, Dataset<Row>> inputs, LocalDate cap) {
    Dataset<Row> all = null;
    for (InputDataset dataset : InputDataset.values()) {
      Column[] latest =
          eventDates(dataset).stream().map(d -> max(capped(d, cap))).toArray(Column[]::new);
      Column one = latest.length == 1 ? latest[0] : greatest(latest);
      Dataset<Row> part = inputs.get(dataset).agg(one.as(LATEST));
      all = all == null ? part : all.union(part);
    }
    return all.agg(max(col(LATEST)).as(LATEST));
  }

  private static Column capped(Column date, LocalDate cap) {
    return when(date.leq(lit(Date.valueOf(cap))), date);
  }

  private static List<Column> eventDates(InputDataset dataset) {
    return switch (dataset) {
      case PERSONS -> List.of(col(REGISTERED_AT));
      case SHOPPING_ORDERS -> List.of(to_date(col(ORDER_TS)));
      case PAYMENTS -> List.of(col(DUE_DATE), col(PAID_DATE));
      case COURT_RECORDS -> List.of(col(FILED_DATE), col(RESOLVED_DATE));
      case DISPUTES -> List.of(col(OPENED_DATE), col(RESOLVED_DATE));
    };
  }
}
