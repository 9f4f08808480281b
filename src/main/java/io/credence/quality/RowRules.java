package io.credence.quality;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.*;

import io.credence.schema.ColumnChecks;
import io.credence.schema.Columns;
import io.credence.schema.InputDataset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The row rules of the input contract. Each row gets the reason of the first rule it breaks, or
 * null when it breaks none; no row is dropped, so input = accepted + quarantined holds by
 * construction. The duplicate-id check (a window partitioned by person_id, ordered by id) and the
 * person check (a sort-merge join on person_id) both ride on the one shuffle, and the one sort, by
 * person_id that the feature aggregation reuses.
 */
public final class RowRules {
  /** The reason of a row dated after the run's as-of date. */
  public static final String FUTURE_DATE = "future_date";

  private RowRules() {}

  /** A named rule: rows for which {@code broken} is true are quarantined with {@code reason}. */
  public record Rule(String reason, Column broken) {}

  /**
   * Adds {@link Columns#REJECT_REASON} to {@code rows} of {@code dataset}.
   *
   * @param rows rows in the contract schema of {@code dataset}
   * @param asOf the run's as-of date; later dates are rejected
   * @param knownPersonIds accepted person ids (column person_id), or null for the persons dataset
   */
  public static Dataset<Row> withRejectReason(
      InputDataset dataset, Dataset<Row> rows, LocalDate asOf, Dataset<Row> knownPersonIds) {
    ColumnChecks.requirePresent(
        rows, "row rules (" + dataset.tableName() + ")", dataset.schema().fieldNames());
    Dataset<Row> checked =
        withDuplicateFlag(dataset, rows.withColumn(REJECT_REASON, ruleReason(dataset, asOf)));
    Column duplicate = when(col(DUPLICATE), lit("duplicate_id"));
    if (knownPersonIds != null) {
      checked = withUnknownPerson(checked, knownPersonIds, duplicate);
    } else {
      checked = checked.withColumn(REJECT_REASON, coalesce(col(REJECT_REASON), duplicate));
    }
    return checked.drop(DUPLICATE);
  }

  /** Transient flag of a row that repeats an earlier row's (person_id, id). */
  private static final String DUPLICATE = "_duplicate_id";

  /** The reason of the first {@link #rowRules} rule a row breaks, or null when it breaks none. */
  public static Column ruleReason(InputDataset dataset, LocalDate asOf) {
    List<Column> checks = new ArrayList<>();
    for (Rule rule : rowRules(dataset, asOf)) {
      checks.add(when(rule.broken(), lit(rule.reason())));
    }
    return coalesce(checks.toArray(Column[]::new));
  }

  /** The rules that look at one row at a time, in the order they are tried. */
  public static List<Rule> rowRules(InputDataset dataset, LocalDate asOf) {
    Column day = lit(java.sql.Date.valueOf(asOf));
    List<Rule> rules = new ArrayList<>();
    rules.add(new Rule("missing_id", blank(col(dataset.idColumn()))));
    if (dataset != InputDataset.PERSONS) {
      rules.add(new Rule("missing_person_id", blank(col(PERSON_ID))));
    }
    for (String required : requiredColumns(dataset)) {
      rules.add(new Rule("missing_" + required, col(required).isNull()));
    }
    for (Map.Entry<String, List<String>> e : dataset.enumDomains().entrySet()) {
      rules.add(
          new Rule(
              "unknown_" + e.getKey(),
              col(e.getKey()).isNull().or(not(col(e.getKey()).isin(e.getValue().toArray())))));
    }
    for (String amount : amountColumns(dataset)) {
      rules.add(new Rule("negative_amount", col(amount).lt(0)));
    }
    for (Column date : dateColumns(dataset)) {
      rules.add(new Rule(FUTURE_DATE, date.gt(day)));
    }
    rules.addAll(consistencyRules(dataset));
    return rules;
  }

  private static List<String> requiredColumns(InputDataset dataset) {
    return switch (dataset) {
      case PERSONS -> List.of();
      case SHOPPING_ORDERS -> List.of(ORDER_TS, AMOUNT);
      case PAYMENTS -> List.of(DUE_DATE, AMOUNT_DUE);
      case COURT_RECORDS -> List.of(FILED_DATE, AMOUNT);
      case DISPUTES -> List.of(RECORD_ID, OPENED_DATE);
    };
  }

  private static List<String> amountColumns(InputDataset dataset) {
    return switch (dataset) {
      case SHOPPING_ORDERS, COURT_RECORDS -> List.of(AMOUNT);
      case PAYMENTS -> List.of(AMOUNT_DUE, AMOUNT_PAID);
      default -> List.of();
    };
  }

  private static List<Column> dateColumns(InputDataset dataset) {
    return switch (dataset) {
      case PERSONS -> List.of(col(BIRTH_DATE), col(REGISTERED_AT));
      case SHOPPING_ORDERS -> List.of(to_date(col(ORDER_TS)));
      case PAYMENTS -> List.of(col(DUE_DATE), col(PAID_DATE));
      case COURT_RECORDS -> List.of(col(FILED_DATE), col(RESOLVED_DATE));
      case DISPUTES -> List.of(col(OPENED_DATE), col(RESOLVED_DATE));
    };
  }

  private static List<Rule> consistencyRules(InputDataset dataset) {
    return switch (dataset) {
      case PAYMENTS ->
          List.of(
              new Rule(
                  "missing_amount_paid", col(PAID_DATE).isNotNull().and(col(AMOUNT_PAID).isNull())),
              new Rule("paid_long_before_due", col(PAID_DATE).lt(add_months(col(DUE_DATE), -12))));
      case COURT_RECORDS ->
          List.of(new Rule("resolved_before_filed", col(RESOLVED_DATE).lt(col(FILED_DATE))));
      case DISPUTES ->
          List.of(new Rule("resolved_before_opened", col(RESOLVED_DATE).lt(col(OPENED_DATE))));
      default -> List.of();
    };
  }

  /**
   * Sets the reason of the rows whose person_id is not an accepted person to {@code
   * unknown_person}, after the row rules' reasons and before {@code duplicate} (the duplicate-id
   * reason, or null). The duplicate flag is computed first so that the window's sort by (person_id,
   * id, ...) also serves this sort-merge join: one sort per source, not two.
   */
  private static Dataset<Row> withUnknownPerson(
      Dataset<Row> checked, Dataset<Row> known, Column duplicate) {
    String flag = "_known_person";
    Dataset<Row> ids = known.select(col(PERSON_ID), lit(true).as(flag));
    Dataset<Row> joined =
        checked.join(ids, checked.col(PERSON_ID).equalTo(ids.col(PERSON_ID)), "left");
    Column reason =
        coalesce(
            col(REJECT_REASON), when(ids.col(flag).isNull(), lit("unknown_person")), duplicate);
    List<Column> out = new ArrayList<>();
    for (String name : checked.columns()) {
      out.add(name.equals(REJECT_REASON) ? reason.as(REJECT_REASON) : checked.col(name));
    }
    return joined.select(out.toArray(Column[]::new));
  }

  /**
   * Flags (column {@value #DUPLICATE}) every row without a row-rule reason after the first of each
   * (person_id, id); the caller turns the flag into {@code duplicate_id} after the unknown-person
   * check, which takes precedence. Rows are ordered by all their values so that the row kept is the
   * same on every run. The window is partitioned by person_id alone (ordered by id first, a
   * duplicate is a row whose predecessor has the same id), so it shares the one shuffle by
   * person_id with the person check and the feature aggregation. An id reused under two different
   * person ids is not caught here (see docs/contract.md, row rules).
   */
  private static Dataset<Row> withDuplicateFlag(InputDataset dataset, Dataset<Row> checked) {
    List<Column> order = new ArrayList<>();
    order.add(col(dataset.idColumn()).asc_nulls_first());
    // Accepted rows sort first within an id, so a rejected row never hides an accepted duplicate.
    order.add(col(REJECT_REASON).isNotNull().asc());
    Arrays.stream(dataset.schema().fieldNames()).forEach(n -> order.add(col(n).asc_nulls_first()));
    WindowSpec window = Window.partitionBy(col(PERSON_ID)).orderBy(order.toArray(Column[]::new));
    Column duplicate =
        col(REJECT_REASON)
            .isNull()
            .and(
                coalesce(lag(col(dataset.idColumn()), 1).over(window), lit(""))
                    .equalTo(col(dataset.idColumn())));
    return checked.withColumn(DUPLICATE, duplicate);
  }

  private static Column blank(Column c) {
    return c.isNull().or(trim(c).equalTo(""));
  }
}
