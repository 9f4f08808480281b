package io.credence.publish;

import static io.credence.schema.Columns.PERSON_ID;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.InterruptedErasure;
import io.credence.SparkTestBase;
import io.credence.TestFiles;
import io.credence.lookup.SyntheticWarehouse;
import io.credence.privacy.PersonIds;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ErasedRows}: the keys of the erasures on record, read once, and the rows they drop. */
class ErasedRowsTest extends SparkTestBase {
  @TempDir Path dir;

  /**
   * The keys are read from erasures once, when asked for, and held for the rest of the command:
   * they were a lazy read of the table that every view and figure ran again (after a separate job
   * that asked whether it was empty), so a table that changed or went away meanwhile failed them.
   */
  @Test
  void theKeysAreReadOnceAndHeldForTheCommand() throws Exception {
    String wh = SyntheticWarehouse.write(dir.resolve("wh"), 10, 1);
    assertThat(ErasedRows.keys(spark(), wh)).as("no erasures table").isEmpty();
    String erased = SyntheticWarehouse.person(2);
    InterruptedErasure.recordOnly(wh, PersonIds.raw(), erased);
    InterruptedErasure.recordFinished(wh, PersonIds.raw(), erased); // a repeated request
    Optional<Dataset<Row>> keys = ErasedRows.keys(spark(), wh);
    assertThat(keys).isPresent();
    assertThat(keys.get().count()).as("one key per person").isEqualTo(1);
    TestFiles.deleteTree(Path.of(Table.ERASURES.path(wh)));
    Dataset<Row> rows = spark().read().format("delta").load(Table.SCORES_CURRENT.path(wh));
    Dataset<Row> kept = ErasedRows.without(spark(), wh, Table.SCORES_CURRENT, rows, keys);
    assertThat(kept.count()).isEqualTo(9);
    assertThat(kept.filter(col(PERSON_ID).equalTo(erased)).isEmpty()).isTrue();
  }
}
