package io.credence.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.unhex;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/** The pseudonym is exactly javax.crypto's HmacSHA256; blank ids stay blank; keys stay hidden. */
class PersonIdsTest extends SparkTestBase {
  static final byte[] KEY =
      "a-test-key-of-forty-bytes-0123456789abcd".getBytes(StandardCharsets.UTF_8);
  static final List<String> IDS =
      List.of("P0000000042", "P9990000001", "Zoë-ß-漢字", " padded ", "x".repeat(200));
  static final StructType SCHEMA = new StructType().add("person_id", DataTypes.StringType);

  /** The reference: javax.crypto.Mac HmacSHA256, lowercase hex. */
  static String javaxHmac(byte[] key, String id) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
  }

  /** HMAC-SHA256 with built-in expressions only: the form rejected because it holds the key. */
  static Column builtInHmac(byte[] key, Column id) {
    byte[] ipad = Arrays.copyOf(key, 64);
    byte[] opad = Arrays.copyOf(key, 64);
    for (int i = 0; i < 64; i++) {
      ipad[i] ^= 0x36;
      opad[i] ^= 0x5c;
    }
    Column inner = sha2(concat(lit(ipad), encode(id, "UTF-8")), 256);
    return sha2(concat(lit(opad), unhex(inner)), 256);
  }

  private static Dataset<Row> ids(List<String> values) {
    return spark().createDataFrame(values.stream().map(v -> RowFactory.create(v)).toList(), SCHEMA);
  }

  @Test
  void pseudonymColumnEqualsJavaxMacAndTheBuiltInForm() throws Exception {
    PersonIds pids = PersonIds.pseudonymized(KEY.clone());
    List<Row> rows =
        ids(IDS)
            .select(
                col("person_id"),
                pids.ingest(col("person_id")).as("udf"),
                builtInHmac(KEY, col("person_id")).as("builtin"))
            .collectAsList();
    for (Row r : rows) {
      String expected = javaxHmac(KEY, r.getString(0));
      assertThat(r.getString(1)).as(r.getString(0)).isEqualTo(expected).matches("[0-9a-f]{64}");
      assertThat(r.getString(2)).isEqualTo(expected);
      assertThat(pids.stored(r.getString(0))).isEqualTo(expected);
      assertThat(pids.personKey(r.getString(0))).isEqualTo(expected);
    }
  }

  @Test
  void nullAndBlankIdsStayAsTheyAreSoTheRowRulesStillQuarantineThem() {
    List<String> blanks = new ArrayList<>(Arrays.asList(null, "", " "));
    List<Row> rows =
        ids(blanks)
            .select(PersonIds.pseudonymized(KEY.clone()).ingest(col("person_id")))
            .collectAsList();
    assertThat(rows.stream().map(r -> r.getString(0)).toList()).isEqualTo(blanks);
  }

  @Test
  void rawIdsAreKeptAndKeyedBySha256() {
    PersonIds raw = PersonIds.raw();
    assertThat(raw.stored("P0000000042")).isEqualTo("P0000000042");
    assertThat(raw.personKey("P0000000042")).isEqualTo(ConfigLoader.sha256("P0000000042"));
    Row r =
        ids(List.of("P0000000042"))
            .select(raw.personKeyOf(col("person_id")), raw.ingest(col("person_id")))
            .first();
    assertThat(r.getString(0)).isEqualTo(ConfigLoader.sha256("P0000000042"));
    assertThat(r.getString(1)).isEqualTo("P0000000042");
  }

  @Test
  void keyNeverShowsInThePlanOrInToString() {
    PersonIds pids = PersonIds.pseudonymized(KEY.clone());
    Dataset<Row> df = ids(IDS).select(pids.ingest(col("person_id")));
    String plan = df.queryExecution().toString();
    String keyText = new String(KEY, StandardCharsets.UTF_8);
    assertThat(plan).contains("pseudonymize").doesNotContain(keyText);
    assertThat(plan.toUpperCase(java.util.Locale.ROOT))
        .as("Spark prints a binary literal as hex")
        .doesNotContain(HexFormat.of().withUpperCase().formatHex(KEY));
    assertThat(pids.toString() + new HmacPseudonym(KEY).toString()).doesNotContain(keyText);
    String builtInPlan =
        ids(IDS).select(builtInHmac(KEY, col("person_id"))).queryExecution().toString();
    byte[] ipad = Arrays.copyOf(KEY, 64);
    for (int i = 0; i < 64; i++) {
      ipad[i] ^= 0x36;
    }
    assertThat(builtInPlan.toUpperCase(java.util.Locale.ROOT))
        .as("why a UDF: the built-in form prints key XOR 0x36 in its plan")
        .contains(HexFormat.of().withUpperCase().formatHex(ipad));
  }

  @Test
  void shortKeysAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PersonIds.pseudonymized(new byte[PersonIds.MIN_KEY_BYTES - 1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sparkRedactsTheKeyVariableWhereverItIsASetting() {
    SparkConf conf = new SparkConf().set("spark.redaction.regex", Redaction.REGEX);
    List<Tuple2<String, String>> settings =
        List.of(
            new Tuple2<>("spark.executorEnv.CREDENCE_PSEUDONYM_KEY", "k1"),
            new Tuple2<>("spark.yarn.appMasterEnv.MY_HMAC_KEY", "k2"),
            new Tuple2<>("spark.app.name", "credence"));
    List<Tuple2<String, String>> redacted =
        CollectionConverters.asJava(
            org.apache.spark.util.Utils.redact(
                conf, CollectionConverters.asScala(settings).toSeq()));
    assertThat(redacted.get(0)._2()).doesNotContain("k1");
    assertThat(redacted.get(1)._2()).doesNotContain("k2");
    assertThat(redacted.get(2)._2()).isEqualTo("credence");
    assertThat(Redaction.coversName("CREDENCE_PSEUDONYM_KEY")).isTrue();
    assertThat(Redaction.coversName("HOME")).isFalse();
  }

  @Test
  void sparkRedactsTheCommandLineThatHoldsEveryArgument() {
    SparkConf conf = new SparkConf().set("spark.redaction.regex", Redaction.REGEX);
    List<Tuple2<String, String>> settings =
        List.of(
            new Tuple2<>(
                "sun.java.command",
                "io.credence.cli.Main lookup --person P0000000042 --purpose support"));
    List<Tuple2<String, String>> redacted =
        CollectionConverters.asJava(
            org.apache.spark.util.Utils.redact(
                conf, CollectionConverters.asScala(settings).toSeq()));
    assertThat(redacted.get(0)._2()).doesNotContain("P0000000042");
  }

  @Test
  void requireSameKeyRefusesAnotherKeyNamingFingerprintsOnly() {
    PersonIds ids = PersonIds.pseudonymized(KEY.clone());
    PersonIds other = PersonIds.pseudonymized("another-key-of-forty-bytes-0123456789ab".getBytes());
    ids.requireSameKey(ids.fingerprint(), "scores_current table");
    ids.requireSameKey(null, "a table from before fingerprints");
    PersonIds.raw().requireSameKey(other.fingerprint(), "a raw run checks no key");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ids.requireSameKey(other.fingerprint(), "scores_current table"))
        .isInstanceOfSatisfying(
            io.credence.error.CredenceException.class,
            e -> assertThat(e.exitCode()).isEqualTo(io.credence.error.ExitCode.BAD_INPUT))
        .hasMessageContaining("the pseudonym key differs from the warehouse's")
        .hasMessageContaining(other.fingerprint())
        .hasMessageContaining(ids.fingerprint())
        .hasMessageNotContaining(new String(KEY, StandardCharsets.UTF_8));
  }
}
