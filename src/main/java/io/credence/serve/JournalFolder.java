package io.credence.serve;

import io.credence.lookup.AuditRecord;
import io.credence.lookup.AuditTable;
import io.credence.lookup.KernelWarehouse;
import io.credence.privacy.PersonIds;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the audit journal's closed segments into the lookup_audit table, oldest first, one Delta
 * commit per segment tagged with the journal's id and the segment's number. A segment is deleted
 * only after its commit; if the service dies in between, the next fold finds the tag already in the
 * log and deletes the segment without adding its rows again. A failed commit stops the fold (a
 * later segment committed first would make Delta refuse the earlier one's smaller tag), and the
 * next fold retries it.
 */
final class JournalFolder {
  private static final Logger LOG = LoggerFactory.getLogger(JournalFolder.class);
  private static final int MAX_LINES_NAMED = 20;

  private final AuditJournal journal;
  private final KernelWarehouse warehouse;
  private final PersonIds ids;

  private JournalFolder(AuditJournal journal, KernelWarehouse warehouse, PersonIds ids) {
    this.journal = journal;
    this.warehouse = warehouse;
    this.ids = ids;
  }

  /**
   * Opens the journal in {@code dir} for folding into {@code warehouse}'s lookup_audit, its new
   * segments numbered above every one that table already holds from this journal.
   */
  static JournalFolder open(Path dir, KernelWarehouse warehouse, PersonIds ids) {
    AuditJournal journal =
        AuditJournal.open(dir, appId -> AuditTable.committedVersion(warehouse, appId));
    return new JournalFolder(journal, warehouse, ids);
  }

  /** The journal folded. */
  AuditJournal journal() {
    return journal;
  }

  /**
   * Closes the segment being written (when it has lines) and folds every closed one: its sound
   * lines into lookup_audit, its damaged lines set aside beside it ({@link AuditJournal#setAside})
   * with an ERROR, then the segment deleted. A last line cut short by a crash was never answered
   * and is dropped.
   */
  synchronized int rotateAndFold() {
    int rows = 0;
    for (AuditJournal.Segment segment : journal.rotate()) {
      AuditJournal.Contents contents = AuditJournal.contents(segment.path());
      List<AuditRecord> records = contents.records();
      if (!records.isEmpty()) {
        AuditTable.Outcome outcome =
            AuditTable.append(
                warehouse,
                ids,
                records,
                Optional.of(new AuditTable.Tag(journal.appId(), segment.number())));
        if (outcome == AuditTable.Outcome.ALREADY_COMMITTED) {
          LOG.info("audit segment {} was folded before; removing it", segment.number());
        } else {
          rows += records.size();
        }
      }
      // After the commit: a fold that fails before it leaves the segment whole, and says nothing.
      reportDamage(segment, contents);
      AuditJournal.delete(segment);
    }
    return rows;
  }

  /**
   * Sets a segment's damaged lines aside and logs them by number (never their content: it holds a
   * person key), and logs a last line cut short.
   */
  private static void reportDamage(AuditJournal.Segment segment, AuditJournal.Contents contents) {
    List<AuditJournal.DamagedLine> damaged = contents.damaged();
    if (!damaged.isEmpty()) {
      Path kept = AuditJournal.setAside(segment, damaged);
      LOG.error(
          "audit segment {}: line(s) {} fail their checksum (a disk error or an edit), so those"
              + " lookups are not in lookup_audit; the segment's other lines are. The damaged lines"
              + " are kept in {}: check the disk, and account for those lookups from that file",
          segment.path(),
          numbers(damaged),
          kept);
    }
    if (contents.torn()) {
      LOG.warn(
          "audit segment {}: its last line was cut short while it was written (a crash or a failed"
              + " write) and is dropped; it was never answered",
          segment.path());
    }
  }

  /** The lines' numbers, the first {@value #MAX_LINES_NAMED} of them, e.g. {@code 1, 3}. */
  private static String numbers(List<AuditJournal.DamagedLine> lines) {
    String named =
        lines.stream()
            .limit(MAX_LINES_NAMED)
            .map(l -> String.valueOf(l.number()))
            .collect(Collectors.joining(", "));
    return lines.size() <= MAX_LINES_NAMED
        ? named
        : named + " and " + (lines.size() - MAX_LINES_NAMED) + " more";
  }

  /**
   * {@link #rotateAndFold()} that logs a failure instead of throwing (for the periodic fold). An
   * Error too (Hadoop's FSError on a full disk): a periodic task that throws is cancelled for good
   * without a word, and no audit record would reach lookup_audit again.
   */
  int foldQuietly() {
    try {
      return rotateAndFold();
    } catch (Throwable e) {
      LOG.warn(
          "folding the audit journal into lookup_audit failed; the segments on disk are folded at"
              + " the next try: {}",
          e.toString());
      return 0;
    }
  }
}
