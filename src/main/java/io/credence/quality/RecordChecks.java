package io.credence.quality;

import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.PERSON_KEY;
import static io.credence.schema.Columns.REJECT_REASON;
import static io.credence.schema.Columns.ROW_JSON;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.credence.privacy.ErasedPersons;
import io.credence.privacy.PersonIds;
import io.credence.schema.InputDataset;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Every rule of the input contract for one record source (orders, payments, court records) as
 * columns computed where the rows are read: no row moves. The duplicate-id rule is split: a row
 * whose (person_id, id) was nominated by {@link DuplicateKeys#nominate} is only marked as a
 * candidate here, and carried aside with its values for {@link DuplicateKeys#resolve}.
 *
 * <p>Reasons and their precedence are those of {@link RowRules#withRejectReason}: the first row
 * rule broken, then unknown_person, then duplicate_id; erased_person replaces any of them.
 */
public final class RecordChecks {
  /** True on a row that breaks no rule so far and whose (person_id, id) is a candidate. */
  public static final String CANDIDATE = "_candidate";

  /** A candidate row's contract columns as a struct (null on other rows), for the exact rule. */
  public static final String CANDIDATE_ROW = "_candidate_row";

  /** True on a row that breaks no rule and is not a candidate: it feeds the features directly. */
  public static final String ACCEPTED = "_accepted";

  private static final String KNOWN = "_known";
  private static final String UNKNOWN = "_unknown";
  private static final String SUSPECT_HASH = "_suspect_hash";
  private static final String PERSON_HASH = "_row_person_hash";
  private static final String KNOWN_ID = "_known_id";
  private static final String KNOWN_HASH = "_known_hash";
  private static final String ERASED_KEY = "_erased_key";
  private static final String NOMINATED = "_nominated";

  private RecordChecks() {}

  /**
   * How a record's person is checked against the accepted persons.
   *
   * <p>{@link KnownIds} broadcasts every accepted id: exact, for populations that fit in each
   * task's memory. {@link Suspects} broadcasts only the person_id hashes that no known person has
   * (found by {@link DuplicateKeys#nominate} with a hash-partitioned anti-join of narrow keys), and
   * the ids of unknown persons whose hash collides with a known person's, found afterwards by an
   * exact check; no task holds the population.
   */
  public sealed interface PersonCheck permits KnownIds, Suspects {}

  /**
   * The accepted person ids.
   *
   * @param ids columns person_id (stored form) and {@link DuplicateKeys#PERSON_HASH} (the hash of
   *     the id as read), broadcast keyed by the hash and confirmed on the id
   */
  public record KnownIds(Dataset<Row> ids) implements PersonCheck {}

  /**
   * Hashes of unknown persons, and unknown persons whose hash collides with a known one.
   *
   * @param hashes column value: {@link DuplicateKeys#personHash} of person ids as read
   * @param collidingIds column person_id, stored form
   */
  public record Suspects(Dataset<Row> hashes, Dataset<Row> collidingIds) implements PersonCheck {}

  /**
   * What the checks look up.
   *
   * @param persons how a record's person is checked
   * @param erasedKeys the erased persons' keys (column person_key), if any
   * @param candidates nominated hashes (column value), see {@link DuplicateKeys#nominate}
   */
  public record Lookups(
      PersonCheck persons, Optional<Dataset<Row>> erasedKeys, Dataset<Row> candidates) {}

  /**
   * Marks the rows of a record source. Needs {@code dataset}'s contract columns with person_id as
   * read. Replaces person_id by its stored form ({@code ids}), and adds {@link
   * DuplicateKeys#KEY_HASH}, {@link io.credence.schema.Columns#REJECT_REASON} (null unless a rule
   * other than duplicate_id is broken), {@link io.credence.schema.Columns#ROW_JSON} (see {@link
   * Quarantine#rowJson}), {@link #CANDIDATE}, {@link #CANDIDATE_ROW} and {@link #ACCEPTED}. Drops
   * no row. The lookups are broadcast; the erased check runs only on rows already rejected or of an
   * unknown person, since every known person has passed it.
   */
  public static Dataset<Row> withMarks(
      InputDataset dataset, Dataset<Row> rows, LocalDate asOf, PersonIds ids, Lookups lookups) {
    Dataset<Row> hashed =
        rows.withColumn(DuplicateKeys.KEY_HASH, DuplicateKeys.keyHash(dataset))
            .withColumn(PERSON_HASH, DuplicateKeys.personHash());
    if (ids.pseudonymized()) {
      hashed = hashed.withColumn(PERSON_ID, ids.ingest(col(PERSON_ID)));
    }
    Dataset<Row> checked =
        withUnknown(
                hashed.withColumn(REJECT_REASON, RowRules.ruleReason(dataset, asOf)),
                lookups.persons())
            .withColumn(
                REJECT_REASON,
                coalesce(col(REJECT_REASON), when(col(UNKNOWN), lit("unknown_person"))))
            .drop(UNKNOWN, PERSON_HASH);
    if (lookups.erasedKeys().isPresent()) {
      checked = withErased(checked, lookups.erasedKeys().get(), ids);
    }
    Dataset<Row> nominated = lookups.candidates().select(col("value").as(NOMINATED));
    Column original =
        struct(
            Arrays.stream(dataset.schema().fieldNames()).map(c -> col(c)).toArray(Column[]::new));
    return checked
        .join(
            broadcast(nominated),
            when(col(REJECT_REASON).isNull(), col(DuplicateKeys.KEY_HASH)).equalTo(col(NOMINATED)),
            "left")
        .withColumn(CANDIDATE, col(NOMINATED).isNotNull())
        .drop(NOMINATED)
        .withColumn(ROW_JSON, Quarantine.rowJson(dataset, col(REJECT_REASON)))
        .withColumn(CANDIDATE_ROW, when(col(CANDIDATE), original))
        .withColumn(ACCEPTED, col(REJECT_REASON).isNull().and(not(col(CANDIDATE))));
  }

  /** Adds {@link #UNKNOWN}: true when the row's person is not an accepted person. */
  private static Dataset<Row> withUnknown(Dataset<Row> rows, PersonCheck check) {
    if (check instanceof KnownIds known) {
      Dataset<Row> ids =
          known
              .ids()
              .select(
                  col(PERSON_ID).as(KNOWN_ID),
                  col(DuplicateKeys.PERSON_HASH).as(KNOWN_HASH),
                  lit(true).as(KNOWN));
      // Keyed by the hash only (a table of longs); the id is compared on a match, wrapped so that
      // the planner does not make it a key of a table of strings.
      Column same =
          col(PERSON_HASH)
              .equalTo(col(KNOWN_HASH))
              .and(coalesce(col(PERSON_ID).equalTo(col(KNOWN_ID)), lit(false)));
      return rows.join(broadcast(ids), same, "left")
          .withColumn(UNKNOWN, col(KNOWN).isNull())
          .drop(KNOWN_ID, KNOWN_HASH, KNOWN);
    }
    Suspects suspects = (Suspects) check;
    Dataset<Row> hashes = suspects.hashes().select(col("value").as(SUSPECT_HASH));
    Dataset<Row> colliding =
        suspects.collidingIds().select(col(PERSON_ID).as(KNOWN_ID), lit(true).as(KNOWN));
    return rows.join(broadcast(hashes), col(PERSON_HASH).equalTo(col(SUSPECT_HASH)), "left")
        .join(broadcast(colliding), col(PERSON_ID).equalTo(col(KNOWN_ID)), "left")
        .withColumn(UNKNOWN, col(SUSPECT_HASH).isNotNull().or(col(KNOWN).isNotNull()))
        .drop(SUSPECT_HASH, KNOWN_ID, KNOWN);
  }

  /** Gives rejected rows and rows of unknown persons whose person key was erased that reason. */
  private static Dataset<Row> withErased(
      Dataset<Row> checked, Dataset<Row> erasedKeys, PersonIds ids) {
    Dataset<Row> keys = erasedKeys.select(col(PERSON_KEY).as(ERASED_KEY)).distinct();
    Column key = when(col(REJECT_REASON).isNotNull(), ids.personKeyOf(col(PERSON_ID)));
    return checked
        .join(broadcast(keys), key.equalTo(col(ERASED_KEY)), "left")
        .withColumn(
            REJECT_REASON,
            when(col(ERASED_KEY).isNotNull(), lit(ErasedPersons.REASON))
                .otherwise(col(REJECT_REASON)))
        .drop(ERASED_KEY);
  }
}
