package io.credence.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.lookup.SyntheticWarehouse;
import io.credence.privacy.PersonIds;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The periodic reload of scores_current survives what goes wrong in it. */
class LiveIndexTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void anErrorWhileLoadingKeepsTheIndexAndIsRetriedAtTheNextPoll() throws Exception {
    String root = SyntheticWarehouse.write(dir.resolve("wh"), 20, 1);
    FailingEngine engine = new FailingEngine();
    LiveIndex index = new LiveIndex(engine.warehouse(root), PersonIds.raw());
    index.refresh();
    LiveIndex.Loaded held = index.current();
    engine.failWith(() -> new OutOfMemoryError("Java heap space"));
    try (LogLines log = new LogLines(LiveIndex.class)) {
      PeriodicTasks.runUntil(index::refreshQuietly, () -> engine.failures() >= 3);
      assertThat(index.current()).isSameAs(held);
      assertThat(log.lines())
          .first()
          .asString()
          .startsWith(
              "ERROR cannot load the newest version of the warehouse's tables; still serving"
                  + " scores_current version ")
          .contains("OutOfMemoryError");
    }
  }

  @Test
  void aDamagedLogLineIsNotQuotedInTheLog() throws Exception {
    String root = SyntheticWarehouse.write(dir.resolve("damaged"), 20, 1);
    FailingEngine engine = new FailingEngine();
    LiveIndex index = new LiveIndex(engine.warehouse(root), PersonIds.raw());
    index.refresh();
    // Kernel quotes the line it cannot parse; scores_current's lines hold person ids.
    engine.failWith(
        () ->
            new io.delta.kernel.exceptions.KernelEngineException(
                "Could not parse JSON: {\"add\":{\"stats\":\"{\\\"minValues\\\":"
                    + "{\\\"person_id\\\":\\\"P0000000042\\\"}",
                new java.io.IOException("Unrecognized token 'P0000000042'")));
    try (LogLines log = new LogLines(LiveIndex.class)) {
      PeriodicTasks.runUntil(index::refreshQuietly, () -> engine.failures() >= 1);
      assertThat(log.lines()).isNotEmpty().noneMatch(l -> l.contains("P0000000042"));
      // erasures are read first now; either table is named, neither quoted
      assertThat(log.lines().get(0)).containsPattern("cannot read the [a-z_]+ table \\(");
    }
  }

  /**
   * An erasure recorded and finished between two polls, and the new scores_current it left not
   * readable at the second: the index held stays in service and still holds the person's row. The
   * service held only unfinished erasures' keys, and only once scores_current had loaded, so it
   * answered that person; it holds every erasure's key now, as soon as erasures is read.
   */
  @Test
  void anErasureFinishedSinceIsHeldWhileTheNewScoresCurrentCannotBeRead() throws Exception {
    Path wh = dir.resolve("finished");
    String root = SyntheticWarehouse.write(wh, 20, 1);
    LiveIndex index = new LiveIndex(io.credence.lookup.KernelWarehouse.open(root), PersonIds.raw());
    index.refresh();
    String erased = SyntheticWarehouse.person(7);
    String key = PersonIds.raw().personKey(erased);
    assertThat(index.current().index().find(erased)).isPresent();
    assertThat(index.current().erased().holds(key)).isFalse();

    io.credence.InterruptedErasure.recordFinished(root, PersonIds.raw(), erased);
    String table = io.credence.publish.Table.SCORES_CURRENT.path(root);
    spark().sql("DELETE FROM delta.`" + table + "` WHERE person_id = '" + erased + "'");
    Path log = Path.of(table, "_delta_log");
    Path newest;
    try (java.util.stream.Stream<Path> commits = java.nio.file.Files.list(log)) {
      newest =
          commits
              .filter(p -> p.getFileName().toString().endsWith(".json"))
              .max(java.util.Comparator.naturalOrder())
              .orElseThrow();
    }
    java.nio.file.Files.writeString(newest, "{not a commit\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(index::refresh)
        .hasMessageContaining("scores_current");
    assertThat(index.current().index().find(erased)).isPresent();
    assertThat(index.current().erased().holds(key)).isTrue();
    assertThat(
            index.current().erased().holds(PersonIds.raw().personKey(SyntheticWarehouse.person(8))))
        .isFalse();
  }

  /**
   * An erasures data file overwritten: parquet-mr reports it with a plain RuntimeException, which
   * Kernel does not wrap, and the service kept answering from the erasures it read last instead of
   * failing closed.
   */
  @Test
  void aDamagedErasuresDataFileFailsClosed() throws Exception {
    String root = SyntheticWarehouse.write(dir.resolve("cut"), 20, 1);
    LiveIndex index = new LiveIndex(io.credence.lookup.KernelWarehouse.open(root), PersonIds.raw());
    index.refresh();
    io.credence.InterruptedErasure.recordOnly(root, PersonIds.raw(), SyntheticWarehouse.person(3));
    try (java.util.stream.Stream<Path> files =
        java.nio.file.Files.walk(Path.of(root, "erasures"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
        // its length kept, its bytes zeros: "is not a Parquet file", a plain RuntimeException
        java.nio.file.Files.write(file, new byte[(int) java.nio.file.Files.size(file)]);
        // without its checksum, as on an object store: Hadoop's local checksums would report an
        // IOException first
        java.nio.file.Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
      }
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(index::refresh)
        .isInstanceOf(io.credence.error.CredenceException.class)
        .hasMessageContaining("cannot read the erasures table (");
    assertThat(index.erasuresUnreadable()).isPresent();
  }

  /** erasures removed after the service read it: every erasure on record was dropped at once. */
  @Test
  void anErasuresTableRemovedAfterItWasReadFailsClosed() throws Exception {
    String root = SyntheticWarehouse.write(dir.resolve("removed"), 20, 1);
    io.credence.InterruptedErasure.recordOnly(root, PersonIds.raw(), SyntheticWarehouse.person(3));
    LiveIndex index = new LiveIndex(io.credence.lookup.KernelWarehouse.open(root), PersonIds.raw());
    index.refresh();
    assertThat(
            index.current().erased().holds(PersonIds.raw().personKey(SyntheticWarehouse.person(3))))
        .isTrue();
    io.credence.TestFiles.deleteTree(Path.of(root, "erasures"));
    org.assertj.core.api.Assertions.assertThatThrownBy(index::refresh)
        .hasMessageContaining("cannot read the erasures table (");
    assertThat(index.erasuresUnreadable()).isPresent();
  }

  /**
   * An older copy of erasures put back while serve runs: it accepted the shorter list of requests
   * and answered their persons again.
   */
  @Test
  void anErasuresTableThatWentBackToAnOlderVersionFailsClosed() throws Exception {
    String root = SyntheticWarehouse.write(dir.resolve("went-back"), 20, 1);
    io.credence.InterruptedErasure.recordOnly(root, PersonIds.raw(), SyntheticWarehouse.person(3));
    io.credence.InterruptedErasure.recordOnly(root, PersonIds.raw(), SyntheticWarehouse.person(4));
    LiveIndex index = new LiveIndex(io.credence.lookup.KernelWarehouse.open(root), PersonIds.raw());
    index.refresh();
    String key = PersonIds.raw().personKey(SyntheticWarehouse.person(4));
    assertThat(index.current().erased().holds(key)).isTrue();
    Path log = Path.of(root, "erasures", "_delta_log");
    java.nio.file.Files.delete(log.resolve("00000000000000000001.json"));
    java.nio.file.Files.deleteIfExists(log.resolve(".00000000000000000001.json.crc"));
    java.nio.file.Files.deleteIfExists(log.resolve("00000000000000000001.crc"));
    java.nio.file.Files.deleteIfExists(log.resolve(".00000000000000000001.crc.crc"));
    org.assertj.core.api.Assertions.assertThatThrownBy(index::refresh)
        .hasMessageContaining("went back from version 1 to 0");
    assertThat(index.erasuresUnreadable()).isPresent();
    assertThat(index.current().erased().holds(key)).isTrue();
  }

  /**
   * An erasure recorded between two polls, then erasures put back from a copy of the version the
   * service holds: the poll found the version it held and kept the erasures it had read, without
   * that request. The mark erase writes tells; a service started on such a table refuses too.
   */
  @Test
  void anErasuresTableBehindItsMarkFailsClosedAtAPollAndAtStart() throws Exception {
    String root = SyntheticWarehouse.write(dir.resolve("behind-mark"), 20, 1);
    Path mark = Path.of(root, io.credence.publish.ErasuresMark.FILE);
    io.credence.InterruptedErasure.recordOnly(root, PersonIds.raw(), SyntheticWarehouse.person(3));
    java.nio.file.Files.writeString(mark, "0\n");
    LiveIndex index = new LiveIndex(io.credence.lookup.KernelWarehouse.open(root), PersonIds.raw());
    index.refresh();
    io.credence.InterruptedErasure.recordOnly(root, PersonIds.raw(), SyntheticWarehouse.person(4));
    java.nio.file.Files.writeString(mark, "1\n");
    Path log = Path.of(root, "erasures", "_delta_log");
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(log)) {
      for (Path f : files.filter(f -> f.getFileName().toString().contains("0001.")).toList()) {
        java.nio.file.Files.delete(f); // version 1's commit and checksums
      }
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(index::refresh)
        .hasMessageContaining("erasures) went back from version 1 to 0");
    assertThat(index.erasuresUnreadable()).isPresent();

    LiveIndex started =
        new LiveIndex(io.credence.lookup.KernelWarehouse.open(root), PersonIds.raw());
    org.assertj.core.api.Assertions.assertThatThrownBy(started::refresh)
        .isInstanceOf(io.credence.error.CredenceException.class)
        .hasMessageContaining("erasures) went back from version 1 to 0");
    io.credence.TestFiles.deleteTree(Path.of(root, "erasures"));
    LiveIndex gone = new LiveIndex(io.credence.lookup.KernelWarehouse.open(root), PersonIds.raw());
    org.assertj.core.api.Assertions.assertThatThrownBy(gone::refresh)
        .hasMessageContaining("erasures) is gone; erase recorded version 1");
  }
}
