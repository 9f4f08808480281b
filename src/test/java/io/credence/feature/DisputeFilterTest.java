package io.credence.feature;

import static io.credence.schema.Columns.CASE_ID;
import static io.credence.schema.Columns.PAYMENT_ID;
import static io.credence.schema.Columns.RECORD_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.schema.InputDataset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DisputeFilterTest extends FeatureTestBase {
  private static final Dataset<Row> PAYMENTS =
      payments(
          payment("p1", "a", "2024-01-01", null, "10.00", null),
          payment("p2", "a", "2024-02-01", null, "10.00", null),
          payment("p3", "a", "2024-03-01", null, "10.00", null),
          payment("p4", "b", "2024-03-01", null, "10.00", null));

  private static List<String> keptPayments(Object[]... disputes) {
    return DisputeFilter.filterDisputed(PAYMENTS, disputes(disputes), InputDataset.PAYMENTS, AS_OF)
        .orderBy(PAYMENT_ID)
        .collectAsList()
        .stream()
        .map(row -> row.<String>getAs(PAYMENT_ID))
        .toList();
  }

  @Test
  void excludesRecordsWithOpenDisputeOpenedOnOrBeforeAsOfOnly() {
    assertThat(
            keptPayments(
                dispute("d1", "a", "payments", "p1", "2024-06-01", "open", null),
                dispute("d2", "a", "payments", "p2", "2024-06-15", "open", null),
                dispute("d3", "a", "payments", "p3", "2024-06-16", "open", null)))
        .containsExactly("p3", "p4");
  }

  @Test
  void countsRecordsAgainOnlyOnceTheirDisputeWasRejectedByAsOf() {
    assertThat(
            keptPayments(
                dispute("d1", "a", "payments", "p1", "2024-05-01", "rejected", "2024-06-15"),
                dispute("d2", "a", "payments", "p2", "2024-05-01", "rejected", "2024-06-16"),
                dispute("d3", "a", "payments", "p3", "2024-05-01", "rejected", null)))
        .containsExactly("p1", "p4");
  }

  @Test
  void excludesRecordsWithUpheldDisputeEvenWhenOpenedAfterAsOf() {
    assertThat(
            keptPayments(
                dispute("d1", "a", "payments", "p1", "2024-07-01", "upheld", "2024-07-10"),
                dispute("d2", "a", "payments", "p2", "2024-01-01", "upheld", "2024-02-01")))
        .containsExactly("p3", "p4");
  }

  @Test
  void matchesDisputesOnSourcePersonAndRecordId() {
    assertThat(
            keptPayments(
                dispute("d1", "a", "shopping_orders", "p1", "2024-06-01", "open", null),
                dispute("d2", "b", "payments", "p2", "2024-06-01", "open", null),
                dispute("d3", "b", "payments", "p4", "2024-06-01", "open", null)))
        .containsExactly("p1", "p2", "p3");
  }

  @Test
  void filtersCourtRecordsByCaseId() {
    Dataset<Row> court =
        courtRecords(
            court("c1", "a", "civil_judgment", "2024-01-01", "10.00", "active", null),
            court("c2", "a", "civil_judgment", "2024-01-01", "10.00", "active", null));
    Dataset<Row> kept =
        DisputeFilter.filterDisputed(
            court,
            disputes(dispute("d1", "a", "court_records", "c1", "2024-06-01", "open", null)),
            InputDataset.COURT_RECORDS,
            AS_OF);
    assertThat(kept.columns()).containsExactly(court.columns());
    assertThat(kept.collectAsList()).extracting(row -> row.getAs(CASE_ID)).containsExactly("c2");
  }

  @Test
  void rejectsDisputesWithoutRecordIdNamingStageAndColumn() {
    assertThatThrownBy(
            () ->
                DisputeFilter.filterDisputed(
                    PAYMENTS, disputes().drop(RECORD_ID), InputDataset.PAYMENTS, AS_OF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dispute filter (payments)")
        .hasMessageContaining("'record_id'");
  }

  @Test
  void rejectsDatasetsThatCannotBeDisputed() {
    assertThatThrownBy(
            () -> DisputeFilter.filterDisputed(PAYMENTS, disputes(), InputDataset.PERSONS, AS_OF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("persons");
  }
}
