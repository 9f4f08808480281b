package io.credence.loadtest;

import io.credence.lookup.KernelWarehouse;
import io.credence.lookup.WarehouseTable;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.util.Optional;

/**
 * Counts the lookup_audit rows of one load-test run (purpose {@code loadtest RUN ...}), read with
 * Delta Kernel, and compares them with the lookups the run had answered.
 *
 * <p>Usage: {@code AuditCheck WAREHOUSE RUN ANSWERED}; exits 1 when a lookup is missing.
 */
public final class AuditCheck {
  private AuditCheck() {}

  /** Runs the check; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
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

  private static long count(Engine engine, Snapshot snapshot, String prefix) throws IOException {
    Scan scan = snapshot.getScanBuilder().build();
    Row state = scan.getScanState(engine);
    long count = 0;
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            Row file = fileRows.next();
            try (CloseableIterator<ColumnarBatch> physical =
                    engine
                        .getParquetHandler()
                        .readParquetFiles(
                            Utils.singletonCloseableIterator(
                                InternalScanFileUtils.getAddFileStatus(file)),
                            ScanStateRow.getPhysicalDataReadSchema(state),
                            Optional.empty())
                        .map(FileReadResult::getData);
                CloseableIterator<FilteredColumnarBatch> batches =
                    Scan.transformPhysicalData(engine, state, file, physical)) {
              while (batches.hasNext()) {
                try (CloseableIterator<Row> rows = batches.next().getRows()) {
                  while (rows.hasNext()) {
                    Row row = rows.next();
                    int purpose = row.getSchema().indexOf("purpose");
                    if (!row.isNullAt(purpose) && row.getString(purpose).startsWith(prefix)) {
                      count++;
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return count;
  }
}
