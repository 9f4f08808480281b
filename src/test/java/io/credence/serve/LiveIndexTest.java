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
          .startsWith("ERROR cannot load the newest scores_current; still serving version ")
          .contains("OutOfMemoryError");
    }
  }
}
