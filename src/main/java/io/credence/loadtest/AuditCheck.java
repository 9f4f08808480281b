package io.credence.loadtest;

import io.credence.lookup.KernelScans;
import io.credence.lookup.KernelWarehouse;
import io.credence.lookup.WarehouseTable;
import io.delta.kernel.Snapshot;
import io.delta.kernel.engine.Engine;

/**
 * Counts the lookup_audit rows of one load-test run (purpose {@code loadtest RUN ...}), read with
 * Delta Kernel, and compares them with the lookups the run had answered.
 *
 * <p>Usage: {@code AuditCheck WAREHOUSE RUN ANSWERED}; exits 1 when a lookup is missing.
 */
public final class AuditCheck {
  private AuditCheck() {}

  /** Runs the check; see the class comment for the arguments. */
  public static void main(String[] args) {
    KernelWarehouse warehouse = KernelWarehouse.open(args[0]);
    String prefix = "loadtest " + args[1] + " ";
    long answered = Long.parseLong(args[2]);
    Snapshot audit = warehouse.latest(WarehouseTable.LOOKUP_AUDIT).orElseThrow();
    long audited = count(warehouse.engine(), audit, prefix);
    System.out.printf(
        "audit check: %,d lookups answered, %,d in lookup_audit (version %d)%n",
        answered, audited, audit.getVersion());
    if (audited < answered) {
      System.out.println("audit check FAILED: answered lookups are missing from lookup_audit");
      System.exit(1);
    }
  }

  private static long count(Engine engine, Snapshot snapshot, String prefix) {
    long[] count = {0};
    KernelScans.forEachRow(
        engine,
        snapshot,
        row -> {
          int purpose = row.getSchema().indexOf("purpose");
          if (!row.isNullAt(purpose) && row.getString(purpose).startsWith(prefix)) {
            count[0]++;
          }
        });
    return count[0];
  }
}
