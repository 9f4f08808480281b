package io.credence.spark;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.LogicalRDD$;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.storage.StorageLevel;

/**
 * A run's cached intermediate results, each read back, once it is built, under a one-operator plan.
 *
 * <p>Spark keeps the whole plan that computed a cache inside every query that reads it: it analyzes
 * that plan again for each new Dataset built on top, and writes its text (the default "formatted"
 * form) into the query's SQL execution start event and every adaptive re-plan event. With the
 * feature dictionary, the features' plan has some 800 operators and its text is 2 MB; that fixed
 * cost, paid by every query that reads the features or the scores, was most of the driver's time in
 * a small run. {@link #view} gives the same rows under a {@link LogicalRDD} over the cache's own
 * RDD instead: the cache's blocks are read as before, and the view keeps the cache's output
 * partitioning and measured size, so that Spark plans joins and aggregations over it as it did over
 * the cache. On a cluster a lost block is recomputed from the cache's lineage as before; with a
 * local master the view also cuts that lineage (see {@link #cutLineage}). Its methods may be called
 * from several threads (the record sources' passes run side by side); Spark's planning in {@link
 * #persist} and {@link #view} runs outside the lock that guards the bookkeeping.
 */
public final class CachedRows implements AutoCloseable {
  /** The persisted Dataset behind each view (by identity). */
  private final Map<Dataset<Row>, Dataset<Row>> persistedByView = new IdentityHashMap<>();

  /** Every Dataset persisted here and not released yet. */
  private final List<Dataset<Row>> persisted = new ArrayList<>();

  /** Marks {@code rows} to be cached (MEMORY_AND_DISK) and returns it; build it with an action. */
  public Dataset<Row> persist(Dataset<Row> rows) {
    // Spark analyzes and plans the Dataset here (half a second for a pass's plan on a cold JVM):
    // outside this object's lock, which only guards the lists, so passes side by side do not wait
    // on each other's planning.
    Dataset<Row> out = rows.persist(StorageLevel.MEMORY_AND_DISK());
    synchronized (this) {
      persisted.add(out);
    }
    return out;
  }

  /**
   * The rows of {@code built}, a Dataset returned by {@link #persist} whose cache an action has
   * built, under a one-operator plan (see the class comment). Read the view from then on.
   */
  public Dataset<Row> view(Dataset<Row> built) {
    synchronized (this) {
      if (!persisted.contains(built)) {
        throw new IllegalArgumentException("not a Dataset persisted here: " + built);
      }
    }
    // persist() registered the Dataset's own plan, so its physical plan reads the cache.
    org.apache.spark.sql.classic.Dataset<Row> reader =
        (org.apache.spark.sql.classic.Dataset<Row>) built;
    org.apache.spark.sql.classic.SparkSession spark = reader.sparkSession();
    SparkPlan scan = reader.queryExecution().sparkPlan();
    if (!(scan instanceof InMemoryTableScanExec)) {
      throw new IllegalStateException("the Dataset does not read its cache: " + scan.nodeName());
    }
    if (spark.sparkContext().isLocal()) {
      cutLineage(((InMemoryTableScanExec) scan).relation().cacheBuilder().cachedColumnBuffers());
    }
    RDD<InternalRow> rdd = reader.queryExecution().executedPlan().execute();
    LogicalRDD fromDataset = LogicalRDD$.MODULE$.fromDataset(rdd, reader, false);
    // The adaptive plan around the cache's scan reports no partitioning; the scan itself does.
    LogicalRDD plan =
        fromDataset.copy(
            fromDataset.output(),
            rdd,
            scan.outputPartitioning(),
            scan.outputOrdering(),
            false,
            scala.Option.empty(),
            spark,
            scala.Option.apply(fromDataset.computeStats()),
            scala.Option.empty());
    Dataset<Row> view = org.apache.spark.sql.classic.Dataset.ofRows(spark, plan);
    synchronized (this) {
      persistedByView.put(view, built);
    }
    return view;
  }

  /**
   * Marks the cache's RDD, whose blocks an action has built, as locally checkpointed and
   * checkpoints it now: Spark computes any block still missing (none, after an action that read the
   * whole cache) and forgets the RDD's parents. Spark serializes an RDD's parents, up to the last
   * shuffle, into every task that reads it, and a cache built from the feature dictionary's plans
   * made each task of a later query carry about 1.2 MB of generated code and closures (20 such
   * tasks' binaries, 24 MB, in a sample-data run), which the driver serialized and every task
   * deserialized again. Only where the driver is the executor (a local master): there a block
   * cannot be lost, whereas on a cluster an executor lost with a block would leave a locally
   * checkpointed RDD nothing to recompute it from.
   */
  private static void cutLineage(RDD<?> buffers) {
    if (buffers.isCheckpointed() || buffers.isLocallyCheckpointed()) {
      return;
    }
    // Spark warns at every unpersist of such an RDD that it cannot be recomputed any more, which is
    // meant here (see release): one line per cache in every run's output otherwise.
    Configurator.setLevel(buffers.getClass().getName(), Level.ERROR);
    buffers.localCheckpoint();
    buffers.checkpointData().get().checkpoint();
  }

  /** The Dataset whose cache {@code rows} reads, or {@code rows} itself when it is no view. */
  public synchronized Dataset<Row> persistedOf(Dataset<Row> rows) {
    return persistedByView.getOrDefault(rows, rows);
  }

  /**
   * Drops the cache behind {@code rows} (a view or a persisted Dataset). Its views are not to be
   * read after that: with a local master they have no lineage left to recompute it from.
   */
  public synchronized void release(Dataset<Row> rows) {
    Dataset<Row> behind = persistedOf(rows);
    persistedByView.values().removeIf(p -> p == behind);
    persisted.remove(behind);
    behind.unpersist();
  }

  /** Drops every cache. */
  @Override
  public synchronized void close() {
    persisted.forEach(Dataset::unpersist);
    persisted.clear();
    persistedByView.clear();
  }
}
