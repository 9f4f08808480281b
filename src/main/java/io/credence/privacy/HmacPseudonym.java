package io.credence.privacy;

import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Lowercase hex HMAC-SHA256 of a string's UTF-8 bytes under a secret key, as a Spark UDF.
 *
 * <p>Why a UDF and not built-in expressions: HMAC-SHA256 can be written exactly with {@code sha2},
 * {@code concat} and {@code unhex}, but only by putting the key XOR 0x36 and XOR 0x5c into the
 * query as binary literals, and Spark prints query plans in EXPLAIN output, the SQL tab of the UI,
 * event logs and analysis errors; either pad gives the key back with one XOR. As a UDF the plan
 * shows only the name {@code pseudonymize(person_id)}, and the key travels to executors only inside
 * the serialized task. {@code PseudonymBenchmark} measures both forms.
 */
public final class HmacPseudonym implements UDF1<String, String> {
  private static final long serialVersionUID = 1L;

  private final KeyedHash hash;

  HmacPseudonym(byte[] key) {
    this(new KeyedHash(key));
  }

  HmacPseudonym(KeyedHash hash) {
    this.hash = hash;
  }

  /**
   * The UDF {@code pseudonymize(id)} over {@code hash}. Built here, not in {@link PersonIds}, so
   * that loading PersonIds (which the Spark-free lookup does) never makes the JVM's verifier load
   * Spark's UDF interface.
   */
  static UserDefinedFunction udf(KeyedHash hash) {
    return functions.udf(new HmacPseudonym(hash), DataTypes.StringType).withName("pseudonymize");
  }

  @Override
  public String call(String id) {
    return id == null ? null : hash.hex(id);
  }

  @Override
  public String toString() {
    return "HmacPseudonym[key redacted]";
  }
}
