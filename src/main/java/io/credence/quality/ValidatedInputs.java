package io.credence.quality;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;

import io.credence.feature.FeatureInputs;
import io.credence.privacy.ErasedPersons;
import io.credence.privacy.PersonIds;
import io.credence.privacy.PrivacyPolicy;
import io.credence.run.DatasetCount;
import io.credence.run.Progress;
import io.credence.schema.InputDataset;
import io.credence.source.InputReader;
import io.credence.source.ReadFailures;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The inputs of a run after the contract: every row checked by the row rules, cached once so that
 * the quarantine, the counts and the features all read the same shuffled rows.
 */
public final class ValidatedInputs implements AutoCloseable {
  private final Map<InputDataset, Dataset<Row>> checked;
  private final Map<String, Map<String, Long>> reasonCounts;

  private ValidatedInputs(
      Map<InputDataset, Dataset<Row>> checked, Map<String, Map<String, Long>> reasonCounts) {
    this.checked = checked;
    this.reasonCounts = reasonCounts;
  }

  /**
   * Reads {@code root}, checks the schema contract, applies the row rules and counts. Every
   * person_id is replaced by its stored form right after reading (so no rule, quarantined row or
   * log sees a raw id), and the rows of erased persons get the reject reason {@value
   * ErasedPersons#REASON}, as {@code privacy} says.
   */
  public static ValidatedInputs load(
      SparkSession spark, String root, LocalDate asOf, Progress progress, PrivacyPolicy privacy) {
    return load(InputReader.readAll(spark, root), asOf, progress, privacy);
  }

  /**
   * As {@link #load(SparkSession, String, LocalDate, Progress, PrivacyPolicy)}, from the datasets
   * {@link InputReader#readAll} returned, for a caller that has already read them.
   */
  public static ValidatedInputs load(
      Map<InputDataset, Dataset<Row>> read,
      LocalDate asOf,
      Progress progress,
      PrivacyPolicy privacy) {
    PersonIds ids = privacy.ids();
    Dataset<Row> erasedKeys = privacy.erasedKeys().orElse(null);
    Map<InputDataset, Dataset<Row>> raw = new EnumMap<>(read);
    if (ids.pseudonymized()) {
      raw.replaceAll((dataset, rows) -> rows.withColumn(PERSON_ID, ids.ingest(col(PERSON_ID))));
    }
    Map<InputDataset, Dataset<Row>> checked = new EnumMap<>(InputDataset.class);
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    Dataset<Row> persons =
        finish(
            InputDataset.PERSONS,
            RowRules.withRejectReason(
                InputDataset.PERSONS, raw.get(InputDataset.PERSONS), asOf, null),
            erasedKeys,
            ids);
    checked.put(InputDataset.PERSONS, persons.persist(StorageLevel.MEMORY_AND_DISK()));
    Dataset<Row> personIds =
        Quarantine.filterAccepted(InputDataset.PERSONS, checked.get(InputDataset.PERSONS))
            .select(PERSON_ID);
    for (InputDataset dataset : InputDataset.values()) {
      if (dataset != InputDataset.PERSONS) {
        Dataset<Row> rows =
            finish(
                dataset,
                RowRules.withRejectReason(dataset, raw.get(dataset), asOf, personIds),
                erasedKeys,
                ids);
        checked.put(dataset, rows.persist(StorageLevel.MEMORY_AND_DISK()));
      }
    }
    for (InputDataset dataset : InputDataset.values()) {
      progress.stage(
          "validate " + dataset.tableName(),
          () -> {
            Map<String, Long> byReason = countByReason(dataset, checked.get(dataset));
            counts.put(dataset.tableName(), byReason);
            return byReason.values().stream().mapToLong(Long::longValue).sum();
          });
    }
    return new ValidatedInputs(checked, counts);
  }

  /** The erased persons' reason, then the quarantine's row_json (see Quarantine#withRowJson). */
  private static Dataset<Row> finish(
      InputDataset dataset, Dataset<Row> checked, Dataset<Row> erasedKeys, PersonIds ids) {
    Dataset<Row> marked =
        erasedKeys == null ? checked : ErasedPersons.withErasedReason(checked, erasedKeys, ids);
    return Quarantine.withRowJson(dataset, marked);
  }

  private static Map<String, Long> countByReason(InputDataset dataset, Dataset<Row> rows) {
    try {
      Map<String, Long> byReason = new TreeMap<>();
      List<Row> groups = rows.groupBy(col(REJECT_REASON)).count().collectAsList();
      for (Row g : groups) {
        byReason.put(g.isNullAt(0) ? ACCEPTED : g.getString(0), g.getLong(1));
      }
      return byReason;
    } catch (Exception e) { // SparkException is checked in Java's eyes but thrown unchecked
      throw ReadFailures.explain(dataset, e);
    }
  }

  /** Key of the accepted rows in {@link #reasonCounts()}. */
  public static final String ACCEPTED = "(accepted)";

  /** Accepted rows of {@code dataset}, in its contract schema. */
  public Dataset<Row> accepted(InputDataset dataset) {
    return Quarantine.filterAccepted(dataset, checked.get(dataset));
  }

  /** The accepted rows of every dataset, as the feature builder takes them. */
  public FeatureInputs featureInputs() {
    return new FeatureInputs(
        accepted(InputDataset.PERSONS),
        accepted(InputDataset.SHOPPING_ORDERS),
        accepted(InputDataset.PAYMENTS),
        accepted(InputDataset.COURT_RECORDS),
        accepted(InputDataset.DISPUTES));
  }

  /** Quarantine-table rows of {@code dataset}. */
  public Dataset<Row> rejected(InputDataset dataset, LocalDate date, String runId) {
    return Quarantine.filterRejected(dataset, checked.get(dataset), date, runId);
  }

  /** Per dataset name: rows per reject reason, accepted rows under {@link #ACCEPTED}. */
  public Map<String, Map<String, Long>> reasonCounts() {
    return reasonCounts;
  }

  /** Per dataset name: read, accepted, quarantined. */
  public Map<String, DatasetCount> datasetCounts() {
    return datasetCounts(reasonCounts);
  }

  /** Per dataset name: quarantined rows per reason (accepted rows left out). */
  public Map<String, Map<String, Long>> quarantinedByReason() {
    return quarantinedByReason(reasonCounts);
  }

  /** Read, accepted and quarantined per dataset from rows per reason ({@link #ACCEPTED} too). */
  static Map<String, DatasetCount> datasetCounts(Map<String, Map<String, Long>> reasonCounts) {
    Map<String, DatasetCount> out = new LinkedHashMap<>();
    reasonCounts.forEach(
        (dataset, byReason) -> {
          long read = byReason.values().stream().mapToLong(Long::longValue).sum();
          long accepted = byReason.getOrDefault(ACCEPTED, 0L);
          out.put(dataset, new DatasetCount(read, accepted, read - accepted));
        });
    return out;
  }

  /** Quarantined rows per reason per dataset, from rows per reason. */
  static Map<String, Map<String, Long>> quarantinedByReason(
      Map<String, Map<String, Long>> reasonCounts) {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    reasonCounts.forEach(
        (dataset, byReason) -> {
          Map<String, Long> reasons = new TreeMap<>(byReason);
          reasons.remove(ACCEPTED);
          out.put(dataset, reasons);
        });
    return out;
  }

  @Override
  public void close() {
    checked.values().forEach(Dataset::unpersist);
  }
}
