package io.credence.lookup;

import io.delta.kernel.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A person's row in scores_current. The table is liquid-clustered by person_id and its log keeps
 * person_id min/max per file, so Kernel's scan lists only the one or two files whose range holds
 * the person, and each is read for that person's pages only.
 *
 * @param row the person's row, empty when the snapshot does not hold them
 * @param filesRead data files opened (the pruning docs/benchmark.md describes: one or two)
 * @param version the scores_current version read
 */
public record CurrentScore(Optional<ScoreRecord> row, int filesRead, long version) {

  /** Looks {@code storedId} up in {@code scoresCurrent}. */
  public static CurrentScore find(
      KernelWarehouse warehouse, Snapshot scoresCurrent, String storedId) {
    PersonRows scan = PersonRows.pruned(warehouse, scoresCurrent, storedId);
    List<PersonRows.DataFile> files = scan.files();
    List<ScoreRecord> rows = new ArrayList<>();
    for (PersonRows.DataFile file : files) {
      rows.addAll(scan.read(file, storedId));
    }
    // One row per person by construction; the newest wins should a table ever hold two.
    Optional<ScoreRecord> newest =
        rows.stream().max(java.util.Comparator.comparing(ScoreRecord::snapshotDate));
    return new CurrentScore(newest, files.size(), scoresCurrent.getVersion());
  }
}
