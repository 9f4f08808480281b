package io.credence.lookup;

import io.delta.kernel.Snapshot;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A person's rows in the newest snapshots of score_snapshots. That table keeps no person_id
 * statistics in its log (so the log never names a person), so Kernel cannot prune its files by
 * person; instead only the newest {@code count} snapshot_date partitions are read (their dates come
 * from the log's partition values), every file of them, each for the person's pages only. Each file
 * is first read for its person_id column only (one footer, one column-index read and the one page
 * whose id range holds the person), and read whole (the matching pages of every column) only when
 * it holds them: the job writes each snapshot in person_id ranges, sorted within each file, so that
 * is one file per snapshot, and the other files' column indexes rule the person out without
 * decoding a page. The files checked are the files per snapshot (the job's shuffle partitions, 8 by
 * default) times {@code count}, four at a time.
 */
public final class ScoreHistory {
  private static final int THREADS = 4;

  private ScoreHistory() {}

  /** The person's rows in the newest {@code count} snapshots, newest first. */
  public static List<ScoreRecord> recent(
      KernelWarehouse warehouse, Snapshot scoreSnapshots, String storedId, int count) {
    if (count <= 0) {
      return List.of();
    }
    PersonRows scan = PersonRows.all(warehouse, scoreSnapshots);
    List<PersonRows.DataFile> files = scan.files();
    List<LocalDate> newest =
        files.stream()
            .map(PersonRows.DataFile::partitionDate)
            .filter(Objects::nonNull)
            .distinct()
            .sorted(Comparator.reverseOrder())
            .limit(count)
            .toList();
    List<PersonRows.DataFile> toRead =
        files.stream().filter(f -> newest.contains(f.partitionDate())).toList();
    List<ScoreRecord> rows = readAll(scan, toRead, storedId);
    rows.sort(Comparator.comparing(ScoreRecord::snapshotDate).reversed());
    return rows.size() > count ? rows.subList(0, count) : rows;
  }

  /**
   * The person's row in the newest snapshot of score_snapshots, if that snapshot holds them and is
   * newer than {@code than} (any, when {@code than} is null): the newest date comes from the log's
   * partition values, so no file is opened unless it is newer.
   */
  public static Optional<ScoreRecord> inNewestAfter(
      KernelWarehouse warehouse, Snapshot scoreSnapshots, String storedId, LocalDate than) {
    PersonRows scan = PersonRows.all(warehouse, scoreSnapshots);
    List<PersonRows.DataFile> toRead = PersonRows.newestAfter(scan.files(), than);
    return readAll(scan, toRead, storedId).stream().findFirst();
  }

  /** The person's row in the snapshot of {@code date}, if that snapshot holds them. */
  public static Optional<ScoreRecord> onDate(
      KernelWarehouse warehouse, Snapshot scoreSnapshots, String storedId, LocalDate date) {
    PersonRows scan = PersonRows.all(warehouse, scoreSnapshots);
    List<PersonRows.DataFile> toRead =
        scan.files().stream().filter(f -> date.equals(f.partitionDate())).toList();
    return readAll(scan, toRead, storedId).stream().findFirst();
  }

  private static List<ScoreRecord> readAll(
      PersonRows scan, List<PersonRows.DataFile> files, String storedId) {
    if (files.isEmpty()) {
      return new ArrayList<>();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(THREADS, files.size()),
            task -> {
              Thread thread = new Thread(task, "lookup-history-file");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<List<ScoreRecord>>> parts = new ArrayList<>();
      for (PersonRows.DataFile file : files) {
        parts.add(
            pool.submit(
                () -> scan.mayHold(file, storedId) ? scan.read(file, storedId) : List.of()));
      }
      List<ScoreRecord> rows = new ArrayList<>();
      for (Future<List<ScoreRecord>> part : parts) {
        rows.addAll(part.get());
      }
      return rows;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading score history", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException("cannot read score history", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
