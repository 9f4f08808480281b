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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Rows of a Delta table read through Delta Kernel's own read path, which applies deletion vectors,
 * column mapping and partition values: the one place that reads a data file listed by a scan.
 */
public final class KernelScans {
  private KernelScans() {}

  /** Calls {@code sink} with each row of {@code snapshot}; returns the data files read. */
  public static int forEachRow(Engine engine, Snapshot snapshot, Consumer<Row> sink) {
    return forEachBatch(engine, snapshot, batch -> rows(batch, sink));
  }

  /**
   * Calls {@code sink} with each batch of {@code snapshot}'s rows, columnar, with the selection
   * vector that marks the rows deleted (those for which it is absent or true are the table's);
   * returns the data files read.
   */
  public static int forEachBatch(
      Engine engine, Snapshot snapshot, Consumer<FilteredColumnarBatch> sink) {
    Scan scan = snapshot.getScanBuilder().build();
    Row scanState = scan.getScanState(engine);
    int files = 0;
    try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
      while (scanFiles.hasNext()) {
        try (CloseableIterator<Row> fileRows = scanFiles.next().getRows()) {
          while (fileRows.hasNext()) {
            readBatches(engine, scanState, fileRows.next(), sink);
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
  public static void readFile(Engine engine, Row scanState, Row scanFile, Consumer<Row> sink)
      throws IOException {
    readBatches(engine, scanState, scanFile, batch -> rows(batch, sink));
  }

  /**
   * The first non-null {@code value} of the rows of one data file listed by a scan with {@code
   * scanState}, in the file's order; stops decoding at the batch that holds it.
   */
  public static <T> Optional<T> firstInFile(
      Engine engine, Row scanState, Row scanFile, Function<Row, T> value) throws IOException {
    AtomicReference<T> found = new AtomicReference<>();
    readBatchesWhile(
        engine,
        scanState,
        scanFile,
        batch -> {
          try (CloseableIterator<Row> rows = batch.getRows()) {
            while (found.get() == null && rows.hasNext()) {
              found.set(value.apply(rows.next()));
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot close a batch's rows", e);
          }
          return found.get() == null;
        });
    return Optional.ofNullable(found.get());
  }

  private static void readBatches(
      Engine engine, Row scanState, Row scanFile, Consumer<FilteredColumnarBatch> sink)
      throws IOException {
    readBatchesWhile(
        engine,
        scanState,
        scanFile,
        batch -> {
          sink.accept(batch);
          return true;
        });
  }

  /** Reads one file's batches into {@code sink} while it returns true. */
  private static void readBatchesWhile(
      Engine engine, Row scanState, Row scanFile, Predicate<FilteredColumnarBatch> sink)
      throws IOException {
    try (CloseableIterator<ColumnarBatch> physical =
            engine
                .getParquetHandler()
                .readParquetFiles(
                    Utils.singletonCloseableIterator(
                        InternalScanFileUtils.getAddFileStatus(scanFile)),
                    ScanStateRow.getPhysicalDataReadSchema(scanState),
                    Optional.empty())
                .map(FileReadResult::getData);
        CloseableIterator<FilteredColumnarBatch> batches =
            Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
      boolean more = true;
      while (more && batches.hasNext()) {
        more = sink.test(batches.next());
      }
    }
  }

  private static void rows(FilteredColumnarBatch batch, Consumer<Row> sink) {
    try (CloseableIterator<Row> rows = batch.getRows()) {
      while (rows.hasNext()) {
        sink.accept(rows.next());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close a batch's rows", e);
    }
  }
}
