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
    assertThat(purposes(warehouse)).containsExactlyInAnyOrder("first lifetime", "second lifetime");
  }

  @Test
  void anErrorWhileFoldingKeepsTheSegmentAndIsRetriedAtTheNextFold() throws Exception {
    FailingEngine engine = new FailingEngine();
    KernelWarehouse warehouse = engine.warehouse(dir.resolve("wh").toString());
    Path journal = dir.resolve("journal");
    JournalFolder folder = JournalFolder.open(journal, warehouse, PersonIds.raw());
    folder.journal().record(record("folded late"), WAIT);
    engine.failWith(FailingEngine::diskFull);
    try (LogLines log = new LogLines(JournalFolder.class)) {
      PeriodicTasks.runUntil(folder::foldQuietly, () -> engine.failures() >= 3);
      assertThat(log.lines())
          .first()
          .asString()
          .startsWith("WARN folding the audit journal into lookup_audit failed")
          .contains("No space left on device");
    }
    assertThat(onDisk(journal)).containsExactly(record("folded late"));
    engine.failWith(null);
    PeriodicTasks.runUntil(folder::foldQuietly, () -> onDisk(journal).isEmpty());
    folder.journal().close();
    assertThat(purposes(warehouse)).containsExactly("folded late");
  }

  /** The records in the journal's segment files. */
  private static List<AuditRecord> onDisk(Path journal) {
    try (var files = java.nio.file.Files.list(journal)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("audit-"))
          .flatMap(
              p -> {
                try {
                  return AuditJournal.read(p).stream();
                } catch (java.io.UncheckedIOException e) {
                  return java.util.stream.Stream.empty(); // folded and deleted meanwhile
                }
              })
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> purposes(KernelWarehouse warehouse) {
    return spark()
        .read()
        .format("delta")
        .load(Table.LOOKUP_AUDIT.path(warehouse.root()))
        .select("purpose")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
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
