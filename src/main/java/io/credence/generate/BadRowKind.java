package io.credence.generate;

import io.credence.schema.Columns;
import io.credence.schema.InputDataset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The kinds of deliberately broken rows the generator adds to each dataset; every such row is an
 * extra row (clean rows are never altered) and breaks exactly one rule.
 */
public enum BadRowKind {
  /** The id column is null. */
  NULL_ID,
  /** The id column is a single space. */
  BLANK_ID,
  /** person_id is null. Not in persons. */
  NULL_PERSON_ID,
  /** person_id is the empty string. Not in persons. */
  BLANK_PERSON_ID,
  /** amount (orders, court records) or amount_due (payments) is negated. */
  NEGATIVE_AMOUNT,
  /** One enum column holds the value given by {@link #unknownEnumValue}. Not in persons. */
  UNKNOWN_ENUM,
  /** An exact copy of a clean row, so its id occurs twice. */
  DUPLICATE_ID,
  /**
   * The row's date is 1 to 60 days after the as-of date: registered_at, order_ts, due_date (then
   * unpaid), filed_date (then active) or opened_date (then open). A person row of this kind has a
   * fresh id, {@link #FUTURE_PERSON_PREFIX} and ten digits, that no record references.
   */
  DATE_AFTER_AS_OF,
  /** person_id is {@link #ORPHAN_PREFIX} and ten digits, a person not in persons. */
  ORPHAN_PERSON_ID,
  /** payments only: paid_date 400 to 699 days before due_date, amount_paid = amount_due. */
  PAID_LONG_BEFORE_DUE;

  /** Prefix of the person ids of {@link #ORPHAN_PERSON_ID} rows; real ids are "P" + 10 digits. */
  public static final String ORPHAN_PREFIX = "P999";

  /** Prefix of the person ids of {@link #DATE_AFTER_AS_OF} person rows. */
  public static final String FUTURE_PERSON_PREFIX = "P8";

  /**
   * Appended to the id of a bad copy whose kind is not about the id, so it does not also duplicate
   * the clean row's id.
   */
  public static final String COPY_ID_SUFFIX = "-X";

  /** Whether the generator adds rows of this kind to {@code dataset}. */
  public boolean appliesTo(InputDataset dataset) {
    return switch (this) {
      case NULL_ID, BLANK_ID, DUPLICATE_ID, DATE_AFTER_AS_OF -> true;
      case NEGATIVE_AMOUNT -> dataset != InputDataset.PERSONS && dataset != InputDataset.DISPUTES;
      case PAID_LONG_BEFORE_DUE -> dataset == InputDataset.PAYMENTS;
      default -> dataset != InputDataset.PERSONS;
    };
  }

  /** The kinds added to {@code dataset}, in declaration order. */
  public static List<BadRowKind> kindsFor(InputDataset dataset) {
    return Arrays.stream(values()).filter(k -> k.appliesTo(dataset)).toList();
  }

  /** The enum column and out-of-domain value that {@link #UNKNOWN_ENUM} rows carry. */
  public static Map.Entry<String, String> unknownEnumValue(InputDataset dataset) {
    return switch (dataset) {
      case SHOPPING_ORDERS -> Map.entry(Columns.STATUS, "lost");
      case PAYMENTS -> Map.entry(Columns.ACCOUNT_TYPE, "crypto");
      case COURT_RECORDS -> Map.entry(Columns.RECORD_TYPE, "parking_fine");
      case DISPUTES -> Map.entry(Columns.STATUS, "escalated");
      case PERSONS -> throw new IllegalArgumentException("persons have no enum column");
    };
  }
}
