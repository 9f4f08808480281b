package io.credence.lookup;

import static io.credence.schema.Columns.PERSON_KEY;

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
 * KernelWarehouse#reading}): an erasure on record must not be missed.
 */
public final class ErasureRecords {
  private static final String TABLES = "tables";

  private ErasureRecords() {}

  /** Whether {@code personKey} has an erasure on record, finished or not. */
  public static boolean recorded(KernelWarehouse warehouse, String personKey) {
    return warehouse.reading(
        WarehouseTable.ERASURES,
        () -> {
          Optional<Snapshot> erasures = warehouse.latest(WarehouseTable.ERASURES);
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
   * The person keys of {@code erasures}' unfinished requests (tables null): those whose rows may
   * still be in scores_current. A finished erasure's rows are gone from it already.
   */
  public static Set<String> unfinished(KernelWarehouse warehouse, Snapshot erasures) {
    Set<String> keys = new HashSet<>();
    warehouse.reading(
        WarehouseTable.ERASURES,
        () ->
            KernelScans.forEachRow(
                warehouse.engine(),
                erasures,
                row -> {
                  StructType schema = row.getSchema();
                  int key = schema.indexOf(PERSON_KEY);
                  if (row.isNullAt(schema.indexOf(TABLES)) && !row.isNullAt(key)) {
                    keys.add(row.getString(key));
                  }
                }));
    return Set.copyOf(keys);
  }
}
