package io.credence.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.lookup.AuditRecord;
import io.credence.lookup.KernelWarehouse;
import io.credence.privacy.PersonIds;
import io.credence.publish.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's folds into lookup_audit across the service's lifetimes. */
class JournalFolderTest extends SparkTestBase {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  /**
   * A clean stop folds and deletes every segment, and the journal id stays: the next lifetime's
   * segments must be numbered above the ones already folded, or lookup_audit takes them for retries
   * and they are deleted unfolded.
   */
  @Test
  void twoLifetimesOnOneJournalAuditEveryLookupOnce() {
    KernelWarehouse warehouse = KernelWarehouse.open(dir.resolve("wh").toString());
    Path journal = dir.resolve("journal");
    lifetime(journal, warehouse, record("first lifetime"));
    lifetime(journal, warehouse, record("second lifetime"));
    List<String> purposes =
        spark()
            .read()
            .format("delta")
            .load(Table.LOOKUP_AUDIT.path(warehouse.root()))
            .select("purpose")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    assertThat(purposes).containsExactlyInAnyOrder("first lifetime", "second lifetime");
  }

  /** What the service does from start to a clean stop, with one lookup answered. */
  private static void lifetime(Path journalDir, KernelWarehouse warehouse, AuditRecord lookup) {
    JournalFolder folder = JournalFolder.open(journalDir, warehouse, PersonIds.raw());
    folder.rotateAndFold();
    try {
      folder.journal().record(lookup, WAIT);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    folder.journal().close();
    assertThat(folder.rotateAndFold()).isEqualTo(1);
  }

  private static AuditRecord record(String purpose) {
    return new AuditRecord(Instant.parse("2026-11-30T10:00:00Z"), "desk", purpose, "k1", true);
  }
}
