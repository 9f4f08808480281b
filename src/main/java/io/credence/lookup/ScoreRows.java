package io.credence.lookup;

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
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Every row of one snapshot of a score table, read through Delta Kernel's own read path (which
 * applies deletion vectors, column mapping and partition values), for the lookup service's index.
 */
public final class ScoreRows {
  private ScoreRows() {}

  /** Calls {@code sink} with each row of {@code snapshot}; returns the data files read. */
  public static int forEach(
      KernelWarehouse warehouse, Snapshot snapshot, Consumer<ScoreRecord> sink) {
    Engine engine = warehouse.engine();
    Scan scan = snapshot.getScanBuilder().build();
    Row scanState = scan.getScanState(engine);
    int files = 0;
    try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
      while (scanFiles.hasNext()) {
        try (CloseableIterator<Row> fileRows = scanFiles.next().getRows()) {
          while (fileRows.hasNext()) {
            readFile(engine, scanState, fileRows.next(), sink);
            files++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + snapshot.getPath(), e);
    }
    return files;
  }

  /** Calls {@code sink} with each row of one data file listed by a scan with {@code scanState}. */
  static void readFile(Engine engine, Row scanState, Row scanFile, Consumer<ScoreRecord> sink)
      throws IOException {
    try (CloseableIterator<ColumnarBatch> physical =
            engine
                .getParquetHandler()
                .readParquetFiles(
                    Utils.singletonCloseableIterator(
                        InternalScanFileUtils.getAddFileStatus(scanFile)),
                    ScanStateRow.getPhysicalDataReadSchema(scanState),
                    java.util.Optional.empty())
                .map(FileReadResult::getData);
        CloseableIterator<FilteredColumnarBatch> batches =
            Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            sink.accept(KernelRows.toRecord(rows.next()));
          }
        }
      }
    }
  }
}
