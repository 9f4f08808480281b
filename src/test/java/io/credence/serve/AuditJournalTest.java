package io.credence.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.TestFiles;
import io.credence.error.CredenceException;
import io.credence.lookup.AuditRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditJournalTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** No segment of the journal is in lookup_audit yet. */
  private static final java.util.function.ToLongFunction<String> NEVER_FOLDED = appId -> 0;

  @TempDir Path dir;

  @Test
  void recordsAreOnDiskWhenAppendCompletesAndSurviveInClosedSegments() throws Exception {
    List<AuditRecord> written = java.util.Collections.synchronizedList(new ArrayList<>());
    try (AuditJournal journal = AuditJournal.open(dir, NEVER_FOLDED)) {
      ExecutorService requests = Executors.newFixedThreadPool(16);
      for (int i = 0; i < 400; i++) {
        AuditRecord r = record(i);
        requests.submit(
            () -> {
              journal.record(r, WAIT);
              written.add(r); // only once it is on disk
              return null;
            });
      }
      requests.shutdown();
      assertThat(requests.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      assertThat(written).hasSize(400);
      List<AuditJournal.Segment> closed = journal.rotate();
      assertThat(closed).hasSize(1);
      assertThat(AuditJournal.read(closed.get(0).path()))
          .containsExactlyInAnyOrderElementsOf(written);
      assertThat(journal.rotate()).as("an empty open segment is not rotated").hasSize(1);
    }
  }

  /**
   * A last line cut short by a crash is dropped; a damaged line (first, middle or last, ended by
   * its newline) is reported by number with its bytes, and the sound lines after it are read.
   */
  @Test
  void aLineCutShortByACrashIsDroppedAndADamagedOneHidesNothingAfterIt() throws Exception {
    Path segment;
    try (AuditJournal journal = AuditJournal.open(dir, NEVER_FOLDED)) {
      for (int i = 1; i <= 3; i++) {
        journal.record(record(i), WAIT);
      }
      segment = journal.rotate().get(0).path();
    }
    String[] lines = Files.readString(segment, StandardCharsets.UTF_8).split("\n");
    Files.writeString(
        segment, lines[0] + "\n" + lines[1].substring(0, 30), StandardOpenOption.TRUNCATE_EXISTING);
    AuditJournal.Contents torn = AuditJournal.contents(segment);
    assertThat(torn.records()).containsExactly(record(1));
    assertThat(torn.damaged()).isEmpty();
    assertThat(torn.torn()).isTrue();
    String damaged = lines[1].replace("found\":true", "found\":fals");
    for (int at = 0; at < 3; at++) {
      List<String> edited = new ArrayList<>(List.of(lines));
      edited.set(at, damaged);
      Files.writeString(
          segment, String.join("\n", edited) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
      AuditJournal.Contents contents = AuditJournal.contents(segment);
      int number = at + 1;
      List<AuditRecord> sound = new ArrayList<>(List.of(record(1), record(2), record(3)));
      sound.remove(at);
      assertThat(contents.records()).as("line %d damaged", number).containsExactlyElementsOf(sound);
      assertThat(contents.damaged())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.number()).isEqualTo(number);
                assertThat(new String(d.bytes(), StandardCharsets.UTF_8)).isEqualTo(damaged);
              });
      assertThat(contents.torn()).isFalse();
    }
  }

  /**
   * A segment written before times were kept as nanoseconds ({@code "at"}, an ISO instant) is still
   * read, and the time survives to the nanosecond in the current form.
   */
  @Test
  void readsTheTimeInEitherFormToTheNanosecond() throws Exception {
    AuditRecord precise =
        new AuditRecord(
            Instant.parse("2026-11-30T16:45:01.123456789Z"), "desk", "call", "k1", true);
    Path segment;
    try (AuditJournal journal = AuditJournal.open(dir, NEVER_FOLDED)) {
      journal.record(precise, WAIT);
      segment = journal.rotate().get(0).path();
    }
    assertThat(Files.readString(segment)).contains("\"at_ns\":1796057101123456789");
    assertThat(AuditJournal.read(segment)).containsExactly(precise);
    String old =
        "{\"at\":\"2026-11-30T16:45:01.123456Z\",\"requester\":\"desk\",\"purpose\":\"call\","
            + "\"person_key\":\"k1\",\"found\":false}";
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(old.getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        segment,
        java.util.HexFormat.of().toHexDigits((int) crc.getValue()) + " " + old + "\n",
        StandardOpenOption.TRUNCATE_EXISTING);
    assertThat(AuditJournal.read(segment))
        .containsExactly(
            new AuditRecord(
                Instant.parse("2026-11-30T16:45:01.123456Z"), "desk", "call", "k1", false));
  }

  @Test
  void reopeningKeepsTheJournalIdAndContinuesNumbering() throws Exception {
    String appId;
    long first;
    try (AuditJournal journal = AuditJournal.open(dir, NEVER_FOLDED)) {
      appId = journal.appId();
      journal.record(record(1), WAIT);
      first = journal.rotate().get(0).number();
    }
    try (AuditJournal journal = AuditJournal.open(dir, NEVER_FOLDED)) {
      assertThat(journal.appId()).isEqualTo(appId);
      List<AuditJournal.Segment> closed = journal.rotate();
      assertThat(closed).extracting(AuditJournal.Segment::number).contains(first);
      assertThat(closed.stream().mapToLong(AuditJournal.Segment::number).max().orElseThrow())
          .isGreaterThan(first);
    }
  }

  @Test
  void aSecondServiceCannotOpenTheSameJournal() {
    try (AuditJournal journal = AuditJournal.open(dir, NEVER_FOLDED)) {
      assertThatThrownBy(() -> AuditJournal.open(dir, NEVER_FOLDED))
          .isInstanceOf(CredenceException.class)
          .hasMessageContaining("in use by another credence serve");
    }
  }

  /**
   * A file, a path under a file, a folder that cannot be created (/proc) and one that cannot be
   * written (/sys, refused even to root) are refused with what, why and how to fix it (exit 2).
   */
  @Test
  void anUnusableFolderIsRefusedWithWhatWhyAndFix() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    for (Path unusable :
        List.of(
            file, file.resolve("journal"), Path.of("/proc/credence-journal"), Path.of("/sys"))) {
      assertThatThrownBy(() -> AuditJournal.open(unusable, NEVER_FOLDED))
          .as(unusable.toString())
          .isInstanceOfSatisfying(
              CredenceException.class,
              e -> assertThat(e.exitCode()).isEqualTo(io.credence.error.ExitCode.BAD_INPUT))
          .hasMessageContaining("cannot use the audit journal folder " + unusable)
          .hasMessageContaining("why: ")
          .hasMessageContaining("fix: pass --journal");
    }
  }

  /**
   * The folder deleted while serving: the next write recreates it, with the journal's id and a new
   * segment holding the lines already written, read back from the removed segment, so no answered
   * lookup is lost; an ERROR says so once.
   */
  @Test
  void aFolderRemovedWhileServingIsRecreatedWithTheLinesWrittenSoFar() throws Exception {
    Path folder = dir.resolve("journal");
    try (AuditJournal journal = AuditJournal.open(folder, NEVER_FOLDED);
        LogLines log = new LogLines(AuditJournal.class)) {
      String appId = journal.appId();
      journal.record(record(1), WAIT);
      TestFiles.deleteTree(folder);
      assertThat(journal.problem()).hasValueSatisfying(p -> assertThat(p).contains("removed"));
      journal.record(record(2), WAIT);
      journal.record(record(3), WAIT);
      assertThat(journal.problem()).isEmpty();
      assertThat(journal.rotate())
          .flatExtracting(s -> AuditJournal.read(s.path()))
          .containsExactly(record(1), record(2), record(3));
      assertThat(Files.readString(folder.resolve("journal.id")).strip())
          .isEqualTo(appId.substring("credence-serve-".length()));
      assertThat(log.lines()).filteredOn(l -> l.startsWith("ERROR")).hasSize(1);
    }
  }

  /**
   * A write that fails (here the folder cannot be recreated: a file took its place) refuses the
   * lookups written with it, once logged, and the next lookup tries again: the failure is not kept
   * until a restart.
   */
  @Test
  void aFailedWriteIsTriedAgainAtTheNextLookup() throws Exception {
    Path folder = dir.resolve("journal");
    try (AuditJournal journal = AuditJournal.open(folder, NEVER_FOLDED);
        LogLines log = new LogLines(AuditJournal.class)) {
      journal.record(record(1), WAIT);
      TestFiles.deleteTree(folder);
      Files.writeString(folder, "in the way");
      assertThatThrownBy(() -> journal.record(record(2), WAIT)).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> journal.record(record(3), WAIT)).isInstanceOf(IOException.class);
      assertThat(journal.problem()).hasValueSatisfying(p -> assertThat(p).contains("cannot write"));
      assertThat(log.lines())
          .filteredOn(l -> l.startsWith("ERROR"))
          .as("each failure logged once")
          .hasSize(2)
          .anySatisfy(l -> assertThat(l).contains("cannot write"))
          .anySatisfy(l -> assertThat(l).contains("was removed"));
      Files.delete(folder);
      journal.record(record(4), WAIT);
      assertThat(journal.problem()).isEmpty();
      assertThat(journal.rotate())
          .flatExtracting(s -> AuditJournal.read(s.path()))
          .containsExactly(record(1), record(4));
      assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("INFO").contains("writes"));
    }
  }

  @Test
  void recordAfterCloseFailsInsteadOfHanging() {
    AuditJournal journal = AuditJournal.open(dir, NEVER_FOLDED);
    journal.close();
    assertThatThrownBy(() -> journal.record(record(1), WAIT)).hasMessageContaining("closed");
  }

  private static AuditRecord record(int i) {
    return new AuditRecord(
        Instant.parse("2026-11-30T10:00:00Z").plusSeconds(i),
        "rental-desk",
        "deposit check " + i + " \"quoted\" ünïcode",
        "key" + i,
        i % 2 == 0);
  }
}
