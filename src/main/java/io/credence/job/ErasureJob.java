package io.credence.job;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.credence.error.WarehouseErrors;
import io.credence.privacy.PersonIds;
import io.credence.privacy.PrivacyPolicy;
import io.credence.publish.DeltaWriter;
import io.credence.publish.ErasedRows;
import io.credence.publish.ErasuresMark;
import io.credence.publish.PersonTables;
import io.credence.publish.Table;
import io.credence.publish.WarehouseLock;
import io.credence.quality.ValidatedInputs;
import io.credence.run.Parallel;
import io.credence.run.Progress;
import io.credence.schema.OutputSchemas;
import io.credence.spark.ScopedConf;
import io.delta.kernel.Snapshot;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases one person from the warehouse, history included. Under the warehouse lock, in order:
 *
 * <ol>
 *   <li>records the request in the erasures table (the person's key, never the raw id) with its
 *       tables still null, before any row is removed: from then on every run keeps the person out
 *       (see {@link ValidatedInputs}), even if the erasure dies midway;
 *   <li>for every table that holds persons' data, the tables side by side: a Delta DELETE of the
 *       person's rows, a purge of deletion vectors where the table uses them, then a VACUUM with
 *       zero retention, where the person had rows or the folder holds anything else a VACUUM would
 *       delete, so that no file the table's current version does not reference is left (an older
 *       version's, or an uncommitted one of a crashed writer) and the files that held the person
 *       are gone now rather than after the retention window (time travel to versions before the
 *       erasure ends for those tables);
 *   <li>completes the request's row with the rows removed per table.
 * </ol>
 *
 * After each of its two commits to erasures it raises the {@link ErasuresMark} to the version
 * committed, and it refuses to start on an erasures table that is below the mark or gone.
 *
 * <p>A retry of an erasure that died midway finishes it: it completes the unfinished row rather
 * than adding one, and Delta's history shows the DELETEs of this person's key that the erasures
 * table does not account for, whose rows it records as removed.
 */
public final class ErasureJob {
  /** Tables a person's data is erased from; erasures and lookup_audit keep only the key. */
  static final List<Table> ERASED_FROM = ErasedRows.PERSON_TABLES;

  private static final Logger LOG = LoggerFactory.getLogger(ErasureJob.class);
  private static final Duration MAX_RUN_TIME = Duration.ofHours(12);

  /** The operation metric of a DELETE commit that holds the rows it removed. */
  private static final String NUM_DELETED_ROWS = "numDeletedRows";

  /** The erasures table's column of rows removed per table; null while a request is unfinished. */
  private static final String TABLES = "tables";

  /** The table property that turns on Delta's deletion vectors. */
  private static final String DELETION_VECTORS = "delta.enableDeletionVectors";

  /** The folder of a Delta table's log, which VACUUM never touches. */
  private static final String DELTA_LOG = "_delta_log";

  /**
   * The one exception to the retention rule of {@code credence maintain}: the files that held an
   * erased person are deleted at once. Delta refuses a retention under its own minimum unless its
   * check is off, so it is switched off while the erasure runs its VACUUMs.
   */
  private static final String RETENTION_CHECK =
      "spark.databricks.delta.retentionDurationCheck.enabled";

  /**
   * Delta records a VACUUM on local, HDFS, Azure and GCS storage (not S3) as two empty commits,
   * VACUUM START and VACUUM END, each after a job that counts the files again. They change no
   * table's content, so the erasure's VACUUMs skip them, wherever the warehouse is.
   */
  private static final String VACUUM_LOGGING = "spark.databricks.delta.vacuum.logging.enabled";

  private ErasureJob() {}

  /** What one erasure did: the person's key and the rows removed per table. */
  public record Result(String personKey, Map<String, Long> rowsByTable) {}

  /** Erases the person whose raw id is {@code rawId} under the warehouse lock. */
  public static Result run(
      SparkSession spark,
      String warehouse,
      PersonIds ids,
      String rawId,
      String requester,
      String reason,
      Progress progress) {
    Instant now = Instant.now();
    requireWarehouse(spark, warehouse);
    try (WarehouseLock lock =
        WarehouseLock.acquire(
            spark.sparkContext().hadoopConfiguration(),
            warehouse,
            WarehouseLock.erasureRunId(now),
            MAX_RUN_TIME)) {
      lock.onLost(spark.sparkContext()::cancelAllJobs);
      // Records the request and removes the person's rows, checking the lock before each commit.
      return lock.guarding(
          () -> {
            // Before any commit: a request recorded into a table that went back would hide it.
            ErasedRows.requireWhole(spark, warehouse);
            PersonTables.requireMode(spark, warehouse, ids);
            String key = ids.personKey(rawId);
            Requests requests = requests(spark, warehouse, key);
            if (!requests.unfinished()) {
              recordRequest(spark, warehouse, ids, now, key, requester, reason);
              ErasuresMark.advance(lock, ErasedRows.erasuresVersion(spark, warehouse));
            }
            Map<String, Long> removed =
                eraseAll(spark, warehouse, ids, rawId, key, requests.rows(), lock, progress);
            lock.requireHeld();
            complete(spark, warehouse, key, removed);
            ErasuresMark.advance(lock, ErasedRows.erasuresVersion(spark, warehouse));
            return new Result(key, removed);
          });
    }
  }

  /**
   * Erases the person from every table of {@link #ERASED_FROM}, the tables side by side (they are
   * independent, and most of each table's time is the driver's planning and Delta's log reads,
   * which overlap); returns the rows removed per table that is a Delta table, in that list's order.
   * The settings of the zero-retention VACUUM are the session's, so they are set once around all
   * four.
   */
  private static Map<String, Long> eraseAll(
      SparkSession spark,
      String warehouse,
      PersonIds ids,
      String rawId,
      String key,
      Map<String, Long> recorded,
      WarehouseLock lock,
      Progress progress) {
    List<Supplier<Long>> steps = new ArrayList<>();
    for (Table table : ERASED_FROM) {
      steps.add(
          () -> {
            String path = table.path(warehouse);
            lock.requireHeld();
            if (!DeltaTable.isDeltaTable(spark, path)) {
              deleteUncommittedFirstWrite(spark, path);
              return null;
            }
            Column match = ids.matches(personColumn(table), rawId);
            long before = recorded.getOrDefault(table.tableName(), 0L);
            return progress.stage(
                "erase from " + table.tableName(),
                () -> erase(spark, path, match, key, before, lock));
          });
    }
    List<Long> rows;
    try (ScopedConf vacuumNow =
        ScopedConf.set(spark, RETENTION_CHECK, false).and(VACUUM_LOGGING, false)) {
      rows = Parallel.callAll(steps);
    }
    Map<String, Long> removed = new LinkedHashMap<>();
    for (int i = 0; i < ERASED_FROM.size(); i++) {
      if (rows.get(i) != null) {
        removed.put(ERASED_FROM.get(i).tableName(), rows.get(i));
      }
    }
    return removed;
  }

  /**
   * Refuses a warehouse path that does not exist: taking the lock would create it, and the erasure
   * would be recorded where no run reads it. An existing folder without tables is accepted (an
   * erasure before the first run keeps the person out of it).
   */
  private static void requireWarehouse(SparkSession spark, String warehouse) {
    Path path = new Path(warehouse);
    try {
      if (!path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
        throw WarehouseErrors.noWarehouseToErase(warehouse);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for the warehouse " + warehouse, e);
    }
  }

  /** The privacy policy of reading inputs into {@code warehouse}: its id policy and erasures. */
  public static PrivacyPolicy policy(SparkSession spark, String warehouse, PersonIds ids) {
    return PrivacyPolicy.of(ids, erasedKeys(spark, warehouse));
  }

  /**
   * The erased persons' keys (column person_key), or null when nobody was erased; an erasure
   * requested and not finished counts, and a warning says to run it again. An erasures table that
   * went back behind its mark is refused ({@link ErasedRows#requireWhole}).
   */
  static Dataset<Row> erasedKeys(SparkSession spark, String warehouse) {
    if (ErasedRows.requireWhole(spark, warehouse) < 0) {
      return null;
    }
    String path = Table.ERASURES.path(warehouse);
    Dataset<Row> erasures = spark.read().format("delta").load(path);
    long unfinished = erasures.filter(col(TABLES).isNull()).count();
    if (unfinished > 0) {
      LOG.warn(
          "{} erasure(s) in the erasures table did not finish (tables null): their persons are kept"
              + " out of this run, but rows of them may remain in the tables; run erase again for"
              + " each of those persons to finish it",
          unfinished);
    }
    return erasures.select(PERSON_KEY);
  }

  /** Quarantine keeps the rejected row as JSON; every input dataset has a person_id field. */
  static Column personColumn(Table table) {
    return ErasedRows.personColumn(table);
  }

  /**
   * Deletes the person's live rows, then purges and vacuums the table so that no file keeps them.
   * {@code recorded} is the rows of this table the erasures table already accounts for this person:
   * when earlier DELETEs of this person (Delta's history names their key in the predicate) removed
   * more, an earlier erasure died before its VACUUM or its record, so this one finishes it and
   * counts those rows too. A table the erasure removed no row from is vacuumed only when its folder
   * holds something the VACUUM would delete ({@link #vacuumWouldDelete}): a writer killed before
   * its commit leaves files that no version references, which may hold the person and which a
   * VACUUM with the usual retention keeps for a week. Returns the rows removed. The lock is checked
   * before each step that commits or deletes files.
   */
  private static long erase(
      SparkSession spark,
      String path,
      Column match,
      String key,
      long recorded,
      WarehouseLock lock) {
    // Read from the log alone; the DELETE changes neither the table's properties nor the past.
    Snapshot before = PersonTables.snapshot(spark, path);
    lock.requireHeld();
    DeltaTable.forPath(spark, path).delete(match);
    Deletes deletes = deletes(spark, path, key, before.getVersion());
    long removed = deletes.live() + Math.max(0, deletes.earlier() - recorded);
    if (removed > 0 && "true".equals(before.getTableProperties().get(DELETION_VECTORS))) {
      // With deletion vectors DELETE only marks rows; PURGE rewrites the files without them.
      lock.requireHeld();
      spark.sql("REORG TABLE delta.`" + path + "` APPLY (PURGE)");
    }
    if (removed > 0 || vacuumWouldDelete(spark, path)) {
      lock.requireHeld();
      MaintenanceJob.vacuumAll(spark, path);
    }
    return removed;
  }

  /**
   * Whether a zero-retention VACUUM of the table at {@code path} would delete anything: a file
   * outside its log that the current version does not reference (an older version's, or one of a
   * crashed writer), or an empty folder. Delta's VACUUM finds that out with some twenty Spark jobs;
   * this costs one (the current version's files, from the state the DELETE just read) and a listing
   * of the folder. It errs towards vacuuming: only the log and checksum files (which VACUUM never
   * deletes either) are passed over, and a file it cannot match counts, so a table with deletion
   * vectors (whose files the current version reads but does not list as data) is vacuumed on every
   * erasure, as is one holding a hidden file VACUUM keeps (a _SUCCESS, which Delta's writers do not
   * write).
   */
  private static boolean vacuumWouldDelete(SparkSession spark, String path) {
    Set<Path> referenced = new HashSet<>();
    for (String file : spark.read().format("delta").load(path).inputFiles()) {
      referenced.add(new Path(file));
    }
    Path root = new Path(path);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return holdsUnreferenced(fs, fs.makeQualified(root), referenced, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files of " + path, e);
    }
  }

  /** Whether {@code folder} holds a file not in {@code referenced} or an empty folder. */
  private static boolean holdsUnreferenced(
      FileSystem fs, Path folder, Set<Path> referenced, boolean root) throws IOException {
    FileStatus[] entries = fs.listStatus(folder);
    if (entries.length == 0 && !root) {
      return true;
    }
    for (FileStatus entry : entries) {
      String name = entry.getPath().getName();
      if (root && name.equals(DELTA_LOG)) {
        continue;
      }
      boolean unreferenced =
          entry.isDirectory()
              ? holdsUnreferenced(fs, entry.getPath(), referenced, false)
              : !(name.startsWith(".") && name.endsWith(".crc"))
                  && !referenced.contains(entry.getPath());
      if (unreferenced) {
        return true;
      }
    }
    return false;
  }

  /**
   * Deletes the data files in the folder of a table that has no Delta log yet: what a run killed
   * during the table's very first write leaves, which may hold the person and which VACUUM, for
   * want of a table, never reaches (the next run replaces the folder's table, not its stray files).
   * The erasure holds the warehouse lock, so no writer is adding them.
   */
  private static void deleteUncommittedFirstWrite(SparkSession spark, String path) {
    Path folder = new Path(path);
    try {
      FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(folder)) {
        return;
      }
      int deleted = 0;
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(folder, true);
      List<Path> data = new ArrayList<>();
      while (files.hasNext()) {
        Path file = files.next().getPath();
        String name = file.getName();
        if (name.endsWith(".parquet") || name.endsWith(".parquet.crc")) {
          data.add(file);
        }
      }
      for (Path file : data) {
        if (fs.delete(file, false)) {
          deleted++;
        }
      }
      if (deleted > 0) {
        LOG.info(
            "deleted {} data file(s) of an uncommitted first write in {}",
            deleted,
            folder.getName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the uncommitted files under " + path, e);
    }
  }

  /**
   * A table's history as far as an erasure needs it: the rows that the DELETE commits whose
   * predicate names the person's key removed up to the version before the erasure's DELETE ({@code
   * earlier}), and the rows that DELETE removed ({@code live}).
   */
  private record Deletes(long earlier, long live) {}

  /**
   * The history of the table at {@code path} for the person {@code key} after the erasure's DELETE,
   * {@code before} being the table's latest version before it (see {@link Deletes}). Delta skips
   * the commit of a DELETE that matched no row, so a commit after {@code before} is the erasure's
   * DELETE: the erasure holds the warehouse lock, and each table is erased by one thread. One read
   * of the history for both, and no count of the person's rows before the DELETE. The history is a
   * local table, so its commits are collected and added up here: an aggregation would cost a Spark
   * job.
   */
  private static Deletes deletes(SparkSession spark, String path, String key, long before) {
    long earlier = 0;
    long live = 0;
    int after = 0;
    for (Row commit :
        DeltaTable.forPath(spark, path)
            .history()
            .select(
                col("version"),
                col("operation"),
                col("operationParameters").getItem("predicate").contains(key),
                col("operationMetrics").getItem(NUM_DELETED_ROWS).cast("long"))
            .collectAsList()) {
      boolean delete = "DELETE".equals(commit.getString(1));
      if (commit.getLong(0) > before) {
        if (++after > 1 || !delete || commit.isNullAt(3)) {
          throw new IllegalStateException(
              "the erasure's DELETE is not the only commit after version "
                  + before
                  + " of "
                  + path
                  + " or reports no rows");
        }
        live = commit.getLong(3);
      } else if (delete && !commit.isNullAt(2) && commit.getBoolean(2) && !commit.isNullAt(3)) {
        // A DELETE without a predicate (null) names nobody.
        earlier += commit.getLong(3);
      }
    }
    return new Deletes(earlier, live);
  }

  /**
   * The person's requests in the erasures table: whether one is unfinished (tables null, left by an
   * erasure that died midway: a retry completes that row rather than adding one), and the rows per
   * table the finished ones record as removed. One read of the table for both.
   */
  private record Requests(boolean unfinished, Map<String, Long> rows) {}

  /** The requests of the person {@code key} (see {@link Requests}). */
  private static Requests requests(SparkSession spark, String warehouse, String key) {
    String path = Table.ERASURES.path(warehouse);
    Map<String, Long> rows = new LinkedHashMap<>();
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return new Requests(false, rows);
    }
    boolean unfinished = false;
    for (Row request :
        spark
            .read()
            .format("delta")
            .load(path)
            .filter(col(PERSON_KEY).equalTo(key))
            .select(col(TABLES))
            .collectAsList()) {
      if (request.isNullAt(0)) {
        unfinished = true;
        continue;
      }
      for (Row table : request.<Row>getList(0)) {
        Long removed = table.getAs("rows");
        rows.merge(table.getAs("table"), removed == null ? 0 : removed, Long::sum);
      }
    }
    return new Requests(unfinished, rows);
  }

  /**
   * Appends the request to the erasures table, its tables null until {@link #complete}: one commit,
   * after which every run keeps the person out, before any of their rows is removed.
   */
  static void recordRequest(
      SparkSession spark,
      String warehouse,
      PersonIds ids,
      Instant at,
      String key,
      String requester,
      String reason) {
    Row row = RowFactory.create(Timestamp.from(at), key, requester, reason, null);
    DeltaWriter.append(
        spark,
        warehouse,
        ids,
        Table.ERASURES,
        spark.createDataFrame(List.of(row), OutputSchemas.ERASURES));
  }

  /** Sets the rows removed per table on the person's unfinished request, in one commit. */
  private static void complete(
      SparkSession spark, String warehouse, String key, Map<String, Long> removed) {
    List<Column> tables = new ArrayList<>();
    removed.forEach(
        (table, rows) -> tables.add(struct(lit(table).as("table"), lit(rows).as("rows"))));
    DeltaTable.forPath(spark, Table.ERASURES.path(warehouse))
        .update(
            col(PERSON_KEY).equalTo(key).and(col(TABLES).isNull()),
            Map.of(
                TABLES,
                array(tables.toArray(Column[]::new))
                    .cast(OutputSchemas.ERASURES.apply(TABLES).dataType())));
  }
}
