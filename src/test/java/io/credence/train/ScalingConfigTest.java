package io.credence.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.credence.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingConfigTest {

  @Test
  void sixHundredAtFiftyToOneWithPdoTwenty() {
    ScalingConfig s = ScalingConfig.DEFAULTS;
    assertThat(s.factor()).isCloseTo(28.8539, within(5e-5));
    assertThat(s.offset()).isCloseTo(487.123, within(5e-4));
    assertThat(s.score(Math.log(50))).isCloseTo(600, within(1e-9));
    assertThat(s.score(Math.log(100))).isCloseTo(620, within(1e-9));
  }

  @Test
  void refusesNonPositivePdo() {
    assertThatThrownBy(() -> new ScalingConfig(600, 50, 0))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scaling.pdo");
  }

  @Test
  void yamlOverridesDefaultsKeyByKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.yaml");
    Files.writeString(file, "binning:\n  max_bins: 4\nscaling:\n  pdo: 40\n");
    TrainConfig c = TrainConfig.load(file);
    assertThat(c.binning()).isEqualTo(new BinningConfig(10, 4, 0.02, 0.05));
    assertThat(c.scaling()).isEqualTo(new ScalingConfig(600, 50, 40));
    assertThat(c.model()).isEqualTo(ModelConfig.DEFAULTS);
  }

  @Test
  void refusesUnknownKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.yaml");
    Files.writeString(file, "binning:\n  maxbins: 4\n");
    assertThatThrownBy(() -> TrainConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("maxbins");
  }

  @Test
  void shippedConfigLoads() {
    assertThat(TrainConfig.load(Path.of("jobs/train-scorecard.yaml")))
        .isEqualTo(TrainConfig.DEFAULTS);
  }
}
