package io.credence.feature;

import static io.credence.schema.Columns.OPENED_DATE;
import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.RECORD_ID;
import static io.credence.schema.Columns.RESOLVED_DATE;
import static io.credence.schema.Columns.SOURCE;
import static io.credence.schema.Columns.STATUS;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.credence.schema.ColumnChecks;
import io.credence.schema.InputDataset;
import java.time.LocalDate;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Drops the records of one source that are under dispute at the as-of date. */
public final class DisputeFilter {
  private static final Set<InputDataset> SOURCES =
      Set.of(InputDataset.SHOPPING_ORDERS, InputDataset.PAYMENTS, InputDataset.COURT_RECORDS);

  private static final String DISPUTED_PERSON_ID = "_disputed_person_id";
  private static final String DISPUTED_RECORD_ID = "_disputed_record_id";
  private static final String DISPUTED_HASH = "_disputed_hash";

  /** Added by {@link #withDisputed}: true on a record a dispute excludes at D. */
  public static final String DISPUTED = "_disputed";

  private DisputeFilter() {}

  /**
   * Drops the rows of {@code records} that a dispute excludes at D: a dispute with status {@code
   * upheld} (whatever its dates), or one opened on or before D that was not rejected on or before
   * D. Disputes opened after D that are not upheld exclude nothing.
   *
   * <p>Needs {@code person_id} and the source's id column in {@code records}, and {@code person_id,
   * source, record_id, opened_date, status, resolved_date} in {@code disputes}. Adds no column;
   * drops the excluded rows. The excluding (person_id, record_id) pairs are broadcast, so the
   * filter costs no shuffle of {@code records} (disputes are a small share of records).
   *
   * @param source which dataset {@code records} is: its table name is matched against {@code
   *     disputes.source} and its id column against {@code disputes.record_id}
   */
  public static Dataset<Row> filterDisputed(
      Dataset<Row> records, Dataset<Row> disputes, InputDataset source, LocalDate asOf) {
    Dataset<Row> excluded = excluded(records, disputes, source, asOf);
    // An explicit condition (not using-columns) keeps the records' column order.
    return records.join(
        broadcast(excluded), sameRecord(records, records.col(PERSON_ID), source), "left_anti");
  }

  /**
   * As {@link #filterDisputed}, but keeps every row and adds {@link #DISPUTED}: true on the rows
   * where {@code applies} holds and that a dispute excludes at D, null on the others. Lets a pass
   * that must keep every row (the nightly run's one pass) leave disputed records out of its
   * aggregates only. The excluded pairs are distinct and broadcast keyed by a 64-bit hash of the
   * pair ({@code recordHash} on the records, {@code disputeHash} on the disputes: the same function
   * of person_id and id), so a row costs one probe of a table of longs; a hash match is confirmed
   * on the ids themselves. No row moves.
   */
  public static Dataset<Row> withDisputed(
      Dataset<Row> records,
      Dataset<Row> disputes,
      InputDataset source,
      LocalDate asOf,
      Column applies,
      Column recordHash,
      Column disputeHash) {
    Dataset<Row> excluded =
        excluded(records, disputes, source, asOf, disputeHash)
            .distinct()
            .withColumn(DISPUTED, lit(true));
    // Only the hashes are join keys: the ids are compared on a hash match (wrapped, so that the
    // planner does not make them keys of a table of strings).
    Column sameRecord =
        when(applies, recordHash)
            .equalTo(col(DISPUTED_HASH))
            .and(coalesce(records.col(PERSON_ID).equalTo(col(DISPUTED_PERSON_ID)), lit(false)))
            .and(
                coalesce(
                    records.col(source.idColumn()).equalTo(col(DISPUTED_RECORD_ID)), lit(false)));
    return records
        .join(broadcast(excluded), sameRecord, "left")
        .drop(DISPUTED_PERSON_ID, DISPUTED_RECORD_ID, DISPUTED_HASH);
  }

  /** The (person_id, record_id) pairs of {@code source} that disputes exclude at D. */
  private static Dataset<Row> excluded(
      Dataset<Row> records, Dataset<Row> disputes, InputDataset source, LocalDate asOf) {
    return excluded(records, disputes, source, asOf, null);
  }

  /** As above, with {@code hash} of each pair (column {@link #DISPUTED_HASH}) unless null. */
  private static Dataset<Row> excluded(
      Dataset<Row> records,
      Dataset<Row> disputes,
      InputDataset source,
      LocalDate asOf,
      Column hash) {
    if (!SOURCES.contains(source)) {
      throw new IllegalArgumentException(
          "disputes apply to " + SOURCES + " only, not to " + source.tableName());
    }
    String stage = "dispute filter (" + source.tableName() + ")";
    ColumnChecks.requirePresent(records, stage, PERSON_ID, source.idColumn());
    ColumnChecks.requirePresent(
        disputes, stage, PERSON_ID, SOURCE, RECORD_ID, OPENED_DATE, STATUS, RESOLVED_DATE);
    Dataset<Row> excluding =
        disputes.where(col(SOURCE).equalTo(source.tableName()).and(excludesAt(asOf)));
    Column personId = col(PERSON_ID).as(DISPUTED_PERSON_ID);
    Column recordId = col(RECORD_ID).as(DISPUTED_RECORD_ID);
    return hash == null
        ? excluding.select(personId, recordId)
        : excluding.select(personId, recordId, hash.as(DISPUTED_HASH));
  }

  private static Column sameRecord(Dataset<Row> records, Column personId, InputDataset source) {
    return personId
        .equalTo(col(DISPUTED_PERSON_ID))
        .and(records.col(source.idColumn()).equalTo(col(DISPUTED_RECORD_ID)));
  }

  /** True for a dispute that excludes its record at D. */
  private static Column excludesAt(LocalDate asOf) {
    Column d = FeatureExpressions.asOf(asOf);
    Column upheld = col(STATUS).equalTo("upheld");
    // A rejection without a resolved_date has not happened yet at D.
    Column rejectedByD =
        coalesce(col(STATUS).equalTo("rejected").and(col(RESOLVED_DATE).leq(d)), lit(false));
    return upheld.or(col(OPENED_DATE).leq(d).and(not(rejectedByD)));
  }
}
