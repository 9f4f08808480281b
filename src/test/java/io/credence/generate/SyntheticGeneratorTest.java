package io.credence.generate;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.schema.InputDataset;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticGeneratorTest extends SparkTestBase {
  private static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);
  private static final long PERSONS = 2_000;

  /** 2,000 persons without bad rows, cached for the tests that look at clean data. */
  private static GeneratedInputs clean;

  @BeforeAll
  static void generateCleanPopulation() {
    GeneratedInputs lazy =
        SyntheticGenerator.generate(spark(), new GeneratorSpec(11, PERSONS, AS_OF, 0.0));
    clean =
        new GeneratedInputs(
            lazy.persons().cache(),
            lazy.shoppingOrders().cache(),
            lazy.payments().cache(),
            lazy.courtRecords().cache(),
            lazy.disputes().cache());
    for (InputDataset dataset : InputDataset.values()) {
      clean.of(dataset).createOrReplaceTempView("clean_" + dataset.tableName());
    }
  }

  @AfterAll
  static void release() {
    clean.all().values().forEach(Dataset::unpersist);
  }

  @Test
  void everyDatasetHasExactlyTheContractSchema() {
    GeneratedInputs inputs = SyntheticGenerator.generate(spark(), new GeneratorSpec(1, 50, AS_OF));
    for (InputDataset dataset : InputDataset.values()) {
      assertThat(inputs.of(dataset).schema()).as(dataset.tableName()).isEqualTo(dataset.schema());
    }
  }

  @Test
  void sameSeedGivesSameRowsWhateverThePartitioning() {
    GeneratorSpec spec = new GeneratorSpec(5, 200, AS_OF, 0.05);
    GeneratedInputs two = SyntheticGenerator.generate(spark(), spec, 2);
    GeneratedInputs seven = SyntheticGenerator.generate(spark(), spec, 7);
    for (InputDataset dataset : InputDataset.values()) {
      List<String> a = sortedRows(two.of(dataset));
      assertThat(a).as(dataset.tableName()).isNotEmpty().isEqualTo(sortedRows(seven.of(dataset)));
    }
  }

  @Test
  void differentSeedGivesDifferentRows() {
    GeneratedInputs a = SyntheticGenerator.generate(spark(), new GeneratorSpec(1, 100, AS_OF));
    GeneratedInputs b = SyntheticGenerator.generate(spark(), new GeneratorSpec(2, 100, AS_OF));
    for (InputDataset dataset : new InputDataset[] {InputDataset.PERSONS, InputDataset.PAYMENTS}) {
      List<String> rowsA = sortedRows(a.of(dataset));
      Set<String> rowsB = new HashSet<>(sortedRows(b.of(dataset)));
      long shared = rowsA.stream().filter(rowsB::contains).count();
      assertThat(shared).as(dataset.tableName()).isLessThan(rowsA.size() / 10);
    }
  }

  @Test
  void cleanRowsAreNeverDatedAfterAsOf() {
    String asOf = "date'" + AS_OF + "'";
    String[] checks = {
      "select count(*) from clean_persons where registered_at > %1$s or birth_date > %1$s",
      "select count(*) from clean_shopping_orders where to_date(order_ts) > %1$s",
      "select count(*) from clean_payments where due_date > %1$s or paid_date > %1$s",
      "select count(*) from clean_court_records where filed_date > %1$s or resolved_date > %1$s",
      "select count(*) from clean_disputes where opened_date > %1$s or resolved_date > %1$s"
    };
    for (String check : checks) {
      assertThat(count(check.formatted(asOf))).as(check).isZero();
    }
  }

  @Test
  void cleanRowsBreakNoRowRule() {
    assertThat(count("select count(*) from clean_payments where paid_date < due_date - 365"))
        .isZero();
    assertThat(count("select count(*) from clean_shopping_orders where amount <= 0")).isZero();
    assertThat(count("select count(*) - count(distinct order_id) from clean_shopping_orders"))
        .isZero();
    assertThat(
            count(
                "select count(*) from clean_payments p left anti join clean_persons using"
                    + " (person_id)"))
        .isZero();
    assertThat(
            count(
                "select count(*) from clean_court_records where (status = 'active') !="
                    + " (resolved_date is null)"))
        .isZero();
  }

  @Test
  void disputesReferenceEarlierRecordsOfTheSamePerson() {
    String records =
        "select 'shopping_orders' source, order_id record_id, person_id, to_date(order_ts) day"
            + " from clean_shopping_orders"
            + " union all select 'payments', payment_id, person_id, due_date from clean_payments"
            + " union all select 'court_records', case_id, person_id, filed_date"
            + " from clean_court_records";
    long disputes = clean.disputes().count();
    long matched =
        count(
            "select count(*) from clean_disputes d join ("
                + records
                + ") r on d.source = r.source and d.record_id = r.record_id"
                + " and d.person_id = r.person_id and d.opened_date > r.day");
    assertThat(disputes).isGreaterThan(PERSONS / 4);
    assertThat(matched).isEqualTo(disputes);
    assertThat(
            count(
                "select count(*) from clean_disputes where (status = 'open') !="
                    + " (resolved_date is null) or resolved_date < opened_date"))
        .isZero();
  }

  @Test
  void populationHasThinFilesAndInactivePersons() {
    long thin =
        count(
            "select count(*) from clean_persons where registered_at > add_months(date'"
                + AS_OF
                + "', -6)");
    long inactive =
        count(
            "select count(*) from clean_persons p where not exists (select 1 from"
                + " clean_shopping_orders o where o.person_id = p.person_id and o.order_ts >"
                + " add_months(date'"
                + AS_OF
                + "', -12)) and not exists (select 1 from clean_payments y where y.person_id ="
                + " p.person_id and y.due_date > add_months(date'"
                + AS_OF
                + "', -12))");
    assertThat(thin).isBetween(PERSONS / 100, PERSONS / 10);
    assertThat(inactive).isBetween(PERSONS / 100, PERSONS / 10);
  }

  @Test
  void producesAboutHundredRowsPerPerson() {
    long rows = clean.all().values().stream().mapToLong(Dataset::count).sum();
    assertThat(rows / (double) PERSONS).isBetween(60.0, 160.0);
    assertThat(clean.persons().count()).isEqualTo(PERSONS);
  }

  @Test
  void pastDelinquencyPredictsSeriousDelinquencyInTheNextYear() {
    String d = "add_months(date'" + AS_OF + "', -12)";
    String flagged =
        "select distinct person_id from clean_payments where due_date <= %1$s and"
            + " datediff(coalesce(least(paid_date, %1$s), %1$s), due_date) >= 30"
            + " union select person_id from clean_court_records where filed_date <= %1$s";
    String serious =
        "select distinct person_id from clean_payments where due_date > %1$s and"
            + " datediff(coalesce(paid_date, date'"
            + AS_OF
            + "'), due_date) >= 90";
    Dataset<Row> rates =
        spark()
            .sql(
                ("select f.person_id is not null flagged, avg(if(s.person_id is null, 0, 1))"
                        + " rate from clean_persons p left join ("
                        + flagged
                        + ") f using (person_id) left join ("
                        + serious
                        + ") s using (person_id) group by 1")
                    .formatted(d));
    double flaggedRate = rate(rates, true);
    double otherRate = rate(rates, false);
    assertThat(otherRate).isPositive();
    assertThat(flaggedRate / otherRate).isGreaterThan(1.5);
  }

  private static double rate(Dataset<Row> rates, boolean flagged) {
    return rates.filter(col("flagged").equalTo(flagged)).first().getDouble(1);
  }

  /** The rows as sorted strings: collected, since these populations are small. */
  private static List<String> sortedRows(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private static long count(String sql) {
    return spark().sql(sql).first().getLong(0);
  }
}
