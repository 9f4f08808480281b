package io.credence.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.error.CredenceException;
import io.credence.lookup.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditJournalTest {
  @TempDir Path dir;

  @Test
  void recordsAreOnDiskWhenAppendCompletesAndSurviveInClosedSegments() throws Exception {
    List<AuditRecord> written = new ArrayList<>();
    try (AuditJournal journal = AuditJournal.open(dir)) {
      List<CompletableFuture<Void>> durable = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        AuditRecord r = record(i);
        written.add(r);
        durable.add(journal.append(r));
      }
      CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      List<AuditJournal.Segment> closed = journal.rotate();
      assertThat(closed).hasSize(1);
      assertThat(AuditJournal.read(closed.get(0).path())).containsExactlyElementsOf(written);
      assertThat(journal.rotate()).as("an empty open segment is not rotated").hasSize(1);
    }
  }

  @Test
  void aLineCutShortByACrashIsDropped() throws Exception {
    Path segment;
    try (AuditJournal journal = AuditJournal.open(dir)) {
      journal.append(record(1)).get(30, TimeUnit.SECONDS);
      journal.append(record(2)).get(30, TimeUnit.SECONDS);
      segment = journal.rotate().get(0).path();
    }
    String text = Files.readString(segment, StandardCharsets.UTF_8);
    String[] lines = text.split("\n");
    // a torn third line, and a second line whose bytes were damaged
    Files.writeString(
        segment, lines[0] + "\n" + lines[1].substring(0, 30), StandardOpenOption.TRUNCATE_EXISTING);
    assertThat(AuditJournal.read(segment)).containsExactly(record(1));
    Files.writeString(
        segment,
        lines[0] + "\n" + lines[1].replace("found\":true", "found\":fals") + "\n",
        StandardOpenOption.TRUNCATE_EXISTING);
    assertThat(AuditJournal.read(segment)).containsExactly(record(1));
  }

  @Test
  void reopeningKeepsTheJournalIdAndContinuesNumbering() throws Exception {
    String appId;
    long first;
    try (AuditJournal journal = AuditJournal.open(dir)) {
      appId = journal.appId();
      journal.append(record(1)).get(30, TimeUnit.SECONDS);
      first = journal.rotate().get(0).number();
    }
    try (AuditJournal journal = AuditJournal.open(dir)) {
      assertThat(journal.appId()).isEqualTo(appId);
      List<AuditJournal.Segment> closed = journal.rotate();
      assertThat(closed).extracting(AuditJournal.Segment::number).contains(first);
      assertThat(closed.stream().mapToLong(AuditJournal.Segment::number).max().orElseThrow())
          .isGreaterThan(first);
    }
  }

  @Test
  void aSecondServiceCannotOpenTheSameJournal() {
    try (AuditJournal journal = AuditJournal.open(dir)) {
      assertThatThrownBy(() -> AuditJournal.open(dir))
          .isInstanceOf(CredenceException.class)
          .hasMessageContaining("in use by another credence serve");
    }
  }

  @Test
  void appendAfterCloseFailsInsteadOfHanging() {
    AuditJournal journal = AuditJournal.open(dir);
    journal.close();
    assertThat(journal.append(record(1))).isCompletedExceptionally();
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
