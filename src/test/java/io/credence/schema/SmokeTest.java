package io.credence.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest extends SparkTestBase {
  @Test
  void writesAndReadsDelta(@TempDir Path dir) {
    spark().range(5).write().format("delta").save(dir.resolve("t").toString());
    assertThat(spark().read().format("delta").load(dir.resolve("t").toString()).count())
        .isEqualTo(5);
  }
}
