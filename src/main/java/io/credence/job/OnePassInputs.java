package io.credence.job;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.array_repeat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.credence.config.FeatureConfig;
import io.credence.feature.CourtFeatures;
import io.credence.feature.DisputeFilter;
import io.credence.feature.FeatureAssembler;
import io.credence.feature.PaymentFeatures;
import io.credence.feature.ShoppingFeatures;
import io.credence.feature.SourceAggregation;
import io.credence.privacy.ErasedPersons;
import io.credence.privacy.PersonIds;
import io.credence.privacy.PrivacyPolicy;
import io.credence.quality.DuplicateKeys;
import io.credence.quality.Quarantine;
import io.credence.quality.RecordChecks;
import io.credence.quality.RowRules;
import io.credence.schema.InputDataset;
import io.credence.source.InputReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The nightly run's inputs, held to the contract, and their features, from at most two scans of
 * each record source with no whole row shuffled, sorted or cached:
 *
 * <ol>
 *   <li>persons and disputes (one row per person at most, and a small share of records) are checked
 *       row by row ({@link RowRules#withRejectReason}) and cached;
 *   <li>per record source (shopping_orders, payments, court_records), a narrow pass over
 *       (person_id, id) counts the rows read and nominates the keys that may repeat ({@link
 *       DuplicateKeys#nominate});
 *   <li>one pass checks every row where it is read ({@link RecordChecks#withMarks}) and aggregates
 *       the feature buffers of the accepted rows per person, with rejected and candidate rows set
 *       aside as groups of their own in the same aggregation ({@link
 *       SourceAggregation#aggregateWithSideKeys}); only that result is cached: one row per person
 *       plus the rows set aside;
 *   <li>candidate rows are judged by the exact duplicate rule ({@link DuplicateKeys#resolve}); the
 *       buffers of the rows kept are merged into their persons' buffers, and the duplicates join
 *       the quarantine.
 * </ol>
 *
 * Rows read (step 2) and rows accepted and quarantined (steps 3 and 4) are counted by different
 * passes, and a dataset whose counts disagree stops the run.
 */
public final class OnePassInputs implements AutoCloseable {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(OnePassInputs.class);

  /** The sources checked and aggregated in one pass; the others are checked row by row. */
  static final List<InputDataset> RECORD_SOURCES =
      List.of(InputDataset.SHOPPING_ORDERS, InputDataset.PAYMENTS, InputDataset.COURT_RECORDS);

  /** Input bytes per reduce task of the key pass: about 4 million hashes (32 MB) each. */
  private static final long KEY_PASS_BYTES_PER_TASK = 64L << 20;

  private static final String COPIES = "_copies";
  private static final org.apache.spark.sql.types.StructType PERSON_IDS =
      new org.apache.spark.sql.types.StructType()
          .add(PERSON_ID, org.apache.spark.sql.types.DataTypes.StringType);
  private static final List<String> SIDE_KEYS =
      List.of(REJECT_REASON, ROW_JSON, RecordChecks.CANDIDATE_ROW);

  /**
   * How the passes are laid out.
   *
   * @param keyPassPartitions the least number of reduce tasks of each key pass
   * @param broadcastPersonsMax the largest number of accepted persons whose ids are broadcast to
   *     check records; above it, only the hashes of unknown persons are (see {@link
   *     RecordChecks.PersonCheck})
   */
  public record Plan(int keyPassPartitions, long broadcastPersonsMax) {}

  /** One record source after its pass. */
  private record SourcePass(
      InputDataset dataset,
      SourceAggregation spec,
      Dataset<Row> keyHashes,
      Dataset<Row> aggregated,
      Dataset<Row> resolved) {}

  private final Map<InputDataset, Dataset<Row>> checkedRows;
  private final List<SourcePass> passes;
  private final Map<String, Map<String, Long>> reasonCounts;
  private final List<Dataset<Row>> cached;
  private final LocalDate asOf;

  private OnePassInputs(
      Map<InputDataset, Dataset<Row>> checkedRows,
      List<SourcePass> passes,
      Map<String, Map<String, Long>> reasonCounts,
      List<Dataset<Row>> cached,
      LocalDate asOf) {
    this.checkedRows = checkedRows;
    this.passes = passes;
    this.reasonCounts = reasonCounts;
    this.cached = cached;
    this.asOf = asOf;
  }

  /**
   * Reads {@code root}, checks the schema contract and every row rule at {@code asOf}, and counts.
   * Person ids are stored as {@code privacy} says from the first step on (no rule, quarantined row
   * or log sees a raw id), and erased persons' rows are rejected as {@value ErasedPersons#REASON}.
   *
   * @param plan how the passes are laid out
   */
  public static OnePassInputs load(
      SparkSession spark,
      String root,
      LocalDate asOf,
      FeatureConfig features,
      PrivacyPolicy privacy,
      Plan plan,
      Progress progress) {
    PersonIds ids = privacy.ids();
    Map<InputDataset, Dataset<Row>> raw = InputReader.readAll(spark, root);
    Map<InputDataset, Dataset<Row>> checkedRows = new EnumMap<>(InputDataset.class);
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    List<Dataset<Row>> cached = new ArrayList<>();
    OnePassInputs inputs = new OnePassInputs(checkedRows, new ArrayList<>(), counts, cached, asOf);
    try {
      Dataset<Row> persons =
          checkRows(InputDataset.PERSONS, raw, asOf, null, privacy, cached, counts, progress);
      checkedRows.put(InputDataset.PERSONS, persons);
      Dataset<Row> known =
          Quarantine.filterAccepted(InputDataset.PERSONS, persons).select(PERSON_ID);
      checkedRows.put(
          InputDataset.DISPUTES,
          checkRows(InputDataset.DISPUTES, raw, asOf, known, privacy, cached, counts, progress));
      Dataset<Row> disputes = inputs.accepted(InputDataset.DISPUTES);
      long population =
          counts.get(InputDataset.PERSONS.tableName()).getOrDefault(ValidatedInputs.ACCEPTED, 0L);
      boolean broadcastPersons = population <= plan.broadcastPersonsMax();
      Optional<Dataset<Row>> knownHashes =
          broadcastPersons
              ? Optional.empty()
              : Optional.of(
                  persons
                      .where(col(REJECT_REASON).isNull())
                      .select(col(DuplicateKeys.PERSON_HASH)));
      for (InputDataset dataset : RECORD_SOURCES) {
        Dataset<Row> rows = raw.get(dataset);
        int partitions = keyPassPartitions(rows, plan.keyPassPartitions());
        Dataset<Row> nominated =
            DuplicateKeys.nominate(spark, rows, dataset, partitions, knownHashes)
                .persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(nominated);
        long read =
            progress.stage(
                "nominate duplicates " + dataset.tableName(),
                () -> readFailing(dataset, () -> readCount(nominated)));
        RecordChecks.PersonCheck check =
            broadcastPersons
                ? new RecordChecks.KnownIds(known)
                : new RecordChecks.Suspects(
                    kind(nominated, DuplicateKeys.SUSPECT),
                    spark.createDataFrame(List.of(), PERSON_IDS));
        RecordChecks.Lookups lookups =
            new RecordChecks.Lookups(
                check, privacy.erasedKeys(), kind(nominated, DuplicateKeys.CANDIDATE));
        inputs.passes.add(
            pass(
                dataset,
                rows,
                read,
                spec(dataset, asOf, features),
                lookups,
                known,
                disputes,
                ids,
                inputs,
                progress));
      }
      reorder(counts);
      return inputs;
    } catch (RuntimeException e) {
      inputs.close();
      throw e;
    }
  }

  /** Persons and disputes: the row rules row by row, erasures, row_json; cached and counted. */
  private static Dataset<Row> checkRows(
      InputDataset dataset,
      Map<InputDataset, Dataset<Row>> raw,
      LocalDate asOf,
      Dataset<Row> known,
      PrivacyPolicy privacy,
      List<Dataset<Row>> cached,
      Map<String, Map<String, Long>> counts,
      Progress progress) {
    PersonIds ids = privacy.ids();
    Dataset<Row> rows = raw.get(dataset);
    if (dataset == InputDataset.PERSONS) {
      rows = rows.withColumn(DuplicateKeys.PERSON_HASH, DuplicateKeys.personHash());
    }
    if (ids.pseudonymized()) {
      rows = rows.withColumn(PERSON_ID, ids.ingest(col(PERSON_ID)));
    }
    Dataset<Row> checked = RowRules.withRejectReason(dataset, rows, asOf, known);
    if (privacy.erasedKeys().isPresent()) {
      checked = ErasedPersons.withErasedReason(checked, privacy.erasedKeys().get(), ids);
    }
    Dataset<Row> persisted =
        Quarantine.withRowJson(dataset, checked).persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(persisted);
    progress.stage(
        "validate " + dataset.tableName(),
        () ->
            readFailing(
                dataset,
                () -> {
                  Map<String, Long> byReason = new TreeMap<>();
                  for (Row g : persisted.groupBy(col(REJECT_REASON)).count().collectAsList()) {
                    byReason.put(
                        g.isNullAt(0) ? ValidatedInputs.ACCEPTED : g.getString(0), g.getLong(1));
                  }
                  counts.put(dataset.tableName(), byReason);
                  return byReason.values().stream().mapToLong(Long::longValue).sum();
                }));
    return persisted;
  }

  /**
   * The one pass over a record source, its counts checked against the rows read. When persons are
   * checked by their hashes, an exact check follows: the persons the pass accepted must all be
   * known; any that is not (its hash collided with a known person's) is named, and the pass is run
   * again with those ids marked unknown.
   */
  private static SourcePass pass(
      InputDataset dataset,
      Dataset<Row> rows,
      long read,
      SourceAggregation spec,
      RecordChecks.Lookups lookups,
      Dataset<Row> known,
      Dataset<Row> disputes,
      PersonIds ids,
      OnePassInputs inputs,
      Progress progress) {
    Dataset<Row> aggregated = aggregate(dataset, rows, spec, lookups, disputes, ids, inputs);
    if (lookups.persons() instanceof RecordChecks.Suspects suspects) {
      Dataset<Row> colliding = collidingPersons(aggregated, known);
      if (!colliding.isEmpty()) {
        LOG.warn(
            "{}: person id hashes of unknown persons collide with known ones; checking again",
            dataset.tableName());
        inputs.cached.remove(aggregated);
        aggregated.unpersist();
        RecordChecks.Lookups exact =
            new RecordChecks.Lookups(
                new RecordChecks.Suspects(suspects.hashes(), colliding),
                lookups.erasedKeys(),
                lookups.candidates());
        aggregated = aggregate(dataset, rows, spec, exact, disputes, ids, inputs);
      }
    }
    Dataset<Row> groups = aggregated;
    Dataset<Row> candidates =
        groups
            .where(col(RecordChecks.CANDIDATE_ROW).isNotNull())
            .select(col(RecordChecks.CANDIDATE_ROW + ".*"), col(COPIES));
    Dataset<Row> resolved =
        DuplicateKeys.resolve(candidates, dataset, COPIES).persist(StorageLevel.MEMORY_AND_DISK());
    inputs.cached.add(resolved);
    progress.stage(
        "validate " + dataset.tableName(),
        () ->
            readFailing(
                dataset,
                () -> {
                  Map<String, Long> byReason = countByReason(groups, resolved);
                  requireAllCounted(dataset, read, byReason);
                  inputs.reasonCounts.put(dataset.tableName(), byReason);
                  return read;
                }));
    return new SourcePass(dataset, spec, DuplicateKeys.hashes(rows, dataset), groups, resolved);
  }

  /** The pass's aggregation, cached. */
  private static Dataset<Row> aggregate(
      InputDataset dataset,
      Dataset<Row> rows,
      SourceAggregation spec,
      RecordChecks.Lookups lookups,
      Dataset<Row> disputes,
      PersonIds ids,
      OnePassInputs inputs) {
    Dataset<Row> marked =
        DisputeFilter.withDisputed(
            RecordChecks.withMarks(dataset, rows, inputs.asOf, ids, lookups),
            disputes,
            dataset,
            inputs.asOf,
            col(RecordChecks.ACCEPTED));
    Column mask = col(RecordChecks.ACCEPTED).and(col(DisputeFilter.DISPUTED).isNull());
    Dataset<Row> aggregated =
        spec.aggregateWithSideKeys(marked, mask, SIDE_KEYS, COPIES)
            .persist(StorageLevel.MEMORY_AND_DISK());
    inputs.cached.add(aggregated);
    return aggregated;
  }

  /**
   * The persons the pass took for known (rows accepted, or candidates) who are not accepted
   * persons, as a small cached dataset of person_id: an exact, hash-partitioned anti-join of the
   * per-person groups (not the rows) with the accepted ids.
   */
  private static Dataset<Row> collidingPersons(Dataset<Row> aggregated, Dataset<Row> known) {
    String taken = "_taken_person_id";
    List<Row> ids =
        aggregated
            .where(col(REJECT_REASON).isNull())
            .select(col(PERSON_ID).as(taken))
            .distinct()
            .join(known, col(taken).equalTo(known.col(PERSON_ID)), "left_anti")
            .collectAsList();
    return aggregated.sparkSession().createDataFrame(ids, PERSON_IDS);
  }

  private static Dataset<Row> kind(Dataset<Row> nominated, byte kind) {
    return nominated.where(col("kind").equalTo(kind)).select(col("value"));
  }

  /** Rows per reject reason, accepted rows under {@link ValidatedInputs#ACCEPTED}. */
  private static Map<String, Long> countByReason(Dataset<Row> aggregated, Dataset<Row> resolved) {
    Map<String, Long> byReason = new TreeMap<>();
    List<Row> groups =
        aggregated
            .groupBy(col(REJECT_REASON), col(RecordChecks.CANDIDATE_ROW).isNotNull())
            .agg(sum(col(COPIES)))
            .collectAsList();
    for (Row g : groups) {
      if (g.isNullAt(0) && !g.getBoolean(1)) {
        byReason.merge(ValidatedInputs.ACCEPTED, g.getLong(2), Long::sum);
      } else if (!g.isNullAt(0)) {
        byReason.merge(g.getString(0), g.getLong(2), Long::sum);
      }
    }
    Row judged =
        resolved
            .agg(sum(col(DuplicateKeys.KEPT_COPIES)), sum(col(DuplicateKeys.DUPLICATE_COPIES)))
            .first();
    if (!judged.isNullAt(0)) {
      byReason.merge(ValidatedInputs.ACCEPTED, judged.getLong(0), Long::sum);
      if (judged.getLong(1) > 0) {
        byReason.merge("duplicate_id", judged.getLong(1), Long::sum);
      }
    }
    return byReason;
  }

  /** Stops the run when the rows accepted and quarantined are not the rows read. */
  private static void requireAllCounted(
      InputDataset dataset, long read, Map<String, Long> byReason) {
    long counted = byReason.values().stream().mapToLong(Long::longValue).sum();
    if (counted != read) {
      throw new IllegalStateException(
          "dataset "
              + dataset.tableName()
              + ": "
              + read
              + " rows read but "
              + counted
              + " accepted or quarantined; the input files changed during the run, or this is a"
              + " defect. Nothing was published; rerun once the inputs are complete.");
    }
  }

  private static long readCount(Dataset<Row> nominated) {
    Row r = nominated.agg(sum(when(col("kind").equalTo(DuplicateKeys.ROWS), col("value")))).first();
    return r.isNullAt(0) ? 0L : r.getLong(0);
  }

  /** Runs {@code action}, explaining an unreadable input file as bad input (exit 2). */
  private static long readFailing(InputDataset dataset, Supplier<Long> action) {
    try {
      return action.get();
    } catch (Exception e) { // SparkException is checked in Java's eyes but thrown unchecked
      throw ReadFailures.explain(dataset, e);
    }
  }

  /** At least {@code least}, and one task per {@link #KEY_PASS_BYTES_PER_TASK} of input. */
  private static int keyPassPartitions(Dataset<Row> rows, int least) {
    long bytes = rows.queryExecution().optimizedPlan().stats().sizeInBytes().longValue();
    return (int) Math.max(least, Math.min(100_000, bytes / KEY_PASS_BYTES_PER_TASK + 1));
  }

  private static SourceAggregation spec(
      InputDataset dataset, LocalDate asOf, FeatureConfig features) {
    return switch (dataset) {
      case SHOPPING_ORDERS -> ShoppingFeatures.spec(asOf);
      case PAYMENTS -> PaymentFeatures.spec(asOf);
      case COURT_RECORDS -> CourtFeatures.spec(asOf, features);
      default -> throw new IllegalArgumentException(dataset + " is not a record source");
    };
  }

  /** Puts the datasets' counts in contract order. */
  private static void reorder(Map<String, Map<String, Long>> counts) {
    Map<String, Map<String, Long>> ordered = new LinkedHashMap<>();
    for (InputDataset dataset : InputDataset.values()) {
      Map<String, Long> c = counts.get(dataset.tableName());
      if (c != null) {
        ordered.put(dataset.tableName(), c);
      }
    }
    counts.clear();
    counts.putAll(ordered);
  }

  /** Accepted rows of persons or disputes, in their contract schema. */
  public Dataset<Row> accepted(InputDataset dataset) {
    if (!checkedRows.containsKey(dataset)) {
      throw new IllegalArgumentException(
          dataset.tableName() + " is aggregated in one pass; its accepted rows are not kept");
    }
    return Quarantine.filterAccepted(dataset, checkedRows.get(dataset));
  }

  /**
   * One row per accepted person, exactly {@link io.credence.schema.OutputSchemas#FEATURE_VALUES}:
   * each source's buffers of its accepted rows merged with those of the candidate rows kept, then
   * finished and joined to the persons (see {@link FeatureAssembler}).
   */
  public Dataset<Row> features() {
    Map<InputDataset, Dataset<Row>> perSource = new EnumMap<>(InputDataset.class);
    Dataset<Row> disputes = accepted(InputDataset.DISPUTES);
    for (SourcePass p : passes) {
      List<Column> bufferColumns = new ArrayList<>();
      bufferColumns.add(col(PERSON_ID));
      p.spec().bufferNames().forEach(n -> bufferColumns.add(col(n)));
      Column direct = col(REJECT_REASON).isNull().and(col(RecordChecks.CANDIDATE_ROW).isNull());
      Dataset<Row> main = p.aggregated().where(direct).select(bufferColumns.toArray(Column[]::new));
      Dataset<Row> kept =
          p.resolved()
              .where(col(DuplicateKeys.KEPT_COPIES).gt(0))
              .select(contractColumns(p.dataset()));
      Dataset<Row> keptBuffers =
          p.spec()
              .perPersonBuffers(DisputeFilter.filterDisputed(kept, disputes, p.dataset(), asOf));
      perSource.put(p.dataset(), p.spec().finish(p.spec().merge(main.unionByName(keptBuffers))));
    }
    return FeatureAssembler.assemble(
        accepted(InputDataset.PERSONS).select(PERSON_ID),
        perSource.get(InputDataset.PAYMENTS),
        perSource.get(InputDataset.SHOPPING_ORDERS),
        perSource.get(InputDataset.COURT_RECORDS),
        asOf);
  }

  /** The quarantine-table rows of every dataset, one per rejected input row. */
  public Dataset<Row> quarantine(LocalDate snapshotDate, String runId) {
    Dataset<Row> all = null;
    for (InputDataset dataset : List.of(InputDataset.PERSONS, InputDataset.DISPUTES)) {
      Dataset<Row> rows =
          Quarantine.filterRejected(dataset, checkedRows.get(dataset), snapshotDate, runId);
      all = all == null ? rows : all.unionByName(rows);
    }
    for (SourcePass p : passes) {
      Dataset<Row> setAside =
          p.aggregated()
              .where(col(REJECT_REASON).isNotNull())
              .select(col(REJECT_REASON).as(REASON), col(ROW_JSON), col(COPIES));
      Dataset<Row> duplicates =
          p.resolved()
              .where(col(DuplicateKeys.DUPLICATE_COPIES).gt(0))
              .select(
                  lit("duplicate_id").as(REASON),
                  Quarantine.rowJson(p.dataset(), lit("duplicate_id")).as(ROW_JSON),
                  col(DuplicateKeys.DUPLICATE_COPIES).as(COPIES));
      Dataset<Row> rows =
          setAside
              .unionByName(duplicates)
              .withColumn("_copy", explode(array_repeat(lit(true), col(COPIES).cast("int"))))
              .select(
                  lit(p.dataset().tableName()).as(DATASET),
                  col(REASON),
                  col(ROW_JSON),
                  lit(java.sql.Date.valueOf(snapshotDate)).as(SNAPSHOT_DATE),
                  lit(runId).as(RUN_ID));
      all = all.unionByName(rows);
    }
    return all;
  }

  /**
   * The queries that read the record sources, for inspecting their plans: per source the key pass's
   * narrow query and the one pass's aggregation (its cached result).
   */
  public List<Dataset<Row>> queries() {
    List<Dataset<Row>> out = new ArrayList<>();
    passes.forEach(
        p -> {
          out.add(p.keyHashes());
          out.add(p.aggregated());
          out.add(p.resolved());
        });
    return out;
  }

  private static Column[] contractColumns(InputDataset dataset) {
    List<Column> out = new ArrayList<>();
    for (String name : dataset.schema().fieldNames()) {
      out.add(col(name));
    }
    return out.toArray(Column[]::new);
  }

  /** Per dataset name: rows per reject reason, accepted rows under ValidatedInputs.ACCEPTED. */
  public Map<String, Map<String, Long>> reasonCounts() {
    return reasonCounts;
  }

  /** Per dataset name: read, accepted, quarantined. */
  public Map<String, RunSummary.DatasetCount> datasetCounts() {
    return ValidatedInputs.datasetCounts(reasonCounts);
  }

  /** Per dataset name: quarantined rows per reason (accepted rows left out). */
  public Map<String, Map<String, Long>> quarantinedByReason() {
    return ValidatedInputs.quarantinedByReason(reasonCounts);
  }

  @Override
  public void close() {
    cached.forEach(Dataset::unpersist);
  }
}
