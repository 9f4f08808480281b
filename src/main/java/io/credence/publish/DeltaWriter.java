package io.credence.publish;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the output tables. Each write is one Delta commit: a snapshot-date partition is replaced
 * with {@code replaceWhere} (readers see the old or the new partition, never a mix), scores_current
 * is upserted with one MERGE, and runs are appended.
 */
public final class DeltaWriter {
  private DeltaWriter() {}

  /** Replaces the {@code date} partition of {@code table} with {@code rows} in one commit. */
  public static void replacePartition(
      Table table, String warehouse, Dataset<Row> rows, LocalDate date) {
    conform(table, rows)
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", SNAPSHOT_DATE + " = DATE'" + date + "'")
        .partitionBy(SNAPSHOT_DATE)
        .save(table.path(warehouse));
  }

  /**
   * Appends rows to an unpartitioned table. Schema merge lets a table written by an older version
   * gain the columns added since (runs.stage_timings); its old rows read them as null.
   */
  public static void append(Table table, String warehouse, Dataset<Row> rows) {
    conform(table, rows)
        .write()
        .format("delta")
        .mode("append")
        .option("mergeSchema", "true")
        .save(table.path(warehouse));
  }

  /**
   * Upserts a snapshot into scores_current: a person's row is replaced when the snapshot is as new
   * or newer than the row it holds; persons absent from a snapshot at least as new as their row are
   * removed; older snapshots never overwrite newer ones. When no row is newer than {@code date}
   * (every nightly run, and every rerun of the newest date) those rules leave exactly the snapshot,
   * so the table's rows are replaced with it in one commit instead of merged, which saves MERGE's
   * full outer join of the snapshot with the table; a backfill of an older date runs the MERGE. The
   * table is liquid-clustered by person_id (a table created before that gets the clustering added)
   * and OPTIMIZE clusters the new rows, so that a lookup of one person reads one or two data files.
   */
  public static void mergeCurrent(
      SparkSession spark, String warehouse, Dataset<Row> snapshot, LocalDate date) {
    String path = Table.SCORES_CURRENT.path(warehouse);
    Dataset<Row> rows = conform(Table.SCORES_CURRENT, snapshot);
    DeltaTable current = clusteredByPerson(spark, path);
    if (hasRowsNewerThan(current, date)) {
      current
          .as("t")
          .merge(rows.as("s"), "t." + PERSON_ID + " = s." + PERSON_ID)
          .whenMatched("s." + SNAPSHOT_DATE + " >= t." + SNAPSHOT_DATE)
          .updateAll()
          .whenNotMatched()
          .insertAll()
          .whenNotMatchedBySource("t." + SNAPSHOT_DATE + " <= DATE'" + date + "'")
          .delete()
          .execute();
    } else {
      // Replaces every row (none is newer than date); a plain overwrite would drop the clustering
      // that ALTER TABLE added to an older table.
      rows.write()
          .format("delta")
          .mode("overwrite")
          .option("replaceWhere", SNAPSHOT_DATE + " <= DATE'" + date + "'")
          .save(path);
    }
    current.optimize().executeCompaction();
  }

  private static boolean hasRowsNewerThan(DeltaTable table, LocalDate date) {
    return !table
        .toDF()
        .filter(col(SNAPSHOT_DATE).gt(lit(java.sql.Date.valueOf(date))))
        .limit(1)
        .isEmpty();
  }

  /** scores_current, created or altered so that it is clustered by person_id. */
  private static DeltaTable clusteredByPerson(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return DeltaTable.createIfNotExists(spark)
          .location(qualified(spark, path))
          .addColumns(Table.SCORES_CURRENT.schema())
          .clusterBy(PERSON_ID)
          .execute();
    }
    DeltaTable table = DeltaTable.forPath(spark, path);
    Row detail = table.detail().first();
    List<String> clustering = detail.getList(detail.fieldIndex("clusteringColumns"));
    if (!clustering.equals(List.of(PERSON_ID))) {
      spark.sql("ALTER TABLE delta.`" + path + "` CLUSTER BY (" + PERSON_ID + ")");
    }
    return table;
  }

  /**
   * {@code path} fully qualified ({@code file:/abs/warehouse/t}). Delta's table builder takes a
   * relative location such as {@code warehouse/quarantine} for a table name and refuses it.
   */
  public static String qualified(SparkSession spark, String path) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration())
          .makeQualified(p)
          .toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot resolve the table path " + path, e);
    }
  }

  /** Selects exactly the table's fields, cast to its types, in its order. */
  static Dataset<Row> conform(Table table, Dataset<Row> rows) {
    Column[] columns =
        Arrays.stream(table.schema().fields())
            .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new);
    return rows.select(columns);
  }
}
