package io.credence.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.lookup.AuditRecord;
import io.credence.lookup.KernelWarehouse;
import io.credence.privacy.PersonIds;
import io.credence.publish.Table;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

  /**
   * A damaged line (first and middle of a segment) does not stop the fold: every sound line after
   * it reaches lookup_audit, once even when the fold runs again after a crash before the segment's
   * deletion, and the damaged lines are kept beside the journal, named by number in an ERROR that
   * holds none of their content. A last line cut short by a crash is dropped as before.
   */
  @Test
  void aDamagedLineIsKeptAsideAndEveryLineAfterItIsFoldedOnce() throws Exception {
    KernelWarehouse warehouse = KernelWarehouse.open(dir.resolve("wh").toString());
    Path journal = dir.resolve("journal");
    try (AuditJournal writer = AuditJournal.open(journal, appId -> 0)) {
      for (int i = 1; i <= 5; i++) {
        writer.record(record("lookup " + i), WAIT);
      }
    }
    Path segment;
    try (var files = Files.list(journal)) {
      segment = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
    }
    String[] lines = Files.readString(segment, StandardCharsets.UTF_8).split("\n");
    byte[] first =
        lines[0].replace("lookup 1", "lookup \u00ff").getBytes(StandardCharsets.ISO_8859_1);
    byte[] third = lines[2].replace("lookup 3", "lookuq 3").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream damaged = new ByteArrayOutputStream();
    damaged.write(first);
    damaged.write('\n');
    damaged.write((lines[1] + "\n").getBytes(StandardCharsets.UTF_8));
    damaged.write(third);
    damaged.write('\n');
    damaged.write((lines[3] + "\n" + lines[4].substring(0, 30)).getBytes(StandardCharsets.UTF_8));
    Files.write(segment, damaged.toByteArray());
    Path copy = Files.copy(segment, dir.resolve("segment-before-its-fold"));

    try (LogLines log = new LogLines(JournalFolder.class)) {
      JournalFolder folder = JournalFolder.open(journal, warehouse, PersonIds.raw());
      assertThat(folder.rotateAndFold()).isEqualTo(2);
      assertThat(log.lines())
          .filteredOn(l -> l.startsWith("ERROR"))
          .singleElement()
          .asString()
          .contains(segment.toString(), "line(s) 1, 3 ", segment + ".damaged")
          .doesNotContain("person_key", "lookuq");
      assertThat(log.lines())
          .anySatisfy(l -> assertThat(l).startsWith("WARN").contains("last line was cut short"));
      // the service died before deleting the segment: the next fold adds nothing twice
      Files.copy(copy, segment);
      assertThat(folder.rotateAndFold()).isZero();
      folder.journal().close();
    }
    assertThat(purposes(warehouse)).containsExactlyInAnyOrder("lookup 2", "lookup 4");
    assertThat(Files.exists(segment)).isFalse();
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    kept.write(first);
    kept.write('\n');
    kept.write(third);
    kept.write('\n');
    assertThat(Files.readAllBytes(Path.of(segment + ".damaged"))).isEqualTo(kept.toByteArray());
    JournalFolder again = JournalFolder.open(journal, warehouse, PersonIds.raw());
    again.rotateAndFold();
    again.journal().close();
    assertThat(Path.of(segment + ".damaged")).as("never deleted by a fold").exists();
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
