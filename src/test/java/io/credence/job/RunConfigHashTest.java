package io.credence.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.config.ConfigLoader;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs row's config_hash tells which points a run applied, not only the scorecard's id. */
class RunConfigHashTest {
  @TempDir Path dir;

  private static final Path EXPERT = Path.of("jobs/scorecards/expert-v1.yaml");

  private Scorecard card(String name, String yaml) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    return ScorecardYaml.read(file);
  }

  @Test
  void aScorecardEditedInPlaceUnderItsIdChangesTheHash() throws Exception {
    // Two runs with expert-v1 edited from base_points 610 to 640 recorded the same hash.
    ConfigLoader.Loaded config = ConfigLoader.load(null, Map.of());
    String yaml = Files.readString(EXPERT);
    Scorecard original = card("a.yaml", yaml);
    Scorecard edited = card("b.yaml", yaml.replace("base_points: 610", "base_points: 640"));
    assertThat(edited.id()).isEqualTo(original.id());
    assertThat(NightlyScoreJob.configHash(config, edited))
        .hasSize(64)
        .isNotEqualTo(NightlyScoreJob.configHash(config, original));
    // Comments and layout are no part of the points: the same hash.
    Scorecard recommented = card("c.yaml", "# a new comment\n" + yaml.replace("# ", "#  "));
    assertThat(NightlyScoreJob.configHash(config, recommented))
        .isEqualTo(NightlyScoreJob.configHash(config, original));
    // And the job config still counts.
    assertThat(
            NightlyScoreJob.configHash(
                ConfigLoader.load(null, Map.of("warehouse", "elsewhere")), original))
        .isNotEqualTo(NightlyScoreJob.configHash(config, original));
  }
}
