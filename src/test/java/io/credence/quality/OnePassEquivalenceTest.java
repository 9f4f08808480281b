package io.credence.quality;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.EndToEnd;
import io.credence.SparkTestBase;
import io.credence.config.ConfigLoader;
import io.credence.config.FeatureConfig;
import io.credence.feature.FeatureBuilder;
import io.credence.generate.GeneratorSpec;
import io.credence.job.GenerateJob;
import io.credence.privacy.PersonIds;
import io.credence.privacy.PrivacyPolicy;
import io.credence.run.Progress;
import io.credence.schema.InputDataset;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The nightly run's one pass ({@link OnePassInputs}) against the row-by-row path it replaced
 * ({@link ValidatedInputs} and {@link FeatureBuilder}, kept as the oracle): the same counts per
 * reason, the same quarantined rows (as a multiset of dataset, reason and row content) and the same
 * feature rows, on inputs built to break it, written as 1, 7 and 50 files, sorted or shuffled, with
 * real hashes and with every key nominated as a duplicate candidate.
 */
@EndToEnd
class OnePassEquivalenceTest extends SparkTestBase {
  private static final LocalDate D = LocalDate.of(2026, 10, 31);

  @TempDir static Path dir;
  private static Map<InputDataset, Dataset<Row>> adversarial;

  /** The oracle's outcome on the adversarial inputs, written as one sorted file per dataset. */
  private static Outcome expected;

  @BeforeAll
  static void build() {
    adversarial = adversarialInputs();
    Path root = dir.resolve("adv-oracle");
    write(adversarial, root, 1, false);
    expected = oracle(root.toString(), adversarialPrivacy());
    assertThat(expected.quarantine()).hasSizeGreaterThan(30);
  }

  static Stream<Arguments> layouts() {
    List<Arguments> out = new ArrayList<>();
    for (int files : new int[] {1, 7, 50}) {
      for (boolean shuffled : new boolean[] {false, true}) {
        out.add(Arguments.of(files, shuffled));
      }
    }
    return out.stream();
  }

  /**
   * Every layout with real hashes and the population broadcast; the 50 shuffled files also with
   * every key nominated (0 hash bits), with the population checked by hashes (as above {@code
   * spark.broadcast_persons_max}), and with both, where every unknown person's hash collides with a
   * known one and only the exact recheck finds them. Each against the row-by-row path's outcome on
   * one sorted file per dataset, so every layout also equals every other.
   */
  @ParameterizedTest(name = "{0} files, shuffled {1}")
  @MethodSource("layouts")
  void onePassEqualsTheRowByRowPathOnAdversarialInputs(int files, boolean shuffled) {
    Path root = dir.resolve("adv-" + files + "-" + shuffled);
    write(adversarial, root, files, shuffled);
    PrivacyPolicy privacy = adversarialPrivacy();
    assertSame(expected, onePass(root.toString(), privacy, 64, Long.MAX_VALUE));
    if (files == 50 && shuffled) {
      assertSame(expected, onePass(root.toString(), privacy, 0, Long.MAX_VALUE));
      assertSame(expected, onePass(root.toString(), privacy, 64, 0));
      assertSame(expected, onePass(root.toString(), privacy, 0, 0));
    }
  }

  @Test
  void onePassEqualsTheRowByRowPathWithPseudonymsAndErasures() {
    Path root = dir.resolve("adv-pseudonyms");
    write(adversarial, root, 7, true);
    byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    Dataset<Row> keys =
        spark()
            .createDataFrame(
                List.of(RowFactory.create(PersonIds.pseudonymized(key.clone()).personKey("P5"))),
                keySchema());
    PrivacyPolicy privacy = PrivacyPolicy.of(PersonIds.pseudonymized(key), keys);
    Outcome expected = oracle(root.toString(), privacy);
    assertSame(expected, onePass(root.toString(), privacy, 64, Long.MAX_VALUE));
    assertSame(expected, onePass(root.toString(), privacy, 0, 0));
  }

  @Test
  void onePassEqualsTheRowByRowPathOnAGeneratedPopulation() {
    Path root = dir.resolve("generated");
    GenerateJob.run(spark(), new GeneratorSpec(5L, 300L, D, 0.02), root);
    PrivacyPolicy privacy = PrivacyPolicy.of(PersonIds.raw(), null);
    Outcome expected = oracle(root.toString(), privacy);
    assertThat(expected.counts().get("shopping_orders")).containsKey("duplicate_id");
    assertSame(expected, onePass(root.toString(), privacy, 64, Long.MAX_VALUE));
  }

  /** Raw ids, with person P5 erased. */
  private static PrivacyPolicy adversarialPrivacy() {
    return PrivacyPolicy.of(PersonIds.raw(), erasedKeys("P5"));
  }

  private static void assertSame(Outcome expected, Outcome actual) {
    assertThat(actual.counts()).isEqualTo(expected.counts());
    assertThat(actual.quarantine()).isEqualTo(expected.quarantine());
    assertThat(actual.features()).isEqualTo(expected.features());
  }

  /** What a path produced, collected and sorted so that lists compare as multisets. */
  record Outcome(
      Map<String, Map<String, Long>> counts, List<String> quarantine, List<String> features) {}

  private static Outcome oracle(String root, PrivacyPolicy privacy) {
    try (ValidatedInputs inputs = ValidatedInputs.load(spark(), root, D, new Progress(), privacy)) {
      Dataset<Row> quarantine = null;
      for (InputDataset dataset : InputDataset.values()) {
        Dataset<Row> rows = inputs.rejected(dataset, D, "run");
        quarantine = quarantine == null ? rows : quarantine.unionByName(rows);
      }
      Dataset<Row> features =
          FeatureBuilder.build(inputs.featureInputs(), D, FeatureConfig.DEFAULTS);
      return new Outcome(inputs.reasonCounts(), sorted(quarantine), sorted(features));
    }
  }

  private static Outcome onePass(
      String root, PrivacyPolicy privacy, int hashBits, long broadcastPersonsMax) {
    System.setProperty(DuplicateKeys.HASH_BITS, String.valueOf(hashBits));
    try (OnePassInputs inputs =
        OnePassInputs.load(
            spark(),
            root,
            D,
            FeatureConfig.DEFAULTS,
            privacy,
            new OnePassInputs.Plan(2, broadcastPersonsMax),
            Map.of(),
            new Progress())) {
      return new Outcome(
          inputs.reasonCounts(), sorted(inputs.quarantine(D, "run")), sorted(inputs.features()));
    } finally {
      System.clearProperty(DuplicateKeys.HASH_BITS);
    }
  }

  private static List<String> sorted(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private static Dataset<Row> erasedKeys(String rawId) {
    return spark()
        .createDataFrame(List.of(RowFactory.create(ConfigLoader.sha256(rawId))), keySchema());
  }

  private static StructType keySchema() {
    return new StructType().add(PERSON_KEY, DataTypes.StringType);
  }

  /** Writes every dataset under {@code root} as {@code files} files, sorted or shuffled. */
  private static void write(
      Map<InputDataset, Dataset<Row>> data, Path root, int files, boolean shuffled) {
    data.forEach(
        (dataset, rows) -> {
          Dataset<Row> laidOut =
              shuffled
                  ? rows.repartition(files, rand(7))
                  : rows.repartitionByRange(files, col(PERSON_ID), col(dataset.idColumn()))
                      .sortWithinPartitions(PERSON_ID, dataset.idColumn());
          laidOut.write().parquet(root.resolve(dataset.tableName()).toString());
        });
  }

  private static Map<InputDataset, Dataset<Row>> adversarialInputs() {
    Map<InputDataset, Dataset<Row>> out = new EnumMap<>(InputDataset.class);
    out.put(InputDataset.PERSONS, rows(InputDataset.PERSONS.schema(), persons()));
    out.put(InputDataset.SHOPPING_ORDERS, rows(InputDataset.SHOPPING_ORDERS.schema(), orders()));
    out.put(InputDataset.PAYMENTS, rows(InputDataset.PAYMENTS.schema(), payments()));
    out.put(InputDataset.COURT_RECORDS, rows(InputDataset.COURT_RECORDS.schema(), court()));
    out.put(InputDataset.DISPUTES, rows(InputDataset.DISPUTES.schema(), disputes()));
    return out;
  }

  private static Object[][] persons() {
    return new Object[][] {
      {"P1", d("1980-01-01"), "north", d("2020-01-01")},
      {"P1", d("1980-01-01"), "south", d("2020-01-01")}, // duplicate person: P1 stays known
      {"P2", d("1985-01-01"), "north", d("2019-01-01")},
      {"P3", d("1990-01-01"), "east", d("2018-01-01")},
      {"P4", d("1975-01-01"), "west", d("2017-01-01")}, // records only after D, or dismissed
      {"P5", d("1970-01-01"), "north", d("2016-01-01")}, // erased
      {"P6", d("1995-01-01"), "south", d("2021-01-01")}, // every record disputed
      {"P7", d("2027-01-01"), "north", d("2021-01-01")}, // rejected person: records unknown
      {"P8", d("1960-01-01"), null, d("2015-01-01")},
      {"  ", d("1960-01-01"), "north", d("2015-01-01")},
    };
  }

  private static Object[][] orders() {
    List<Object[]> o = new ArrayList<>();
    // Copies differing in one column each: the first in the order of all values is kept.
    o.add(order("O1", "P1", "2026-09-01 10:00:00", "20.00", "food", "completed"));
    o.add(order("O1", "P1", "2026-09-01 10:00:00", "10.00", "food", "completed"));
    o.add(order("O2", "P1", "2026-08-01 10:00:00", "15.00", "toys", "completed"));
    o.add(order("O2", "P1", "2026-08-01 10:00:00", "15.00", null, "completed"));
    o.add(order("O8", "P1", "2026-06-01 10:00:00.000002", "9.00", "food", "completed"));
    o.add(order("O8", "P1", "2026-06-01 10:00:00.000001", "9.00", "food", "completed"));
    o.add(order("O9", "P1", "2026-05-01 10:00:00", "12.00", "food", "returned"));
    o.add(order("O9", "P1", "2026-05-01 10:00:00", "12.00", "food", "completed"));
    o.add(order("O9", "P1", "2026-05-01 10:00:00", "12.00", "food", "chargeback"));
    // Three identical copies; the kept one is disputed.
    for (int i = 0; i < 3; i++) {
      o.add(order("O3", "P1", "2026-07-15 12:00:00", "30.00", "food", "completed"));
    }
    // The first copy in order breaks a rule, so the next one is kept and the last is a duplicate.
    o.add(order("O4", "P1", "2026-04-01 10:00:00", "-5.00", "food", "completed"));
    o.add(order("O4", "P1", "2026-04-01 10:00:00", "7.00", "food", "completed"));
    o.add(order("O4", "P1", "2026-04-01 10:00:00", "8.00", "food", "completed"));
    o.add(order("O4", "P1", "2026-04-01 10:00:00", "6.00", "food", "bogus"));
    // One id under two persons is two records; an id differing in case is another id.
    o.add(order("O5", "P2", "2026-03-01 10:00:00", "11.00", "food", "completed"));
    o.add(order("O5", "P3", "2026-03-01 10:00:00", "11.00", "food", "completed"));
    o.add(order("o1", "P1", "2026-09-01 10:00:00", "20.00", "food", "completed"));
    // Duplicates of an unknown, a rejected and an erased person.
    o.add(order("O6", "P9", "2026-02-01 10:00:00", "5.00", "food", "completed"));
    o.add(order("O6", "P9", "2026-02-01 10:00:00", "5.00", "food", "completed"));
    o.add(order("O6", "P7", "2026-02-01 10:00:00", "5.00", "food", "completed"));
    o.add(order("O7", "P5", "2026-02-01 10:00:00", "5.00", "food", "completed"));
    o.add(order("O7", "P5", "2026-02-01 10:00:00", "-5.00", "food", "completed"));
    o.add(order("O7", "P5", "2026-02-01 10:00:00", "5.00", "food", "completed"));
    o.add(order("O17", "P5", "2025-02-01 10:00:00", "5.00", "food", "completed"));
    // Keys and rules.
    o.add(order(null, "P1", "2026-02-01 10:00:00", "5.00", "food", "completed"));
    o.add(order(null, "P1", "2026-02-01 10:00:00", "5.00", "food", "completed"));
    o.add(order("O11", "  ", "2026-02-01 10:00:00", "5.00", "food", "completed"));
    o.add(order("O11", null, "2026-02-01 10:00:00", "5.00", "food", "completed"));
    o.add(order("O12", "P2", null, "5.00", "food", "completed"));
    o.add(order("O13", "P2", "2026-02-01 10:00:00", null, "food", "completed"));
    // P4: only after D; P6: every order disputed; P8: a completed order of 0.00.
    o.add(order("O14", "P4", "2026-11-01 10:00:00", "5.00", "food", "completed"));
    o.add(order("O14", "P4", "2026-11-01 10:00:00", "5.00", "food", "completed"));
    o.add(order("O15", "P6", "2026-01-01 10:00:00", "5.00", "food", "completed"));
    o.add(order("O16", "P6", "2026-01-02 10:00:00", "6.00", "food", "returned"));
    o.add(order("O16", "P6", "2026-01-02 10:00:00", "6.00", "food", "returned"));
    o.add(order("O18", "P8", "2026-10-31 23:59:59.999999", "0.00", "food", "completed"));
    o.add(order("O19", "P8", "2021-10-31 10:00:00", "99.99", "food", "cancelled"));
    return o.toArray(Object[][]::new);
  }

  private static Object[][] payments() {
    List<Object[]> p = new ArrayList<>();
    p.add(payment("Y1", "P1", "loan", "2026-05-01", "2026-05-05", "10.00", "10.00"));
    p.add(payment("Y1", "P1", "loan", "2026-05-01", null, "10.00", null));
    p.add(payment("Y2", "P1", "rent", "2026-04-01", null, "50.00", "10.00"));
    p.add(payment("Y2", "P1", "rent", "2026-04-01", null, "50.00", null));
    for (int i = 0; i < 3; i++) {
      p.add(payment("Y3", "P2", "credit_card", "2025-12-01", "2026-04-01", "80.00", "80.00"));
    }
    p.add(payment("Y4", "P2", "loan", "2026-05-01", "2024-01-01", "10.00", "10.00"));
    p.add(payment("Y4", "P2", "loan", "2026-05-01", "2026-05-01", "10.00", "10.00"));
    p.add(payment("Y4", "P2", "loan", "2026-05-01", "2026-05-02", "10.00", "10.00"));
    p.add(payment("Y5", "P9", "loan", "2026-05-01", "2026-05-01", "10.00", "10.00"));
    p.add(payment("Y5", "P9", "loan", "2026-05-01", "2026-05-01", "10.00", "10.00"));
    p.add(payment("Y6", "P5", "loan", "2026-05-01", "2026-05-01", "10.00", "10.00"));
    p.add(payment("Y6", "P5", "loan", "2026-05-01", "2026-05-01", "10.00", "10.00"));
    p.add(payment("Y7", "P4", "utility", "2026-11-05", null, "10.00", null));
    p.add(payment("Y8", "P6", "telecom", "2026-06-01", null, "20.00", null));
    p.add(payment("Y9", "P3", "telecom", "2026-06-01", "2026-06-01", "20.00", "20.00"));
    p.add(payment("Y9", "P3", "telecom", "2026-06-01", "2026-06-01", "20.00", "19.99"));
    p.add(payment("Y10", "P3", "loan", "2024-01-01", null, "20.00", null));
    p.add(payment("Y11", "P3", "mortgage", "2026-01-01", null, "20.00", null));
    p.add(payment("Y12", "P3", "loan", "2026-02-01", "2026-01-20", "20.00", null));
    return p.toArray(Object[][]::new);
  }

  private static Object[][] court() {
    return new Object[][] {
      {"C1", "P1", "civil_judgment", d("2024-01-01"), m("100.00"), "active", null},
      {"C1", "P1", "civil_judgment", d("2024-01-01"), m("100.00"), "active", d("2025-01-01")},
      {"C2", "P4", "enforcement", d("2025-01-01"), m("50.00"), "dismissed", null},
      {"C3", "P2", "bankruptcy", d("2017-06-01"), m("900.00"), "satisfied", d("2018-01-01")},
      {"C3", "P2", "bankruptcy", d("2017-06-01"), m("900.00"), "satisfied", d("2018-01-01")},
      {"C4", "P9", "defaulter_list", d("2025-01-01"), m("10.00"), "active", null},
      {"C5", "P6", "defaulter_list", d("2025-01-01"), m("10.00"), "active", null},
      {"C6", "P3", "defaulter_list", d("2026-10-31"), m("10.00"), "active", null},
      {"C7", "P3", "civil_judgment", d("2018-01-01"), m("10.00"), "active", null},
    };
  }

  private static Object[][] disputes() {
    return new Object[][] {
      {"DSP1", "P6", "shopping_orders", "O15", d("2026-01-10"), "open", null},
      {"DSP2", "P6", "shopping_orders", "O16", d("2026-01-10"), "upheld", d("2026-02-01")},
      {"DSP2", "P6", "shopping_orders", "O16", d("2026-01-10"), "upheld", d("2026-02-01")},
      {"DSP3", "P1", "shopping_orders", "O3", d("2026-08-01"), "open", null},
      {"DSP4", "P1", "shopping_orders", "O9", d("2026-06-01"), "rejected", d("2026-07-01")},
      {"DSP5", "P6", "payments", "Y8", d("2026-07-01"), "open", null},
      {"DSP6", "P6", "court_records", "C5", d("2025-02-01"), "upheld", d("2025-03-01")},
      {"DSP7", "P9", "payments", "Y5", d("2026-07-01"), "open", null},
      {"DSP8", "P1", "payments", "Y1", d("2026-11-15"), "open", null},
      {"DSP9", "P2", "payments", "Y4", d("2026-06-01"), "open", null},
      {"DSP10", "P2", "payments", "Y4", d("2026-06-01"), "rejected", d("2026-07-01")},
    };
  }

  private static Object[] order(
      String id, String person, String ts, String amount, String category, String status) {
    return new Object[] {
      id, person, ts == null ? null : Timestamp.valueOf(ts), m(amount), category, status
    };
  }

  private static Object[] payment(
      String id,
      String person,
      String type,
      String due,
      String paid,
      String amountDue,
      String amountPaid) {
    return new Object[] {id, person, type, d(due), d(paid), m(amountDue), m(amountPaid)};
  }

  private static Date d(String s) {
    return s == null ? null : Date.valueOf(s);
  }

  private static BigDecimal m(String s) {
    return s == null ? null : new BigDecimal(s);
  }
}
