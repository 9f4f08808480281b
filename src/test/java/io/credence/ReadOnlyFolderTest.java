package io.credence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared folders' guard: any file added, resized or removed under one is named. */
class ReadOnlyFolderTest {
  @TempDir Path dir;

  @Test
  void namesTheFileAddedResizedOrRemoved() throws Exception {
    Files.createDirectories(dir.resolve("scores/_delta_log"));
    Files.writeString(dir.resolve("scores/_delta_log/0.json"), "{}");
    Files.writeString(dir.resolve("scores/part-0.parquet"), "rows");
    SortedMap<String, Long> before = ReadOnlyFolder.listing(dir);
    assertThat(before).containsOnlyKeys("scores/_delta_log/0.json", "scores/part-0.parquet");
    assertThat(ReadOnlyFolder.change(before, ReadOnlyFolder.listing(dir))).isEmpty();

    Files.writeString(dir.resolve("scores/_delta_log/1.json"), "{}");
    assertThat(ReadOnlyFolder.change(before, ReadOnlyFolder.listing(dir)))
        .hasValue("added scores/_delta_log/1.json");
    Files.delete(dir.resolve("scores/_delta_log/1.json"));

    Files.writeString(dir.resolve("scores/part-0.parquet"), "other rows");
    assertThat(ReadOnlyFolder.change(before, ReadOnlyFolder.listing(dir)))
        .hasValue("resized scores/part-0.parquet");
    Files.writeString(dir.resolve("scores/part-0.parquet"), "rows");

    Files.delete(dir.resolve("scores/part-0.parquet"));
    assertThat(ReadOnlyFolder.change(before, ReadOnlyFolder.listing(dir)))
        .hasValue("removed scores/part-0.parquet");
  }

  @Test
  void aChangedFolderIsRefusedOnItsNextUseAndACopyIsNot() throws Exception {
    Path shared = Files.createDirectories(dir.resolve("shared/scores"));
    Files.writeString(shared.resolve("part-0.parquet"), "rows");
    ReadOnlyFolder folder = ReadOnlyFolder.of(dir.resolve("shared"), "the template", "copyTo");
    Path copy = Path.of(folder.copyTo(dir.resolve("copy")));
    Files.writeString(copy.resolve("scores/part-1.parquet"), "more rows");
    assertThat(folder.path()).isEqualTo(dir.resolve("shared"));

    Files.writeString(shared.resolve("part-1.parquet"), "more rows");
    assertThatThrownBy(folder::path)
        .hasMessage(
            "the template was changed by a test (added scores/part-1.parquet): a test that"
                + " changes it must work on copyTo");
    assertThatThrownBy(() -> folder.copyTo(dir.resolve("another")))
        .hasMessageContaining("added scores/part-1.parquet");
  }
}
