package io.credence.feature;

import static io.credence.schema.Columns.PERSON_ID;

import io.credence.SparkTestBase;
import io.credence.schema.InputDataset;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Fixtures of the feature tests: one as-of date and builders of contract rows. */
abstract class FeatureTestBase extends SparkTestBase {
  /** The as-of date D of every feature test. */
  static final LocalDate AS_OF = LocalDate.of(2024, 6, 15);

  static Date date(String iso) {
    return iso == null ? null : Date.valueOf(iso);
  }

  static BigDecimal money(String amount) {
    return amount == null ? null : new BigDecimal(amount);
  }

  static Object[] person(String personId) {
    return new Object[] {personId, date("1980-01-01"), "north", date("2015-01-01")};
  }

  static Object[] order(String id, String personId, String ts, String amount, String status) {
    return new Object[] {id, personId, Timestamp.valueOf(ts), money(amount), "books", status};
  }

  static Object[] payment(
      String id, String personId, String due, String paid, String amountDue, String amountPaid) {
    return new Object[] {
      id, personId, "loan", date(due), date(paid), money(amountDue), money(amountPaid)
    };
  }

  static Object[] court(
      String id,
      String personId,
      String type,
      String filed,
      String amount,
      String status,
      String resolved) {
    return new Object[] {id, personId, type, date(filed), money(amount), status, date(resolved)};
  }

  static Object[] dispute(
      String id,
      String personId,
      String source,
      String recordId,
      String opened,
      String status,
      String resolved) {
    return new Object[] {id, personId, source, recordId, date(opened), status, date(resolved)};
  }

  static Dataset<Row> persons(Object[]... rows) {
    return rows(InputDataset.PERSONS.schema(), rows);
  }

  static Dataset<Row> orders(Object[]... rows) {
    return rows(InputDataset.SHOPPING_ORDERS.schema(), rows);
  }

  static Dataset<Row> payments(Object[]... rows) {
    return rows(InputDataset.PAYMENTS.schema(), rows);
  }

  static Dataset<Row> courtRecords(Object[]... rows) {
    return rows(InputDataset.COURT_RECORDS.schema(), rows);
  }

  static Dataset<Row> disputes(Object[]... rows) {
    return rows(InputDataset.DISPUTES.schema(), rows);
  }

  /** The rows of a per-person result keyed by person_id (fails on a duplicate person). */
  static Map<String, Row> byPerson(Dataset<Row> result) {
    Map<String, Row> rows = new HashMap<>();
    for (Row row : result.collectAsList()) {
      String personId = row.getAs(PERSON_ID);
      if (rows.put(personId, row) != null) {
        throw new AssertionError("more than one row for person " + personId);
      }
    }
    return rows;
  }
}
