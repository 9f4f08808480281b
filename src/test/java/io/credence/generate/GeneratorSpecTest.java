package io.credence.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.config.ConfigException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class GeneratorSpecTest {
  private static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);

  @Test
  void defaultsTheBadRowShare() {
    assertThat(new GeneratorSpec(1, 10, AS_OF).badRowShare())
        .isEqualTo(GeneratorSpec.DEFAULT_BAD_ROW_SHARE);
  }

  @Test
  void acceptsTheBoundsOfEachRange() {
    new GeneratorSpec(1, 1, AS_OF, 0.0);
    new GeneratorSpec(1, GeneratorSpec.MAX_PERSONS, AS_OF, GeneratorSpec.MAX_BAD_ROW_SHARE);
  }

  @Test
  void rejectsNoPersonsNamingTheOptionAndRange() {
    assertThatThrownBy(() -> new GeneratorSpec(1, 0, AS_OF))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--persons")
        .hasMessageContaining("'0'")
        .hasMessageContaining("1 to 10000000000");
  }

  @Test
  void rejectsTooManyPersons() {
    assertThatThrownBy(() -> new GeneratorSpec(1, GeneratorSpec.MAX_PERSONS + 1, AS_OF))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--persons");
  }

  @Test
  void rejectsMissingAsOf() {
    assertThatThrownBy(() -> new GeneratorSpec(1, 10, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--as-of");
  }

  @Test
  void rejectsBadRowShareOutsideZeroToOneTenth() {
    assertThatThrownBy(() -> new GeneratorSpec(1, 10, AS_OF, 0.2))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--bad-row-share")
        .hasMessageContaining("0 to 0.1");
    assertThatThrownBy(() -> new GeneratorSpec(1, 10, AS_OF, -0.01))
        .hasMessageContaining("--bad-row-share");
    assertThatThrownBy(() -> new GeneratorSpec(1, 10, AS_OF, Double.NaN))
        .hasMessageContaining("--bad-row-share");
  }
}
