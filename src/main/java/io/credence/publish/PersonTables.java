package io.credence.publish;

import static io.credence.schema.Columns.*;

import io.credence.error.WarehouseErrors;
import io.credence.privacy.PersonIds;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse tables that hold a person (an id, a quarantined row, or a person key). Their first
 * write creates them (see {@link #createWith}) with these table properties: {@value
 * PersonIds#MODE_PROPERTY}, which says whether their ids are pseudonyms (so lookup and erase know,
 * and a run with the other setting is refused), {@value PersonIds#FINGERPRINT_PROPERTY} on
 * pseudonymized tables, the fingerprint of their key (a run, lookup, erasure or training with
 * another key is refused), and {@code delta.dataSkippingStatsColumns} without the person columns,
 * so that the min/max column statistics Delta writes into its log never name a person (and only on
 * columns whose bounds can rule a file out; see {@link #statsColumns}).
 *
 * <p>The one exception is scores_current: it is liquid-clustered by person_id for point lookups,
 * and clustering and file pruning need person_id statistics. Its log therefore holds person_id
 * bounds (pseudonyms when privacy.pseudonymize is on); see docs/privacy.md.
 */
public final class PersonTables {
  private static final Logger LOG = LoggerFactory.getLogger(PersonTables.class);

  /** The table property that lists the columns Delta keeps min/max statistics on. */
  static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

  /** Columns that identify a person, directly or inside a quarantined row. */
  static final Set<String> PERSON_COLUMNS = Set.of(PERSON_ID, ROW_JSON, PERSON_KEY);

  /** Types Delta keeps min/max statistics for (booleans, binaries and collections get none). */
  private static final List<Class<? extends DataType>> STATS_TYPES =
      List.of(NumericType.class, StringType.class, DateType.class, TimestampType.class);

  /** The Parquet writer's setting for the most rows in a page. */
  public static final String PAGE_ROWS = "parquet.page.row.count.limit";

  /** Rows per page of the tables a lookup reads (see {@link #create}). */
  public static final String LOOKUP_PAGE_ROWS = "1000";

  /**
   * scores_current's log retention: its commits keep person_id bounds (the lookup prunes by them),
   * so an erased person's age out of its log within a week plus one checkpoint; maintain keeps it.
   */
  public static final String CURRENT_LOG_RETENTION = "interval 7 days";

  private static final String KERNEL_SNAPSHOTS =
      "io.delta.kernel.internal.snapshot.SnapshotManager";

  private PersonTables() {}

  /** Whether {@code table} has a column that identifies a person. */
  public static boolean holdsPersons(Table table) {
    return Arrays.stream(table.schema().fieldNames()).anyMatch(PERSON_COLUMNS::contains);
  }

  /** The table properties of each existing person table under {@code warehouse}. */
  private static Map<Table, Map<String, String>> existing(SparkSession spark, String warehouse) {
    Map<Table, Map<String, String>> tables = new EnumMap<>(Table.class);
    for (Table table : Table.values()) {
      String path = table.path(warehouse);
      if (holdsPersons(table) && DeltaTable.isDeltaTable(spark, path)) {
        tables.put(table, properties(spark, path));
      }
    }
    return tables;
  }

  /**
   * How the existing person tables under {@code warehouse} store ids ({@link PersonIds#RAW} or
   * {@link PersonIds#PSEUDONYMIZED}), or null when there are none yet; tables from before the
   * property existed count as raw.
   */
  public static String mode(SparkSession spark, String warehouse) {
    return mode(existing(spark, warehouse), warehouse);
  }

  private static String mode(Map<Table, Map<String, String>> tables, String warehouse) {
    Set<String> modes =
        tables.values().stream()
            .map(p -> p.getOrDefault(PersonIds.MODE_PROPERTY, PersonIds.RAW))
            .collect(Collectors.toSet());
    if (modes.size() > 1) {
      throw WarehouseErrors.mixedIdKinds(warehouse, modes);
    }
    return modes.isEmpty() ? null : modes.iterator().next();
  }

  /**
   * Refuses (exit 2) a pseudonym key other than the one the person tables under {@code warehouse}
   * were written with (see {@link PersonIds#requireSameKey}). Reads only: tables from before
   * fingerprints are checked once {@link #requireMode} has recorded one.
   */
  public static void requireKey(SparkSession spark, String warehouse, PersonIds ids) {
    requireKey(existing(spark, warehouse), ids);
  }

  private static void requireKey(Map<Table, Map<String, String>> tables, PersonIds ids) {
    tables.forEach(
        (table, properties) ->
            ids.requireSameKey(
                properties.get(PersonIds.FINGERPRINT_PROPERTY), table.tableName() + " table"));
  }

  /**
   * Refuses (exit 2) a run whose id policy or pseudonym key differs from that of the existing
   * tables. Called under the warehouse lock by the commands that write (score, erase):
   * pseudonymized tables written before key fingerprints existed adopt this run's key fingerprint,
   * with a warning, so that every later run, lookup, erasure and training is checked against it.
   */
  public static void requireMode(SparkSession spark, String warehouse, PersonIds ids) {
    Map<Table, Map<String, String>> tables = existing(spark, warehouse);
    String existing = mode(tables, warehouse);
    if (existing != null && !existing.equals(ids.mode())) {
      throw WarehouseErrors.idKindMismatch(ids.pseudonymized(), warehouse, existing);
    }
    requireKey(tables, ids);
    if (ids.pseudonymized()) {
      tables.forEach(
          (table, properties) -> {
            if (!properties.containsKey(PersonIds.FINGERPRINT_PROPERTY)) {
              adoptFingerprint(spark, table, table.path(warehouse), ids.fingerprint());
            }
          });
    }
  }

  private static void adoptFingerprint(
      SparkSession spark, Table table, String path, String fingerprint) {
    LOG.warn(
        "the {} table was written before key fingerprints were recorded: it now records the"
            + " fingerprint {} of this run's pseudonym key, and later runs, lookups and erasures"
            + " with another key are refused. If this is not the key the warehouse was built"
            + " with, restore that key and rebuild the warehouse (docs/privacy.md).",
        table.tableName(),
        fingerprint);
    spark.sql(
        "ALTER TABLE delta.`"
            + DeltaWriter.qualified(spark, path)
            + "` SET TBLPROPERTIES ('"
            + PersonIds.FINGERPRINT_PROPERTY
            + "' = '"
            + fingerprint
            + "')");
  }

  /**
   * Creates {@code table} with {@code rows} (already in the table's schema) as its first version,
   * in one commit, with {@link #tableProperties}, partitioned by snapshot_date when the table is
   * and scores_current clustered by person_id. (A table created empty and then written cost two
   * commits, and Delta read the empty first version before the second.) Returns false and writes
   * nothing when the table exists. Called under the warehouse lock, so nobody creates the table
   * between the check and the write.
   */
  static boolean createWith(
      SparkSession spark, String warehouse, PersonIds ids, Table table, Dataset<Row> rows) {
    String path = DeltaWriter.qualified(spark, table.path(warehouse));
    if (DeltaTable.isDeltaTable(spark, path)) {
      return false;
    }
    // A location without a table may still hold the data files of a creating write that a crash
    // interrupted before its commit. CREATE refuses a location that is not empty; CREATE OR
    // REPLACE makes the table there and leaves those files out of it (VACUUM removes them later).
    String create = exists(spark, path) ? "CREATE OR REPLACE TABLE" : "CREATE TABLE";
    // SQL, because a DataFrameWriter carries only delta.* properties into a new table and
    // DataFrameWriterV2's clusterBy is refused by Delta; a view of the rows is the only way to
    // name them in SQL.
    String view =
        "credence_new_" + table.tableName() + "_" + UUID.randomUUID().toString().replace("-", "");
    rows.createOrReplaceTempView(view);
    try {
      spark.sql(
          create
              + " delta.`"
              + path
              + "` USING delta"
              + (table.bySnapshotDate() ? " PARTITIONED BY (" + SNAPSHOT_DATE + ")" : "")
              + (table == Table.SCORES_CURRENT ? " CLUSTER BY (" + PERSON_ID + ")" : "")
              + " TBLPROPERTIES ("
              + tableProperties(table, ids).entrySet().stream()
                  .map(p -> quoted(p.getKey()) + " = " + quoted(p.getValue()))
                  .collect(Collectors.joining(", "))
              + ") AS SELECT * FROM "
              + view);
    } finally {
      spark.catalog().dropTempView(view);
    }
    return true;
  }

  private static String quoted(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static boolean exists(SparkSession spark, String path) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot check the table path " + path, e);
    }
  }

  /** The properties a new {@code table} is created with (see the class comment). */
  public static Map<String, String> tableProperties(Table table, PersonIds ids) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(STATS_COLUMNS, statsColumns(table));
    properties.put(PersonIds.MODE_PROPERTY, ids.mode());
    if (ids.pseudonymized()) {
      properties.put(PersonIds.FINGERPRINT_PROPERTY, ids.fingerprint());
    }
    if (table == Table.SCORES_CURRENT || table == Table.SCORE_SNAPSHOTS) {
      // Delta hands table properties to the Parquet writer: pages of 1,000 rows instead of
      // 20,000, so that a Spark-free lookup, which decodes the pages whose person_id range holds
      // the person, decodes about a thousand rows per file (files grow by about 2 %).
      properties.put(PAGE_ROWS, LOOKUP_PAGE_ROWS);
    }
    if (table == Table.SCORES_CURRENT) {
      // Log entries older than a week are cleaned at the next checkpoint, so the person_id
      // bounds of an erased person age out with the same 7 days that VACUUM keeps.
      properties.put("delta.logRetentionDuration", CURRENT_LOG_RETENTION);
    }
    return properties;
  }

  /**
   * The columns Delta keeps min/max statistics on: never a person column, and only columns whose
   * bounds can rule a file out.
   *
   * <ul>
   *   <li>scores_current: person_id, its clustering column, which point lookups prune by, and
   *       snapshot_date, by which a run finds out from the log alone whether the table holds a
   *       newer snapshot than the one it publishes (see {@link DeltaWriter#planCurrent}).
   *   <li>features and score_snapshots: none. Their files are person_id ranges or hash partitions
   *       of one date, so every file spans nearly the whole range of every value column and such
   *       bounds exclude nothing, while gathering them cost about 40 % on top of writing the
   *       Parquet files (1M persons: the features 1.4-1.5 s as Parquet, 2.6-3.0 s as Delta with
   *       statistics on every column, 1.8 s without; docs/benchmark-log.md). Delta still records
   *       each file's row count.
   *   <li>the other tables (quarantine, runs, erasures, monitoring): every column Delta can keep
   *       statistics on except the partition and person columns.
   * </ul>
   */
  static String statsColumns(Table table) {
    if (table == Table.SCORES_CURRENT) {
      return PERSON_ID + "," + SNAPSHOT_DATE;
    }
    if (table == Table.FEATURES || table == Table.SCORE_SNAPSHOTS) {
      return "";
    }
    List<String> names =
        Arrays.stream(table.schema().fields())
            .filter(f -> !PERSON_COLUMNS.contains(f.name()))
            .filter(f -> !(table.bySnapshotDate() && f.name().equals(SNAPSHOT_DATE)))
            .filter(f -> STATS_TYPES.stream().anyMatch(t -> t.isInstance(f.dataType())))
            .map(StructField::name)
            .toList();
    return String.join(",", names);
  }

  /**
   * The table properties of the Delta table at {@code path}, read with Delta Kernel from the log's
   * newest metadata action. (Delta's {@code DESCRIBE DETAIL} reconstructs the table's whole state
   * with Spark jobs to count its files: about 2 s per table on a small machine, 11 s of a
   * sample-data run that checked five tables.)
   */
  public static Map<String, String> properties(SparkSession spark, String path) {
    return snapshot(spark, path).getTableProperties();
  }

  /**
   * The newest snapshot of the Delta table at {@code path}, read with Delta Kernel from the log
   * alone: its version and properties without a Spark job (Delta's {@code history(1)} runs one).
   */
  public static Snapshot snapshot(SparkSession spark, String path) {
    return snapshot(engine(spark), path);
  }

  /**
   * A Delta Kernel engine on the session's Hadoop configuration (its file systems, credentials).
   */
  static Engine engine(SparkSession spark) {
    return DefaultEngine.create(spark.sparkContext().hadoopConfiguration());
  }

  /** As {@link #snapshot(SparkSession, String)}, with {@code engine}. */
  static Snapshot snapshot(Engine engine, String path) {
    // Kernel warns of every table without a checkpoint yet (its first ten commits) that it reads
    // the log from version 0: a line per person table in a run's output, whatever Spark's logging.
    Configurator.setLevel(KERNEL_SNAPSHOTS, Level.ERROR);
    try {
      String qualified = engine.getFileSystemClient().resolvePath(path);
      return TableManager.loadSnapshot(qualified).build(engine);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve the table path " + path, e);
    }
  }
}
