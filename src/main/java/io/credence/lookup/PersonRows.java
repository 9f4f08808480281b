package io.credence.lookup;

import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.SNAPSHOT_DATE;

import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One person's rows in a snapshot of a score table. Delta Kernel lists the snapshot's data files
 * (skipping, where the log keeps person_id statistics, every file whose min/max excludes the
 * person), and each file is read for that person only: through {@link PersonPages} when the log
 * says the file is read as stored (no deletion vector, no column mapping), else through Kernel's
 * own read path, which applies deletion vectors and column mapping.
 */
final class PersonRows {
  private static final String COLUMN_MAPPING = "delta.columnMapping.mode";

  private final KernelWarehouse warehouse;
  private final Snapshot snapshot;
  private final Scan scan;
  private final Row scanState;
  private final boolean readAsStored;

  /** A data file of the snapshot, as Kernel's scan lists it. */
  record DataFile(Row scanFile, String path, LocalDate partitionDate, boolean deletionVector) {}

  private PersonRows(KernelWarehouse warehouse, Snapshot snapshot, Optional<String> storedId) {
    this.warehouse = warehouse;
    this.snapshot = snapshot;
    ScanBuilder builder = snapshot.getScanBuilder();
    this.scan = storedId.map(id -> builder.withFilter(personIs(id))).orElse(builder).build();
    this.scanState = scan.getScanState(warehouse.engine());
    String mapping = snapshot.getTableProperties().getOrDefault(COLUMN_MAPPING, "none");
    this.readAsStored = mapping.equals("none");
  }

  /** The files of {@code snapshot} that may hold {@code storedId}, per the log's statistics. */
  static PersonRows pruned(KernelWarehouse warehouse, Snapshot snapshot, String storedId) {
    return new PersonRows(warehouse, snapshot, Optional.of(storedId));
  }

  /** Every file of {@code snapshot} (for tables that keep no person_id statistics). */
  static PersonRows all(KernelWarehouse warehouse, Snapshot snapshot) {
    return new PersonRows(warehouse, snapshot, Optional.empty());
  }

  /** The snapshot's data files this scan lists. */
  List<DataFile> files() {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(warehouse.engine())) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            files.add(dataFile(rows.next()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files of " + snapshot.getPath(), e);
    }
    return files;
  }

  /**
   * Whether {@code file} may hold {@code storedId}: a cheap check that reads the person_id column
   * only (always true for a file read through Kernel, which has no such shortcut).
   */
  boolean mayHold(DataFile file, String storedId) {
    if (readAsStored && !file.deletionVector()) {
      return PersonPages.holds(warehouse.hadoopConf(), file.path(), storedId);
    }
    return true;
  }

  /**
   * The files of {@code files}' newest snapshot_date when it is after {@code than} (any date, when
   * {@code than} is null); none when it is not, or no file has a date.
   */
  static List<DataFile> newestAfter(List<DataFile> files, LocalDate than) {
    Optional<LocalDate> newest =
        files.stream()
            .map(DataFile::partitionDate)
            .filter(Objects::nonNull)
            .max(Comparator.naturalOrder())
            .filter(date -> than == null || date.isAfter(than));
    return newest.isEmpty()
        ? List.of()
        : files.stream().filter(f -> newest.get().equals(f.partitionDate())).toList();
  }

  /** Calls {@code sink} with every row of {@code file}, through Kernel's own read path. */
  void forEachRow(DataFile file, Consumer<ScoreRecord> sink) {
    try {
      ScoreRows.readFile(warehouse.engine(), scanState, file.scanFile(), sink);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the score file " + file.path(), e);
    }
  }

  /** The rows of {@code file} whose person_id is {@code storedId}. */
  List<ScoreRecord> read(DataFile file, String storedId) {
    if (readAsStored && !file.deletionVector()) {
      return PersonPages.read(warehouse.hadoopConf(), file.path(), storedId, file.partitionDate());
    }
    return readWithKernel(file, storedId);
  }

  private List<ScoreRecord> readWithKernel(DataFile file, String storedId) {
    List<ScoreRecord> found = new ArrayList<>();
    try {
      ScoreRows.readFile(
          warehouse.engine(),
          scanState,
          file.scanFile(),
          row -> {
            if (storedId.equals(row.personId())) {
              found.add(row);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the score file " + file.path(), e);
    }
    return found;
  }

  private static DataFile dataFile(Row scanFile) {
    Map<String, String> partition = InternalScanFileUtils.getPartitionValues(scanFile);
    String date = partition.get(SNAPSHOT_DATE);
    return new DataFile(
        scanFile,
        InternalScanFileUtils.getAddFileStatus(scanFile).getPath(),
        date == null ? null : LocalDate.parse(date),
        InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile) != null);
  }

  private static Predicate personIs(String storedId) {
    return new Predicate("=", new Column(PERSON_ID), Literal.ofString(storedId));
  }
}
