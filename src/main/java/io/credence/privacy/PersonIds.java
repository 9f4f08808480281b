package io.credence.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.credence.config.ConfigLoader;
import io.credence.error.WarehouseErrors;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.UserDefinedFunction;

/**
 * How person identifiers are stored in the warehouse: either as read ({@link #raw()}), or replaced
 * at ingestion by their HMAC-SHA256 pseudonym under a secret key ({@link #pseudonymized(byte[])}).
 * It also yields the <em>person key</em> that the erasures and lookup_audit tables store instead of
 * a raw id: the pseudonym itself, or the SHA-256 of the raw id in a raw warehouse.
 */
public final class PersonIds {
  /** The shortest key accepted: 256 bits, the output size of SHA-256 (RFC 2104's advice). */
  public static final int MIN_KEY_BYTES = 32;

  /** Table property that marks a warehouse table as holding pseudonyms. */
  public static final String MODE_PROPERTY = "credence.person_ids";

  /** {@link #MODE_PROPERTY}'s value on pseudonymized tables; absent or "raw" otherwise. */
  public static final String PSEUDONYMIZED = "hmac-sha256";

  /** {@link #MODE_PROPERTY}'s value on raw tables. */
  public static final String RAW = "raw";

  /**
   * Table property holding the fingerprint of the pseudonym key a table was written with (see
   * {@link #fingerprint()}); absent on raw tables.
   */
  public static final String FINGERPRINT_PROPERTY = "credence.key_fingerprint";

  /** The fixed label whose keyed hash is a key's fingerprint; no input id looks like it. */
  private static final String FINGERPRINT_LABEL = "credence pseudonym key fingerprint v1";

  // Spark-free, so that lookup and serve can hash ids without Spark on the classpath; the UDF that
  // wraps it is built only in ingest().
  private final KeyedHash hmac;

  private PersonIds(KeyedHash hmac) {
    this.hmac = hmac;
  }

  /** Identifiers kept as read. */
  public static PersonIds raw() {
    return new PersonIds(null);
  }

  /** Identifiers replaced by HMAC-SHA256 under {@code key} (at least {@value #MIN_KEY_BYTES}). */
  public static PersonIds pseudonymized(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("a pseudonym key needs " + MIN_KEY_BYTES + " bytes");
    }
    PersonIds ids = new PersonIds(new KeyedHash(key));
    Arrays.fill(key, (byte) 0);
    return ids;
  }

  /** Whether identifiers are pseudonymized. */
  public boolean pseudonymized() {
    return hmac != null;
  }

  /**
   * A fingerprint of the pseudonym key: the HMAC-SHA256 of a fixed label under the key, in hex. It
   * tells two keys apart without revealing either (the key cannot be recovered from it); null in a
   * raw warehouse, which has no key.
   */
  public String fingerprint() {
    return hmac == null ? null : hmac.hex(FINGERPRINT_LABEL);
  }

  /**
   * Refuses (exit 2) a key other than the one a table was written with: {@code tableFingerprint} is
   * the table's {@value #FINGERPRINT_PROPERTY} (null on tables from before fingerprints, which are
   * not checked here), {@code table} names it in the message. Only fingerprints are printed, never
   * a key. Lookup, erase, score and train all call this, whatever reads the table property.
   */
  public void requireSameKey(String tableFingerprint, String table) {
    if (hmac == null || tableFingerprint == null || tableFingerprint.equals(fingerprint())) {
      return;
    }
    throw WarehouseErrors.keyMismatch(table, tableFingerprint, fingerprint());
  }

  /** The value of {@link #MODE_PROPERTY} for tables written under this policy. */
  public String mode() {
    return pseudonymized() ? PSEUDONYMIZED : RAW;
  }

  /**
   * The stored form of an input id column: the pseudonym, or the id itself. Null and blank ids are
   * kept as they are, so that the row rules still quarantine them as missing.
   */
  public Column ingest(Column rawId) {
    if (hmac == null) {
      return rawId;
    }
    UserDefinedFunction pseudonymize = HmacPseudonym.udf(hmac);
    return when(rawId.isNull().or(trim(rawId).equalTo("")), rawId)
        .otherwise(pseudonymize.apply(rawId));
  }

  /** The stored form of one raw id, computed on the driver (lookup, erase). */
  public String stored(String rawId) {
    return hmac == null ? rawId : hmac.hex(rawId);
  }

  /** The person key of one raw id: its pseudonym, or the SHA-256 hex of the raw id. */
  public String personKey(String rawId) {
    return hmac == null ? ConfigLoader.sha256(rawId) : hmac.hex(rawId);
  }

  /** The person key of a stored id column, to compare with {@link #personKey(String)}. */
  public Column personKeyOf(Column storedId) {
    return hmac == null ? sha2(storedId, 256) : storedId;
  }

  /**
   * The person key of a stored id column of a table whose ids are stored as {@code mode} (its
   * {@value #MODE_PROPERTY}): a pseudonym is its own key, a raw id's is its SHA-256, so no key is
   * needed.
   */
  public static Column personKeyOf(String mode, Column storedId) {
    return PSEUDONYMIZED.equals(mode) ? storedId : sha2(storedId, 256);
  }

  /** Rows whose stored id column belongs to the person with {@code rawId}, as a predicate. */
  public Column matches(Column storedId, String rawId) {
    // Compared through the person key, so a DELETE's predicate (which Delta writes into its log's
    // commitInfo) holds the hash or pseudonym, never the raw id.
    return personKeyOf(storedId).equalTo(lit(personKey(rawId)));
  }

  /** Convenience for {@code matches(col(column), rawId)}. */
  public Column matches(String column, String rawId) {
    return matches(col(column), rawId);
  }

  @Override
  public String toString() {
    return "PersonIds[" + mode() + "]";
  }
}
