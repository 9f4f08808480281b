package io.credence.publish;

import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.PERSON_KEY;
import static io.credence.schema.Columns.ROW_JSON;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;

import io.credence.error.CredenceException;
import io.credence.error.StoreFailures;
import io.credence.error.WarehouseErrors;
import io.credence.privacy.PersonIds;
import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Keeps the rows of persons with an erasure on record, finished or not, from the readers of the
 * tables ({@code sql}'s views, {@code report}'s figures). {@code erase} records its request before
 * it removes any row, so an erasure killed in between leaves the person's rows in the tables it had
 * not reached until it is run again; lookup and serve already answer such a person as not found.
 * The erasures table holds a row per request, so its keys are read once per command, held on the
 * driver and broadcast, and the tables are not shuffled; with no erasure on record nothing changes.
 */
public final class ErasedRows {
  private static final String ERASED_KEY = "_erased_key";

  private static final StructType KEYS_SCHEMA =
      new StructType().add(ERASED_KEY, DataTypes.StringType, false);

  /** The tables whose rows name a person ({@link #personColumn} says where). */
  public static final List<Table> PERSON_TABLES =
      List.of(Table.FEATURES, Table.SCORE_SNAPSHOTS, Table.SCORES_CURRENT, Table.QUARANTINE);

  private ErasedRows() {}

  /**
   * The person keys of the erasures on record under {@code warehouse} (column {@value
   * #ERASED_KEY}), each once, or empty when the table does not exist or holds none. The table is
   * read once, here: the keys are held on the driver, so the tables joined with them ({@link
   * #without}) do not read erasures again, and no job asks first whether it holds any. A table that
   * exists and cannot be read is refused ({@link WarehouseErrors#erasuresUnreadable}, exit 2):
   * without its keys no erased person's rows could be left out.
   */
  public static Optional<Dataset<Row>> keys(SparkSession spark, String warehouse) {
    String path = Table.ERASURES.path(warehouse);
    List<String> stored;
    try {
      if (requireWhole(spark, warehouse) < 0) {
        return Optional.empty();
      }
      stored =
          spark
              .read()
              .format("delta")
              .load(path)
              .select(col(PERSON_KEY))
              .where(col(PERSON_KEY).isNotNull())
              .as(Encoders.STRING())
              .collectAsList();
    } catch (CredenceException e) {
      throw e;
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes
      CredenceException store = StoreFailures.explain(e);
      throw store != null ? store : WarehouseErrors.erasuresUnreadable(path, e);
    }
    List<Row> keys = stored.stream().distinct().map(k -> RowFactory.create(k)).toList();
    return keys.isEmpty()
        ? Optional.empty()
        : Optional.of(spark.createDataFrame(keys, KEYS_SCHEMA));
  }

  /**
   * Refuses (exit 2) an erasures table under {@code warehouse} that is gone or older than the
   * version erase last recorded in its {@link ErasuresMark}: an older copy put back, or a removed
   * table, may have lost erasure requests. Called before erasures is read or written. Returns the
   * version it checked, -1 when there is no table (so callers need not ask again).
   */
  public static long requireWhole(SparkSession spark, String warehouse) {
    String path = Table.ERASURES.path(warehouse);
    return ErasuresMark.require(
        spark.sparkContext().hadoopConfiguration(),
        warehouse,
        path,
        () -> erasuresVersion(spark, warehouse),
        Long::longValue);
  }

  /**
   * The newest version of the erasures table under {@code warehouse}, -1 when there is none; read
   * from its log with Delta Kernel ({@link PersonTables#snapshot}), as Delta's {@code history(1)}
   * would cost every command that checks it a Spark job.
   */
  public static long erasuresVersion(SparkSession spark, String warehouse) {
    String path = Table.ERASURES.path(warehouse);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return -1;
    }
    return PersonTables.snapshot(spark, path).getVersion();
  }

  /**
   * {@code rows} of {@code table} under {@code warehouse} without those of a person in {@code
   * keys}; unchanged without keys or for a table whose rows name no person (runs, monitoring, and
   * erasures and lookup_audit, which keep the record). The stored id becomes a person key as the
   * table's id mode says ({@link PersonIds#personKeyOf(String, Column)}), so no pseudonym key is
   * needed.
   */
  public static Dataset<Row> without(
      SparkSession spark,
      String warehouse,
      Table table,
      Dataset<Row> rows,
      Optional<Dataset<Row>> keys) {
    Column person = personColumn(table);
    if (keys.isEmpty() || person == null) {
      return rows;
    }
    String mode =
        PersonTables.properties(spark, table.path(warehouse))
            .getOrDefault(PersonIds.MODE_PROPERTY, PersonIds.RAW);
    return rows.join(
        broadcast(keys.get()),
        PersonIds.personKeyOf(mode, person).equalTo(col(ERASED_KEY)),
        "left_anti");
  }

  /**
   * The stored person id of a row of {@code table}: person_id, or in quarantine the person_id
   * inside the rejected row's JSON (every input dataset has one); null for a table whose rows name
   * no person.
   */
  public static Column personColumn(Table table) {
    return switch (table) {
      case FEATURES, SCORE_SNAPSHOTS, SCORES_CURRENT -> col(PERSON_ID);
      case QUARANTINE -> get_json_object(col(ROW_JSON), "$." + PERSON_ID);
      default -> null;
    };
  }
}
