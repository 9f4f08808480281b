package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import io.credence.SparkTestBase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EraseCommandTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void aWarehousePathThatDoesNotExistIsRefusedAndNothingIsCreated() {
    // A mistyped --warehouse exited 0 with "recorded in erasures": the erasure went into a new
    // folder that no run reads, and the person stayed in the real warehouse.
    Path typo = dir.resolve("warehuose");
    CliRun run =
        CliRun.of(
            "erase", "--person", "P0000000042", "--reason", "t", "--warehouse", typo.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("there is no warehouse at " + typo)
        .contains("create the warehouse folder first")
        .doesNotContain("P0000000042");
    assertThat(typo).doesNotExist();
  }
}
