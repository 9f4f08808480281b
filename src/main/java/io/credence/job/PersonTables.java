package io.credence.job;

import static io.credence.schema.Columns.*;

import io.credence.error.CredenceException;
import io.credence.privacy.PersonIds;
import io.credence.publish.DeltaWriter;
import io.credence.publish.Table;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampType;

/**
 * The warehouse tables that hold a person (an id, a quarantined row, or a person key). They are
 * created before their first write with two table properties: {@value PersonIds#MODE_PROPERTY},
 * which says whether their ids are pseudonyms (so lookup and erase know, and a run with the other
 * setting is refused), and {@code delta.dataSkippingStatsColumns} without the person columns, so
 * that the min/max column statistics Delta writes into its log never name a person.
 *
 * <p>The one exception is scores_current: it is liquid-clustered by person_id for point lookups,
 * and clustering and file pruning need person_id statistics. Its log therefore holds person_id
 * bounds (pseudonyms when privacy.pseudonymize is on); see the README's Privacy section.
 */
public final class PersonTables {
  /** Columns that identify a person, directly or inside a quarantined row. */
  static final Set<String> PERSON_COLUMNS = Set.of(PERSON_ID, ROW_JSON, PERSON_KEY);

  /** Types Delta keeps min/max statistics for (booleans, binaries and collections get none). */
  private static final List<Class<? extends DataType>> STATS_TYPES =
      List.of(NumericType.class, StringType.class, DateType.class, TimestampType.class);

  /** The Parquet writer's setting for the most rows in a page. */
  public static final String PAGE_ROWS = "parquet.page.row.count.limit";

  /** Rows per page of the tables a lookup reads (see {@link #create}). */
  public static final String LOOKUP_PAGE_ROWS = "1000";

  private PersonTables() {}

  /** Whether {@code table} has a column that identifies a person. */
  public static boolean holdsPersons(Table table) {
    return Arrays.stream(table.schema().fieldNames()).anyMatch(PERSON_COLUMNS::contains);
  }

  /**
   * How the existing person tables under {@code warehouse} store ids ({@link PersonIds#RAW} or
   * {@link PersonIds#PSEUDONYMIZED}), or null when there are none yet; tables from before the
   * property existed count as raw.
   */
  public static String mode(SparkSession spark, String warehouse) {
    Set<String> modes =
        Arrays.stream(Table.values())
            .filter(PersonTables::holdsPersons)
            .map(t -> t.path(warehouse))
            .filter(path -> DeltaTable.isDeltaTable(spark, path))
            .map(path -> properties(spark, path).getOrDefault(PersonIds.MODE_PROPERTY, "raw"))
            .collect(Collectors.toSet());
    if (modes.size() > 1) {
      throw CredenceException.badInput(
          "the tables under " + warehouse + " mix raw and pseudonymized person ids " + modes,
          "lookups and erasures need one kind of id per warehouse",
          "rebuild the warehouse with one privacy.pseudonymize setting");
    }
    return modes.isEmpty() ? null : modes.iterator().next();
  }

  /** Refuses (exit 2) a run whose id policy differs from that of the existing tables. */
  public static void requireMode(SparkSession spark, String warehouse, PersonIds ids) {
    String existing = mode(spark, warehouse);
    if (existing != null && !existing.equals(ids.mode())) {
      throw CredenceException.badInput(
          "privacy.pseudonymize is "
              + ids.pseudonymized()
              + " but the warehouse "
              + warehouse
              + " holds "
              + existing
              + " person ids",
          "mixing raw ids and pseudonyms in one warehouse would split persons in two",
          "use the setting the warehouse was built with, or score into a new --warehouse");
    }
  }

  /** Creates each of {@code tables} that does not exist yet, with the properties above. */
  public static void create(SparkSession spark, String warehouse, PersonIds ids, Table... tables) {
    for (Table table : tables) {
      String path = table.path(warehouse);
      if (DeltaTable.isDeltaTable(spark, path)) {
        continue;
      }
      DeltaTableBuilder builder =
          DeltaTable.createIfNotExists(spark)
              .location(DeltaWriter.qualified(spark, path))
              .addColumns(table.schema())
              .property("delta.dataSkippingStatsColumns", statsColumns(table))
              .property(PersonIds.MODE_PROPERTY, ids.mode());
      if (table.bySnapshotDate()) {
        builder = builder.partitionedBy(SNAPSHOT_DATE);
      }
      if (table == Table.SCORES_CURRENT || table == Table.SCORE_SNAPSHOTS) {
        // Delta hands table properties to the Parquet writer: pages of 1,000 rows instead of
        // 20,000, so that a Spark-free lookup, which decodes the pages whose person_id range holds
        // the person, decodes about a thousand rows per file (files grow by about 2 %).
        builder = builder.property(PAGE_ROWS, LOOKUP_PAGE_ROWS);
      }
      if (table == Table.SCORES_CURRENT) {
        // Log entries older than a week are cleaned at the next checkpoint, so the person_id
        // bounds of an erased person age out with the same 7 days that VACUUM keeps.
        builder =
            builder.clusterBy(PERSON_ID).property("delta.logRetentionDuration", "interval 7 days");
      }
      builder.execute();
    }
  }

  /**
   * Every column Delta can keep statistics on, except the partition and person columns (but
   * scores_current's clustering column, person_id).
   */
  static String statsColumns(Table table) {
    List<String> names =
        Arrays.stream(table.schema().fields())
            .filter(
                f ->
                    !PERSON_COLUMNS.contains(f.name())
                        || (table == Table.SCORES_CURRENT && f.name().equals(PERSON_ID)))
            .filter(f -> !(table.bySnapshotDate() && f.name().equals(SNAPSHOT_DATE)))
            .filter(f -> STATS_TYPES.stream().anyMatch(t -> t.isInstance(f.dataType())))
            .map(StructField::name)
            .toList();
    return String.join(",", names);
  }

  /** The table properties of the Delta table at {@code path}. */
  static Map<String, String> properties(SparkSession spark, String path) {
    org.apache.spark.sql.Row detail = DeltaTable.forPath(spark, path).detail().first();
    return detail.getJavaMap(detail.fieldIndex("properties"));
  }
}
