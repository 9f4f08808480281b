package io.credence.quality;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.array_repeat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.credence.config.FeatureConfig;
import io.credence.feature.Buffer;
import io.credence.feature.CourtFeatures;
import io.credence.feature.DisputeFilter;
import io.credence.feature.FeatureAssembler;
import io.credence.feature.PaymentFeatures;
import io.credence.feature.ShoppingFeatures;
import io.credence.feature.SourceAggregation;
import io.credence.privacy.ErasedPersons;
import io.credence.privacy.PersonIds;
import io.credence.privacy.PrivacyPolicy;
import io.credence.run.DatasetCount;
import io.credence.run.Parallel;
import io.credence.run.Progress;
import io.credence.schema.InputDataset;
import io.credence.schema.OutputSchemas;
import io.credence.source.InputReader;
import io.credence.source.ReadFailures;
import io.credence.spark.CachedRows;
import io.credence.spark.ScopedConf;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
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
import org.apache.spark.sql.internal.SQLConf;

/**
 * The nightly run's inputs, held to the contract, and their features, from at most two scans of
 * each record source with no whole row shuffled, sorted or cached:
 *
 * <ol>
 *   <li>persons and disputes (one row per person at most, and a small share of records) are checked
 *       row by row ({@link RowRules#withRejectReason}) and cached;
 *   <li>per record source (shopping_orders, payments, court_records; the three side by side on
 *       threads of their own, see {@link Parallel}), a narrow pass over (person_id, id) counts the
 *       rows read and nominates the keys that may repeat ({@link DuplicateKeys#nominate});
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
  private static final String IS_PERSON = "_is_person";
  private static final String DISPUTE_HASH = "_dispute_key_hash";
  private static final org.apache.spark.sql.types.StructType PERSON_IDS =
      new org.apache.spark.sql.types.StructType()
          .add(PERSON_ID, org.apache.spark.sql.types.DataTypes.StringType);
  private static final List<String> SIDE_KEYS =
      List.of(REJECT_REASON, ROW_JSON, RecordChecks.CANDIDATE_ROW);

  /**
   * How the passes are laid out.
   *
   * @param partitions the run's shuffle partitions: the least number of reduce tasks of each key
   *     pass, and the number of person_id ranges the features are merged in (see {@link #features})
   * @param broadcastPersonsMax the largest number of accepted persons whose ids are broadcast to
   *     check records; above it, only the hashes of unknown persons are (see {@link
   *     RecordChecks.PersonCheck})
   * @param fitToInputs whether {@code partitions} is the most the passes use, and inputs too small
   *     to fill them get fewer ({@link #fittedTo}); otherwise exactly {@code partitions}
   */
  public record Plan(int partitions, long broadcastPersonsMax, boolean fitToInputs) {
    /** A plan of exactly {@code partitions}, whatever the inputs' size. */
    public Plan(int partitions, long broadcastPersonsMax) {
      this(partitions, broadcastPersonsMax, false);
    }

    /**
     * This plan for inputs of {@code bytes} (their files' size): the number of partitions Spark's
     * adaptive execution would coalesce a shuffle of that size into, at most {@link #partitions}.
     * The person_id ranges of the features' merge, the key passes' reduce tasks and the files of
     * each table a run writes are fixed counts, which adaptive execution leaves alone; a run of a
     * few megabytes spent most of its tasks on empty or near-empty partitions. Spark's own rule and
     * settings (spark.sql.adaptive.*): a partition's target size is the advisory partition size, or
     * less where that leaves fewer partitions than the least number of coalesced partitions (with
     * {@code parallelismFirst}, Spark's default, the default parallelism: the cores), but never
     * less than the minimum partition size (1 MB). With adaptive execution or its coalescing off,
     * the plan is unchanged.
     */
    public Plan fittedTo(SparkSession spark, long bytes) {
      SQLConf conf = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().conf();
      if (!fitToInputs
          || !conf.adaptiveExecutionEnabled()
          || !conf.coalesceShufflePartitionsEnabled()) {
        return this;
      }
      long advisory = (Long) conf.getConf(SQLConf.ADVISORY_PARTITION_SIZE_IN_BYTES());
      long minSize = (Long) conf.getConf(SQLConf.COALESCE_PARTITIONS_MIN_PARTITION_SIZE());
      scala.Option<Object> minNumber =
          conf.getConf(SQLConf.COALESCE_PARTITIONS_MIN_PARTITION_NUM());
      long least =
          minNumber.isDefined()
              ? ((Number) minNumber.get()).longValue()
              : (boolean) conf.getConf(SQLConf.COALESCE_PARTITIONS_PARALLELISM_FIRST())
                  ? spark.sparkContext().defaultParallelism()
                  : 1;
      // Spark refuses a minimum size or number of partitions under 1, so both divisors are
      // positive.
      long target = Math.max(minSize, Math.min(advisory, ceilDiv(bytes, least)));
      long fitted = Math.max(1, ceilDiv(bytes, target));
      return new Plan((int) Math.min(partitions, fitted), broadcastPersonsMax, false);
    }

    private static long ceilDiv(long a, long b) {
      return -Math.floorDiv(-a, b);
    }
  }

  /**
   * One record source after its pass.
   *
   * @param rows the source as read
   * @param read rows read, counted by the key pass
   * @param lookups what the pass checked its rows against
   * @param aggregated the pass's groups (cached until the features are merged)
   * @param setAside the rejected rows' groups: reason, row_json, copies (cached)
   * @param resolved the candidate rows judged by the exact duplicate rule (cached)
   */
  private record SourcePass(
      InputDataset dataset,
      SourceAggregation spec,
      Dataset<Row> rows,
      long read,
      RecordChecks.Lookups lookups,
      Dataset<Row> aggregated,
      Dataset<Row> setAside,
      Dataset<Row> resolved) {}

  private final Map<InputDataset, Dataset<Row>> checkedRows;
  private final List<SourcePass> passes;
  private final Map<String, Map<String, Long>> reasonCounts;
  private final CachedRows caches;
  private final LocalDate asOf;
  private final Plan plan;

  /** Columns computed from each accepted person's row, carried beside their features. */
  private final Map<String, Column> personColumns;

  /** Per person (and per unknown person a pass took for known): the finished features, cached. */
  private Dataset<Row> perPerson;

  /** Rows of {@link #perPerson} that are not accepted persons, counted when it is built. */
  private long notPersons;

  private OnePassInputs(
      Map<InputDataset, Dataset<Row>> checkedRows,
      List<SourcePass> passes,
      Map<String, Map<String, Long>> reasonCounts,
      CachedRows caches,
      LocalDate asOf,
      Plan plan,
      Map<String, Column> personColumns) {
    this.checkedRows = checkedRows;
    this.passes = passes;
    this.reasonCounts = reasonCounts;
    this.caches = caches;
    this.asOf = asOf;
    this.plan = plan;
    this.personColumns = personColumns;
  }

  /**
   * Reads {@code root}, checks the schema contract and every row rule at {@code asOf}, and counts.
   * Person ids are stored as {@code privacy} says from the first step on (no rule, quarantined row
   * or log sees a raw id), and erased persons' rows are rejected as {@value ErasedPersons#REASON}.
   *
   * @param plan how the passes are laid out
   * @param personColumns columns to carry (by name, expressions over a persons row, none named as a
   *     feature; empty for none) from each accepted person's row through the features' merge, where
   *     the persons meet their records anyway, to {@link #featuresWithPersonColumns}: the nightly
   *     job's monitoring groups, which so need no join of the scores with the persons. {@link
   *     #features} never holds them.
   */
  public static OnePassInputs load(
      SparkSession spark,
      String root,
      LocalDate asOf,
      FeatureConfig features,
      PrivacyPolicy privacy,
      Plan plan,
      Map<String, Column> personColumns,
      Progress progress) {
    for (String name : personColumns.keySet()) {
      if (List.of(OutputSchemas.FEATURE_VALUES.fieldNames()).contains(name)) {
        throw new IllegalArgumentException(name + " is a feature, not a person column to carry");
      }
    }
    PersonIds ids = privacy.ids();
    Map<InputDataset, Dataset<Row>> raw = InputReader.readAll(spark, root);
    long inputBytes = bytes(raw.values());
    Plan fitted = plan.fittedTo(spark, inputBytes);
    if (fitted.partitions() < plan.partitions()) {
      LOG.info(
          "{} shuffle partition(s) for {} MB of inputs (spark.shuffle_partitions {} is the most)",
          fitted.partitions(),
          String.format(java.util.Locale.ROOT, "%.1f", inputBytes / 1e6),
          plan.partitions());
    }
    Map<InputDataset, Dataset<Row>> checkedRows = new EnumMap<>(InputDataset.class);
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    CachedRows caches = new CachedRows();
    OnePassInputs inputs =
        new OnePassInputs(
            checkedRows, new ArrayList<>(), counts, caches, asOf, fitted, personColumns);
    try {
      Dataset<Row> persons =
          checkRows(InputDataset.PERSONS, raw, asOf, null, privacy, caches, counts, progress);
      checkedRows.put(InputDataset.PERSONS, persons);
      Dataset<Row> known =
          persons
              .where(col(REJECT_REASON).isNull())
              .select(col(PERSON_ID), col(DuplicateKeys.PERSON_HASH));
      checkedRows.put(
          InputDataset.DISPUTES,
          checkRows(InputDataset.DISPUTES, raw, asOf, known, privacy, caches, counts, progress));
      Dataset<Row> disputes =
          checkedRows.get(InputDataset.DISPUTES).where(col(REJECT_REASON).isNull());
      Optional<Dataset<Row>> knownHashes =
          inputs.personsBroadcast()
              ? Optional.empty()
              : Optional.of(known.select(DuplicateKeys.PERSON_HASH));
      // The sources are independent until their buffers are merged: their passes run side by
      // side, so that one pass's planning and fixed costs overlap another's tasks.
      List<Supplier<SourcePass>> steps = new ArrayList<>();
      for (InputDataset dataset : RECORD_SOURCES) {
        steps.add(
            () ->
                inputs.sourcePass(
                    spark,
                    dataset,
                    raw.get(dataset),
                    known,
                    knownHashes,
                    disputes,
                    features,
                    privacy,
                    progress));
      }
      List<SourcePass> passes = uncompressed(spark, () -> Parallel.callAll(steps));
      inputs.passes.addAll(passes);
      inputs.mergeFeatures(progress);
      inputs.recheckUnknownPersons(disputes, ids, progress);
      reorder(counts);
      return inputs;
    } catch (RuntimeException e) {
      inputs.close();
      throw e;
    }
  }

  /**
   * One record source: the key pass counts its rows and nominates candidate keys, then the one pass
   * checks and aggregates it.
   */
  private SourcePass sourcePass(
      SparkSession spark,
      InputDataset dataset,
      Dataset<Row> rows,
      Dataset<Row> known,
      Optional<Dataset<Row>> knownHashes,
      Dataset<Row> disputes,
      FeatureConfig features,
      PrivacyPolicy privacy,
      Progress progress) {
    int partitions = keyPassPartitions(rows, plan.partitions());
    Dataset<Row> nominating =
        caches.persist(DuplicateKeys.nominate(spark, rows, dataset, partitions, knownHashes));
    long read =
        progress.stage(
            "nominate duplicates " + dataset.tableName(),
            () -> readFailing(dataset, () -> readCount(nominating)));
    Dataset<Row> nominated = caches.view(nominating);
    RecordChecks.PersonCheck check =
        knownHashes.isEmpty()
            ? new RecordChecks.KnownIds(known)
            : new RecordChecks.Suspects(
                kind(nominated, DuplicateKeys.SUSPECT),
                spark.createDataFrame(List.of(), PERSON_IDS));
    RecordChecks.Lookups lookups =
        new RecordChecks.Lookups(
            check, privacy.erasedKeys(), kind(nominated, DuplicateKeys.CANDIDATE));
    return pass(
        dataset,
        rows,
        read,
        spec(dataset, asOf, features),
        lookups,
        disputes,
        privacy.ids(),
        progress);
  }

  /** Persons and disputes: the row rules row by row, erasures, row_json; cached and counted. */
  private static Dataset<Row> checkRows(
      InputDataset dataset,
      Map<InputDataset, Dataset<Row>> raw,
      LocalDate asOf,
      Dataset<Row> known,
      PrivacyPolicy privacy,
      CachedRows caches,
      Map<String, Map<String, Long>> counts,
      Progress progress) {
    PersonIds ids = privacy.ids();
    Dataset<Row> rows = raw.get(dataset);
    if (dataset == InputDataset.PERSONS) {
      rows = rows.withColumn(DuplicateKeys.PERSON_HASH, DuplicateKeys.personHash());
    } else {
      // The disputed record's (person_id, id) hash, on the ids as read, as the records' key hash.
      rows = rows.withColumn(DISPUTE_HASH, DuplicateKeys.keyHash(col(PERSON_ID), col(RECORD_ID)));
    }
    if (ids.pseudonymized()) {
      rows = rows.withColumn(PERSON_ID, ids.ingest(col(PERSON_ID)));
    }
    Dataset<Row> checked = RowRules.withRejectReason(dataset, rows, asOf, known);
    if (privacy.erasedKeys().isPresent()) {
      checked = ErasedPersons.withErasedReason(checked, privacy.erasedKeys().get(), ids);
    }
    Dataset<Row> persisted = caches.persist(Quarantine.withRowJson(dataset, checked));
    progress.stage(
        "validate " + dataset.tableName(),
        () ->
            readFailing(
                dataset,
                () ->
                    uncompressed(
                        persisted.sparkSession(),
                        () -> {
                          Map<String, Long> byReason = new TreeMap<>();
                          for (Row g :
                              persisted.groupBy(col(REJECT_REASON)).count().collectAsList()) {
                            byReason.put(
                                g.isNullAt(0) ? ValidatedInputs.ACCEPTED : g.getString(0),
                                g.getLong(1));
                          }
                          counts.put(dataset.tableName(), byReason);
                          return byReason.values().stream().mapToLong(Long::longValue).sum();
                        })));
    return caches.view(persisted);
  }

  /**
   * The one pass over a record source: its groups and judged candidates cached, its counts per
   * reason checked against the rows read.
   */
  private SourcePass pass(
      InputDataset dataset,
      Dataset<Row> rows,
      long read,
      SourceAggregation spec,
      RecordChecks.Lookups lookups,
      Dataset<Row> disputes,
      PersonIds ids,
      Progress progress) {
    Dataset<Row> marked =
        DisputeFilter.withDisputed(
            RecordChecks.withMarks(dataset, rows, asOf, ids, lookups),
            disputes,
            dataset,
            asOf,
            col(RecordChecks.ACCEPTED),
            col(DuplicateKeys.KEY_HASH),
            col(DISPUTE_HASH));
    Column mask = col(RecordChecks.ACCEPTED).and(col(DisputeFilter.DISPUTED).isNull());
    Dataset<Row> aggregated =
        caches.persist(spec.aggregateWithSideKeys(marked, mask, SIDE_KEYS, COPIES));
    Dataset<Row> candidates =
        aggregated
            .where(col(RecordChecks.CANDIDATE_ROW).isNotNull())
            .select(col(RecordChecks.CANDIDATE_ROW + ".*"), col(COPIES));
    Dataset<Row> resolved = caches.persist(DuplicateKeys.resolve(candidates, dataset, COPIES));
    Dataset<Row> setAside =
        caches.persist(
            aggregated
                .where(col(REJECT_REASON).isNotNull())
                .select(col(REJECT_REASON), col(ROW_JSON), col(COPIES)));
    progress.stage(
        "validate " + dataset.tableName(),
        () ->
            readFailing(
                dataset,
                () ->
                    uncompressed(
                        aggregated.sparkSession(),
                        () -> {
                          Map<String, Long> byReason =
                              countByReason(aggregated, setAside, resolved);
                          requireAllCounted(dataset, read, byReason);
                          synchronized (reasonCounts) {
                            reasonCounts.put(dataset.tableName(), byReason);
                          }
                          return read;
                        })));
    return new SourcePass(
        dataset,
        spec,
        rows,
        read,
        lookups,
        caches.view(aggregated),
        caches.view(setAside),
        caches.view(resolved));
  }

  /**
   * Runs {@code action}, which builds caches, with the in-memory columnar cache's compression off:
   * the pass's groups are mostly nulls, longs and distinct ids, which compress little, and
   * gathering the compression statistics cost more time than it saved (so it did for the checked
   * persons and disputes: a quarter of their validation's CPU at 1M persons, in dictionary
   * encoding's statistics of distinct ids and dates). The setting is read when a cache is first
   * built, and restored after. The sources' passes run side by side under one such scope (their key
   * passes' small caches of nominated keys are built uncompressed too); a scope nested in it sets
   * and restores the same value.
   */
  private static <T> T uncompressed(SparkSession spark, Supplier<T> action) {
    try (ScopedConf uncompressed =
        ScopedConf.set(spark, "spark.sql.inMemoryColumnarStorage.compressed", false)) {
      return action.get();
    }
  }

  /**
   * Checked by hashes, a record's person is taken for known unless its hash is a suspect's; a
   * person id whose hash collides with a known person's (1 in about 2^64 / population per unknown
   * id) would pass. The features' merge groups every person the passes took for known with the
   * accepted persons, so such a person shows up there exactly, without another pass over the rows:
   * when one does, the passes that took them are run again with their ids marked unknown.
   */
  private void recheckUnknownPersons(Dataset<Row> disputes, PersonIds ids, Progress progress) {
    if (notPersons == 0) {
      return;
    }
    List<Row> colliding =
        perPerson.where(col(IS_PERSON).isNull()).select(col(PERSON_ID)).collectAsList();
    if (passes.stream().anyMatch(p -> p.lookups().persons() instanceof RecordChecks.KnownIds)) {
      throw new IllegalStateException(
          colliding.size() + " persons were taken for known but are not accepted persons");
    }
    LOG.warn(
        "{} person id(s) of unknown persons have a known person's hash; checking the records"
            + " again with them marked unknown",
        colliding.size());
    Dataset<Row> collidingIds =
        caches.persist(disputes.sparkSession().createDataFrame(colliding, PERSON_IDS));
    List<SourcePass> again = new ArrayList<>();
    for (SourcePass p : passes) {
      caches.release(p.setAside());
      caches.release(p.resolved());
      RecordChecks.Suspects suspects = (RecordChecks.Suspects) p.lookups().persons();
      RecordChecks.Lookups exact =
          new RecordChecks.Lookups(
              new RecordChecks.Suspects(suspects.hashes(), collidingIds),
              p.lookups().erasedKeys(),
              p.lookups().candidates());
      again.add(pass(p.dataset(), p.rows(), p.read(), p.spec(), exact, disputes, ids, progress));
    }
    passes.clear();
    passes.addAll(again);
    caches.release(perPerson);
    mergeFeatures(progress);
  }

  private static Dataset<Row> kind(Dataset<Row> nominated, byte kind) {
    return nominated.where(col("kind").equalTo(kind)).select(col("value"));
  }

  /**
   * Rows per reject reason, accepted rows under {@link ValidatedInputs#ACCEPTED}: the rows accepted
   * directly from the pass's groups, the rejected ones from the groups set aside, and the candidate
   * rows' verdicts. Builds the three caches.
   */
  private static Map<String, Long> countByReason(
      Dataset<Row> aggregated, Dataset<Row> setAside, Dataset<Row> resolved) {
    Map<String, Long> byReason = new TreeMap<>();
    Row accepted =
        aggregated
            .agg(
                sum(
                    when(
                        col(REJECT_REASON).isNull().and(col(RecordChecks.CANDIDATE_ROW).isNull()),
                        col(COPIES))))
            .first();
    if (!accepted.isNullAt(0)) {
      byReason.put(ValidatedInputs.ACCEPTED, accepted.getLong(0));
    }
    for (Row g : setAside.groupBy(col(REJECT_REASON)).agg(sum(col(COPIES))).collectAsList()) {
      byReason.merge(g.getString(0), g.getLong(1), Long::sum);
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
    return (int)
        Math.max(least, Math.min(100_000, bytes(List.of(rows)) / KEY_PASS_BYTES_PER_TASK + 1));
  }

  /**
   * The size Spark estimates for reading {@code inputs}: their files' bytes, for the columns read.
   */
  private static long bytes(Collection<Dataset<Row>> inputs) {
    // A relation that cannot tell its size reports Spark's default, Long.MAX_VALUE: the sum is
    // capped there rather than wrapped around.
    return inputs.stream()
        .map(d -> d.queryExecution().optimizedPlan().stats().sizeInBytes().bigInteger())
        .reduce(BigInteger.ZERO, BigInteger::add)
        .min(BigInteger.valueOf(Long.MAX_VALUE))
        .longValue();
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
   * Merges every source's buffers of its accepted rows and of the candidate rows kept with the
   * accepted persons, by one aggregation on person_id (one shuffle of one row per person and
   * source; the carried person columns as codes, see {@link CarriedColumns}), finishes them per
   * source, and caches the result with a flag for the accepted persons (see {@link
   * #recheckUnknownPersons}).
   */
  private void mergeFeatures(Progress progress) {
    progress.stage(
        "features",
        () ->
            uncompressed(
                accepted(InputDataset.PERSONS).sparkSession(),
                () -> {
                  Dataset<Row> merging = caches.persist(merged());
                  // The accepted persons, and in the same query those the passes took for known
                  // that are not (see recheckUnknownPersons).
                  Row counts =
                      merging
                          .agg(
                              count(when(col(IS_PERSON), lit(1))),
                              count(when(col(IS_PERSON).isNull(), lit(1))))
                          .first();
                  notPersons = counts.getLong(1);
                  perPerson = caches.view(merging);
                  return counts.getLong(0);
                }));
    // The passes' groups are in the merge now; what the quarantine needs is set aside.
    passes.forEach(p -> caches.release(p.aggregated()));
  }

  /**
   * The merge's rows (see {@link #mergeFeatures}): every accepted person's row with the person
   * columns carried, and each source's buffers, aggregated per person and finished.
   */
  private Dataset<Row> merged() {
    Dataset<Row> disputes = accepted(InputDataset.DISPUTES);
    Dataset<Row> persons = accepted(InputDataset.PERSONS);
    CarriedColumns carried = CarriedColumns.of(persons, personColumns);
    List<Column> personRow = new ArrayList<>(List.of(col(PERSON_ID), lit(true).as(IS_PERSON)));
    personColumns.keySet().forEach(name -> personRow.add(col(name)));
    List<Column> merges = new ArrayList<>(carried.merges());
    Dataset<Row> all =
        carried.encode(persons, personColumns).select(personRow.toArray(Column[]::new));
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
      all = all.unionByName(main, true).unionByName(keptBuffers, true);
      for (Buffer b : p.spec().buffers()) {
        merges.add(b.merge().cast(main.schema().apply(b.name()).dataType()).as(b.name()));
      }
    }
    // Grouped over person_id ranges, not hash partitions: the merged rows, and the features and
    // scores computed from them row by row, come out laid out as the scores are published, in as
    // many ranges (DeltaWriter.layOutForLookup then only sorts each range). Each map task of this
    // shuffle reads one source's groups, which hold a person once, so a partial aggregation
    // before it would combine nothing.
    Dataset<Row> merged =
        all.repartitionByRange(plan.partitions(), col(PERSON_ID))
            .groupBy(PERSON_ID)
            .agg(max(col(IS_PERSON)).as(IS_PERSON), merges.toArray(Column[]::new));
    for (SourcePass p : passes) {
      merged = p.spec().finish(merged);
    }
    return carried.decode(merged);
  }

  /**
   * One row per accepted person, exactly {@link io.credence.schema.OutputSchemas#FEATURE_VALUES},
   * read from the cached merge (see {@link FeatureAssembler#select}): partitioned by ascending
   * person_id ranges, {@link Plan#partitions} of them, unsorted within each.
   */
  public Dataset<Row> features() {
    return FeatureAssembler.select(perPerson.where(col(IS_PERSON)), asOf);
  }

  /**
   * {@link #features}, each row with the person columns {@link #load} was asked to carry, after the
   * features.
   */
  public Dataset<Row> featuresWithPersonColumns() {
    return FeatureAssembler.select(
        perPerson.where(col(IS_PERSON)), asOf, List.copyOf(personColumns.keySet()));
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
          p.setAside().select(col(REJECT_REASON).as(REASON), col(ROW_JSON), col(COPIES));
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
   * narrow query and the cached results of the one pass (the rows set aside, the judged
   * candidates), and the cached merge of the features.
   */
  public List<Dataset<Row>> queries() {
    List<Dataset<Row>> out = new ArrayList<>();
    passes.forEach(
        p -> {
          out.add(DuplicateKeys.hashes(p.rows(), p.dataset()));
          out.add(caches.persistedOf(p.setAside()));
          out.add(caches.persistedOf(p.resolved()));
        });
    out.add(caches.persistedOf(perPerson));
    return out;
  }

  private static Column[] contractColumns(InputDataset dataset) {
    List<Column> out = new ArrayList<>();
    for (String name : dataset.schema().fieldNames()) {
      out.add(col(name));
    }
    return out.toArray(Column[]::new);
  }

  /**
   * The shuffle partitions the passes used: {@link Plan#partitions}, or fewer for small inputs (see
   * {@link Plan#fittedTo}). The features come in as many person_id ranges.
   */
  public int partitions() {
    return plan.partitions();
  }

  /** Per dataset name: rows per reject reason, accepted rows under ValidatedInputs.ACCEPTED. */
  public Map<String, Map<String, Long>> reasonCounts() {
    return reasonCounts;
  }

  /**
   * Whether the accepted persons were within {@code spark.broadcast_persons_max}, so that the
   * passes checked records' persons against them broadcast to every task.
   */
  private boolean personsBroadcast() {
    long population =
        reasonCounts
            .get(InputDataset.PERSONS.tableName())
            .getOrDefault(ValidatedInputs.ACCEPTED, 0L);
    return population <= plan.broadcastPersonsMax();
  }

  /** Per dataset name: read, accepted, quarantined. */
  public Map<String, DatasetCount> datasetCounts() {
    return ValidatedInputs.datasetCounts(reasonCounts);
  }

  /** Per dataset name: quarantined rows per reason (accepted rows left out). */
  public Map<String, Map<String, Long>> quarantinedByReason() {
    return ValidatedInputs.quarantinedByReason(reasonCounts);
  }

  @Override
  public void close() {
    caches.close();
  }
}
