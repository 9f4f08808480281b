package io.credence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared warehouse's guard: any file added, resized or removed under it is named. */
class SeededWarehouseTest {
  @TempDir Path dir;

  @Test
  void namesTheFileAddedResizedOrRemoved() throws Exception {
    Files.createDirectories(dir.resolve("scores/_delta_log"));
    Files.writeString(dir.resolve("scores/_delta_log/0.json"), "{}");
    Files.writeString(dir.resolve("scores/part-0.parquet"), "rows");
    SortedMap<String, Long> before = SeededWarehouse.listing(dir);
    assertThat(before).containsOnlyKeys("scores/_delta_log/0.json", "scores/part-0.parquet");
    assertThat(SeededWarehouse.change(before, SeededWarehouse.listing(dir))).isEmpty();

    Files.writeString(dir.resolve("scores/_delta_log/1.json"), "{}");
    assertThat(SeededWarehouse.change(before, SeededWarehouse.listing(dir)))
        .hasValue("added scores/_delta_log/1.json");
    Files.delete(dir.resolve("scores/_delta_log/1.json"));

    Files.writeString(dir.resolve("scores/part-0.parquet"), "other rows");
    assertThat(SeededWarehouse.change(before, SeededWarehouse.listing(dir)))
        .hasValue("resized scores/part-0.parquet");
    Files.writeString(dir.resolve("scores/part-0.parquet"), "rows");

    Files.delete(dir.resolve("scores/part-0.parquet"));
    assertThat(SeededWarehouse.change(before, SeededWarehouse.listing(dir)))
        .hasValue("removed scores/part-0.parquet");
  }
}
