package io.credence.quality;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.schema.InputDataset;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RowRulesTest extends SparkTestBase {
  private static final LocalDate AS_OF = LocalDate.of(2026, 10, 31);

  private static Date d(String s) {
    return Date.valueOf(s);
  }

  private static BigDecimal m(String s) {
    return new BigDecimal(s);
  }

  private Dataset<Row> persons() {
    return rows(
        InputDataset.PERSONS.schema(),
        new Object[] {"P1", d("1980-01-01"), "north", d("2020-01-01")},
        new Object[] {"P2", d("1990-01-01"), "south", d("2021-01-01")});
  }

  /** Reason per id column value (null = accepted). */
  private static Map<String, String> reasons(Dataset<Row> checked, String idColumn) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : checked.select(col(idColumn), col(REJECT_REASON)).collectAsList()) {
      out.merge(String.valueOf(r.get(0)), String.valueOf(r.get(1)), RowRulesTest::sortedJoin);
    }
    return out;
  }

  private static String sortedJoin(String a, String b) {
    return java.util.stream.Stream.concat(
            java.util.Arrays.stream(a.split(",")), java.util.Arrays.stream(b.split(",")))
        .sorted()
        .collect(java.util.stream.Collectors.joining(","));
  }

  private Dataset<Row> checkPayments(Object[]... rows) {
    Dataset<Row> ids = persons().select(PERSON_ID);
    return RowRules.withRejectReason(
        InputDataset.PAYMENTS, rows(InputDataset.PAYMENTS.schema(), rows), AS_OF, ids);
  }

  private static Object[] payment(
      String id, String person, String type, String due, String paid, String amountDue) {
    return new Object[] {
      id,
      person,
      type,
      due == null ? null : d(due),
      paid == null ? null : d(paid),
      amountDue == null ? null : m(amountDue),
      m("10.00")
    };
  }

  @Test
  void acceptsCleanPayment() {
    var checked = checkPayments(payment("A", "P1", "loan", "2026-01-01", "2026-01-01", "10.00"));
    assertThat(reasons(checked, PAYMENT_ID)).containsEntry("A", "null");
  }

  @Test
  void quarantinesNullAndBlankKeys() {
    var checked =
        checkPayments(
            payment(null, "P1", "loan", "2026-01-01", null, "10.00"),
            payment("  ", "P1", "loan", "2026-01-01", null, "10.00"),
            payment("B", null, "loan", "2026-01-01", null, "10.00"),
            payment("C", " ", "loan", "2026-01-01", null, "10.00"));
    assertThat(reasons(checked, PAYMENT_ID))
        .containsEntry("null", "missing_id")
        .containsEntry("  ", "missing_id")
        .containsEntry("B", "missing_person_id")
        .containsEntry("C", "missing_person_id");
  }

  @Test
  void quarantinesUnknownEnumValue() {
    var checked = checkPayments(payment("A", "P1", "crypto", "2026-01-01", null, "10.00"));
    assertThat(reasons(checked, PAYMENT_ID)).containsEntry("A", "unknown_account_type");
  }

  @Test
  void quarantinesNegativeAmount() {
    var checked = checkPayments(payment("A", "P1", "loan", "2026-01-01", null, "-0.01"));
    assertThat(reasons(checked, PAYMENT_ID)).containsEntry("A", "negative_amount");
  }

  @Test
  void quarantinesDateAfterAsOfButNotOnIt() {
    var checked =
        checkPayments(
            payment("A", "P1", "loan", "2026-11-01", null, "10.00"),
            payment("B", "P1", "loan", "2026-10-31", "2026-10-31", "10.00"));
    assertThat(reasons(checked, PAYMENT_ID))
        .containsEntry("A", "future_date")
        .containsEntry("B", "null");
  }

  @Test
  void quarantinesPaidMoreThanAYearBeforeDue() {
    var checked =
        checkPayments(
            payment("A", "P1", "loan", "2026-06-01", "2025-05-31", "10.00"),
            payment("B", "P1", "loan", "2026-06-01", "2025-06-01", "10.00"));
    assertThat(reasons(checked, PAYMENT_ID))
        .containsEntry("A", "paid_long_before_due")
        .containsEntry("B", "null");
  }

  @Test
  void quarantinesMissingRequiredValues() {
    var checked =
        checkPayments(
            payment("A", "P1", "loan", null, null, "10.00"),
            payment("B", "P1", "loan", "2026-01-01", null, null),
            new Object[] {"C", "P1", "loan", d("2026-01-01"), d("2026-01-02"), m("10.00"), null});
    assertThat(reasons(checked, PAYMENT_ID))
        .containsEntry("A", "missing_due_date")
        .containsEntry("B", "missing_amount_due")
        .containsEntry("C", "missing_amount_paid");
  }

  @Test
  void quarantinesDisputeResolvedBeforeOpened() {
    Dataset<Row> disputes =
        rows(
            InputDataset.DISPUTES.schema(),
            new Object[] {
              "D1", "P1", "payments", "A", d("2026-02-01"), "rejected", d("2026-01-31")
            },
            new Object[] {"D2", "P1", "payments", "A", d("2026-02-01"), "open", null},
            new Object[] {"D3", "P1", "invoices", "A", d("2026-02-01"), "open", null});
    var checked =
        RowRules.withRejectReason(
            InputDataset.DISPUTES, disputes, AS_OF, persons().select(PERSON_ID));
    assertThat(reasons(checked, DISPUTE_ID))
        .containsEntry("D1", "resolved_before_opened")
        .containsEntry("D2", "null")
        .containsEntry("D3", "unknown_source");
  }

  @Test
  void quarantinesPersonNotInPersons() {
    var checked = checkPayments(payment("A", "P9", "loan", "2026-01-01", null, "10.00"));
    assertThat(reasons(checked, PAYMENT_ID)).containsEntry("A", "unknown_person");
  }

  @Test
  void keepsOneOfDuplicateIdsAndQuarantinesTheRest() {
    var checked =
        checkPayments(
            payment("A", "P1", "loan", "2026-01-01", null, "10.00"),
            payment("A", "P1", "loan", "2026-01-01", null, "10.00"),
            payment("A", "P1", "loan", "2026-02-01", null, "10.00"));
    assertThat(checked.filter(col(REJECT_REASON).isNull()).count()).isEqualTo(1);
    assertThat(checked.filter(col(REJECT_REASON).equalTo("duplicate_id")).count()).isEqualTo(2);
    // the kept row is the first by value: the earlier due date
    assertThat(checked.filter(col(REJECT_REASON).isNull()).first().getDate(3))
        .isEqualTo(d("2026-01-01"));
  }

  @Test
  void unknownPersonTakesPrecedenceOverDuplicateId() {
    var checked =
        checkPayments(
            payment("A", "P9", "loan", "2026-01-01", null, "10.00"),
            payment("A", "P9", "loan", "2026-01-01", null, "10.00"),
            payment("B", "P9", "loan", "2026-01-01", null, "-1.00"));
    assertThat(reasons(checked, PAYMENT_ID))
        .containsEntry("A", "unknown_person,unknown_person")
        .containsEntry("B", "negative_amount");
  }

  @Test
  void duplicateOfARejectedRowIsAccepted() {
    var checked =
        checkPayments(
            payment("A", "P1", "loan", "2026-01-01", null, "-1.00"),
            payment("A", "P1", "loan", "2026-01-01", null, "10.00"));
    assertThat(reasons(checked, PAYMENT_ID)).containsEntry("A", "negative_amount,null");
  }

  @Test
  void quarantinesDuplicatePersonsAndKeepsOne() {
    Dataset<Row> persons =
        rows(
            InputDataset.PERSONS.schema(),
            new Object[] {"P1", d("1980-01-01"), "north", d("2020-01-01")},
            new Object[] {"P1", d("1980-01-01"), "north", d("2020-01-01")},
            new Object[] {"", d("1980-01-01"), "north", d("2020-01-01")});
    var checked = RowRules.withRejectReason(InputDataset.PERSONS, persons, AS_OF, null);
    assertThat(reasons(checked, PERSON_ID))
        .containsEntry("P1", "duplicate_id,null")
        .containsEntry("", "missing_id");
  }

  @Test
  void quarantinesCourtRecordResolvedBeforeFiled() {
    Dataset<Row> court =
        rows(
            InputDataset.COURT_RECORDS.schema(),
            new Object[] {
              "C1", "P1", "civil_judgment", d("2024-01-01"), m("5.00"), "satisfied", d("2023-12-31")
            },
            new Object[] {"C2", "P1", "eviction", d("2024-01-01"), m("5.00"), "active", null});
    var checked =
        RowRules.withRejectReason(
            InputDataset.COURT_RECORDS, court, AS_OF, persons().select(PERSON_ID));
    assertThat(reasons(checked, CASE_ID))
        .containsEntry("C1", "resolved_before_filed")
        .containsEntry("C2", "unknown_record_type");
  }

  @Test
  void quarantinesOrderWithFutureTimestamp() {
    Dataset<Row> orders =
        rows(
            InputDataset.SHOPPING_ORDERS.schema(),
            new Object[] {
              "O1", "P1", Timestamp.valueOf("2026-11-01 00:00:00"), m("1.00"), "books", "completed"
            },
            new Object[] {
              "O2", "P2", Timestamp.valueOf("2026-10-31 23:59:59"), m("1.00"), "books", "lost"
            });
    var checked =
        RowRules.withRejectReason(
            InputDataset.SHOPPING_ORDERS, orders, AS_OF, persons().select(PERSON_ID));
    assertThat(reasons(checked, ORDER_ID))
        .containsEntry("O1", "future_date")
        .containsEntry("O2", "unknown_status");
  }

  @Test
  void splitsIntoAcceptedAndQuarantineRowsWithoutLosingAny() {
    var checked =
        checkPayments(
            payment("A", "P1", "loan", "2026-01-01", null, "10.00"),
            payment("B", "P1", "loan", "2026-01-01", null, "-10.00"),
            payment("C", "P7", "loan", "2026-01-01", null, "10.00"));
    Dataset<Row> accepted = Quarantine.filterAccepted(InputDataset.PAYMENTS, checked);
    Dataset<Row> rejected = Quarantine.filterRejected(InputDataset.PAYMENTS, checked, AS_OF, "r1");
    assertThat(accepted.schema()).isEqualTo(InputDataset.PAYMENTS.schema());
    assertThat(accepted.count() + rejected.count()).isEqualTo(3);
    Row b = rejected.filter(col(REASON).equalTo("negative_amount")).first();
    assertThat(b.getString(0)).isEqualTo("payments");
    assertThat(b.getString(2)).contains("\"payment_id\":\"B\"").contains("\"paid_date\":null");
    assertThat(b.getDate(3)).isEqualTo(Date.valueOf(AS_OF));
  }

  @Test
  void rowJsonComputedWhileValidatingIsTheQuarantineRow() {
    var checked =
        checkPayments(
            payment("A", "P1", "loan", "2026-01-01", null, "10.00"),
            payment("B", "P1", "loan", "2026-01-01", null, "-10.00"));
    var withJson = Quarantine.withRowJson(InputDataset.PAYMENTS, checked);
    assertThat(withJson.filter(col(ROW_JSON).isNotNull()).count()).isEqualTo(1);
    assertThat(
            Quarantine.filterRejected(InputDataset.PAYMENTS, withJson, AS_OF, "r1").collectAsList())
        .isEqualTo(
            Quarantine.filterRejected(InputDataset.PAYMENTS, checked, AS_OF, "r1").collectAsList());
  }
}
