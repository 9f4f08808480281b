package io.credence.lookup;

import static io.credence.schema.Columns.PERSON_KEY;

import io.credence.publish.ErasuresMark;
import io.delta.kernel.Snapshot;
import io.delta.kernel.types.StructType;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The erasures table read with Delta Kernel: which person keys have an erasure on record. Erase
 * records its request (tables null) before it removes any row and completes it at the end, so a
 * person whose key is there asked to be erased even while an interrupted erasure left their rows in
 * scores_current; lookup and serve answer them as not found. The table holds one row per request,
 * so it is read whole. A table that cannot be read exits 2 naming it ({@link
 * KernelWarehouse#reading}): an erasure on record must not be missed; so does one older than its
 * {@link ErasuresMark}.
 */
public final class ErasureRecords {
  private static final String TABLES = "tables";

  private ErasureRecords() {}

  /** Whether {@code personKey} has an erasure on record, finished or not. */
  public static boolean recorded(KernelWarehouse warehouse, String personKey) {
    return warehouse.reading(
        WarehouseTable.ERASURES,
        () -> {
          Optional<Snapshot> erasures = latest(warehouse);
          if (erasures.isEmpty()) {
            return false;
          }
          boolean[] found = {false};
          KernelScans.forEachRow(
              warehouse.engine(),
              erasures.get(),
              row -> {
                int key = row.getSchema().indexOf(PERSON_KEY);
                found[0] |= !row.isNullAt(key) && personKey.equals(row.getString(key));
              });
          return found[0];
        });
  }

  /**
   * The newest version of erasures, or empty when there is no table; exit 2 when it is gone or
   * older than the version erase last recorded in the warehouse's {@link ErasuresMark}.
   */
  public static Optional<Snapshot> latest(KernelWarehouse warehouse) {
    return ErasuresMark.require(
        warehouse.hadoopConf(),
        warehouse.root(),
        warehouse.path(WarehouseTable.ERASURES),
        () -> warehouse.latest(WarehouseTable.ERASURES),
        erasures -> erasures.map(Snapshot::getVersion).orElse(-1L));
  }

  /**
   * The person keys of every request in {@code erasures}, and of those among them not finished
   * (tables null): the rows of an unfinished one may still be in scores_current.
   */
  public record OnRecord(Set<String> keys, Set<String> unfinished) {}

  /** Every person key with an erasure on record in {@code erasures}, finished or not. */
  public static OnRecord onRecord(KernelWarehouse warehouse, Snapshot erasures) {
    Set<String> keys = new HashSet<>();
    Set<String> unfinished = new HashSet<>();
    warehouse.reading(
        WarehouseTable.ERASURES,
        () ->
            KernelScans.forEachRow(
                warehouse.engine(),
                erasures,
                row -> {
                  StructType schema = row.getSchema();
                  int key = schema.indexOf(PERSON_KEY);
                  if (row.isNullAt(key)) {
                    return;
                  }
                  keys.add(row.getString(key));
                  if (row.isNullAt(schema.indexOf(TABLES))) {
                    unfinished.add(row.getString(key));
                  }
                }));
    return new OnRecord(Set.copyOf(keys), Set.copyOf(unfinished));
  }
}
