package io.credence.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.config.ConfigException;
import io.credence.schema.FeatureNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorecardYamlTest {
  static final Path EXPERT = Path.of("jobs/scorecards/expert-v1.yaml");

  @TempDir Path dir;

  static final String VALID =
      """
      id: tiny-v1
      base_points: 600
      features:
        - feature: pay_late_30_count_24m
          reason_code: L30
          reason_text: Payments were 30 or more days late
          missing_points: 0
          bins:
            - {upper: 1, points: 0}
            - {points: -40}
      """;

  Path file(String yaml) throws IOException {
    return Files.writeString(dir.resolve("card.yaml"), yaml);
  }

  @Test
  void aFileUriNamesTheLocalFileAndAnotherSchemeIsRefused() {
    // --scorecard file:///.../expert-v1.yaml was "a relative path" that did not exist.
    String uri = EXPERT.toAbsolutePath().toUri().toString();
    assertThat(uri).startsWith("file:/");
    assertThat(ScorecardYaml.readForNightlyRun(uri).id())
        .isEqualTo(ScorecardYaml.readForNightlyRun(EXPERT.toString()).id());
    assertThat(ScorecardYaml.localFile("relative/card.yaml"))
        .isEqualTo(Path.of("relative/card.yaml"));
    assertThat(ScorecardYaml.localFile("/a b/card [1].yaml"))
        .isEqualTo(Path.of("/a b/card [1].yaml"));
    assertThatThrownBy(() -> ScorecardYaml.readForNightlyRun("s3a://bucket/card.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scorecard 's3a://bucket/card.yaml' is not a local file");
  }

  @Test
  void readsSnakeCaseKeys() throws IOException {
    Scorecard card = ScorecardYaml.read(file(VALID));
    assertThat(card.id()).isEqualTo("tiny-v1");
    assertThat(card.description()).isNull();
    assertThat(card.basePoints()).isEqualTo(600);
    FeatureScore f = card.features().get(0);
    assertThat(f.reasonCode()).isEqualTo("L30");
    assertThat(f.bins()).containsExactly(new Bin(1.0, 0), new Bin(null, -40));
  }

  @Test
  void loadsShippedExpertScorecardCoveringEveryFeature() {
    Scorecard card = ScorecardYaml.read(EXPERT);
    assertThat(card.id()).isEqualTo("expert-v1");
    assertThat(card.featureNames()).containsExactlyInAnyOrderElementsOf(FeatureNames.ALL);
  }

  /** Category values YAML would read as something else (booleans, nulls, numbers, syntax). */
  static final List<String> AWKWARD =
      List.of(
          "yes",
          "no",
          "Yes",
          "NO",
          "on",
          "Off",
          "y",
          "n",
          "true",
          "False",
          "null",
          "Null",
          "~",
          "",
          " ",
          "1.0",
          "007",
          "0x1F",
          "0o17",
          "0b101",
          "1e3",
          "1_000",
          "+1",
          "-1",
          ".5",
          "1:20",
          "2024-01-01",
          "a: b",
          "#x",
          "x #y",
          "- x",
          ".nan",
          ".NaN",
          ".NAN",
          ".inf",
          ".Inf",
          ".INF",
          "-.inf",
          "+.inf",
          "-.Inf",
          "\t",
          "a\tb",
          "line\nbreak",
          "\n",
          " lead",
          "trail ",
          "'q'",
          "\"dq\"",
          "&a",
          "*a",
          "!tag",
          "%x",
          "@x",
          "`x",
          "|",
          "> x",
          "{a}",
          "[a]",
          "=",
          "<<",
          "?",
          "? x",
          "a,b",
          ":",
          "-",
          "---",
          "...",
          "\\",
          "é",
          "\u00a0");

  @Test
  void roundTripsAwkwardCategoryValues() {
    List<Bin> bins = new ArrayList<>();
    for (int i = 0; i < AWKWARD.size(); i++) {
      bins.add(new Bin(null, List.of(AWKWARD.get(i)), null, i));
    }
    bins.add(Bin.otherCategories(-1));
    Scorecard card =
        new Scorecard(
            "awkward-v1",
            "yes",
            ScorecardInput.TABLE,
            600,
            List.of(new FeatureScore("grade", FeatureKind.CATEGORY, "T01", ".inf", 0.0, bins)));
    Path copy = dir.resolve("awkward.yaml");
    ScorecardYaml.write(card, copy);
    assertThat(ScorecardYaml.read(copy)).isEqualTo(card);
  }

  @Test
  void roundTripsThroughWrite() {
    Scorecard card = ScorecardYaml.read(EXPERT);
    Path copy = dir.resolve("copy.yaml");
    ScorecardYaml.write(card, copy);
    assertThat(ScorecardYaml.read(copy)).isEqualTo(card);
  }

  @Test
  void writesSnakeCaseAndLeavesOutOpenUpper() throws IOException {
    Path out = dir.resolve("out.yaml");
    ScorecardYaml.write(ScorecardYaml.read(file(VALID)), out);
    String text = Files.readString(out);
    assertThat(text).contains("base_points:", "reason_code:", "missing_points:", "upper: 1.0");
    assertThat(text).doesNotContain("upper: null", "description");
  }

  @Test
  void failsOnMissingFile() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ScorecardYaml.read(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist")
        .hasMessageNotContaining("a relative path");
    // The default is relative: started from another folder, say where it was looked for.
    Path relative = Path.of("no-such-folder", "expert-v1.yaml");
    assertThatThrownBy(() -> ScorecardYaml.read(relative))
        .hasMessageContaining("(a relative path, read from " + Path.of("").toAbsolutePath() + ")")
        .hasMessageContaining("\n  fix: start credence from the repository's root");
  }

  @Test
  void failsOnEmptyFile() throws IOException {
    Path f = file("\n");
    assertThatThrownBy(() -> ScorecardYaml.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is empty");
  }

  @Test
  void failsOnUnknownKeyNamingKeyPathAndAllowedKeys() throws IOException {
    Path f = file(VALID.replace("missing_points: 0", "missing_points: 0\n    weight: 3"));
    assertThatThrownBy(() -> ScorecardYaml.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("unknown key 'weight' at features[0];")
        .hasMessageContaining("bins, feature, kind, missing_points, reason_code, reason_text");
  }

  @Test
  void failsOnMisspeltKeyAsMissingKey() throws IOException {
    Path f = file(VALID.replace("reason_text:", "reason_txt:"));
    assertThatThrownBy(() -> ScorecardYaml.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing key 'reason_text' at features[0]")
        .hasMessageContaining("misspelt")
        .hasMessageNotContaining(", line ");
  }

  @Test
  void failsOnYamlSyntaxWithLine() throws IOException {
    Path f = file(VALID.replace("- {points: -40}", "- {points: -40"));
    assertThatThrownBy(() -> ScorecardYaml.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML")
        .hasMessageContaining("line 10");
  }

  @Test
  void failsOnMissingRequiredKey() throws IOException {
    Path f = file(VALID.replace("base_points: 600\n", ""));
    assertThatThrownBy(() -> ScorecardYaml.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("base_points");
  }

  @Test
  void failsOnUnknownFeature() throws IOException {
    Path f = file(VALID.replace("pay_late_30_count_24m", "pay_late_60_count_24m"));
    assertThatThrownBy(() -> ScorecardYaml.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("scorecard.features[].feature")
        .hasMessageContaining("pay_late_60_count_24m");
  }

  @Test
  void failsOnProtectedAttribute() throws IOException {
    Path f = file(VALID.replace("pay_late_30_count_24m", "region"));
    assertThatThrownBy(() -> ScorecardYaml.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'region'")
        .hasMessageContaining("can never be a scorecard input")
        .hasMessageContaining("\n  fix: remove this feature from the scorecard");
  }

  @Test
  void failsOnNonIncreasingBins() throws IOException {
    Path f =
        file(
            VALID.replace(
                "- {upper: 1, points: 0}",
                "- {upper: 2, points: 0}\n      - {upper: 2, points: -5}"));
    assertThatThrownBy(() -> ScorecardYaml.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scorecard.features[pay_late_30_count_24m].bins[1].upper")
        .hasMessageContaining("increase strictly")
        // Jackson knows only where the feature's mapping ended: the next feature's line, or one
        // past the file's end. The key path says where; a line would mislead.
        .hasMessageNotContaining(", line ");
  }

  @Test
  void failsOnDuplicateReasonCode() throws IOException {
    String second =
        """
          - feature: pay_count_24m
            reason_code: L30
            reason_text: Few payments
            missing_points: 0
            bins:
              - {points: 0}
        """;
    Path f = file(VALID + second);
    assertThatThrownBy(() -> ScorecardYaml.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scorecard.features[pay_count_24m].reason_code")
        .hasMessageContaining("'L30'");
  }

  @Test
  void failsOnDuplicateKey() throws IOException {
    Path f = file(VALID.replace("base_points: 600\n", "base_points: 600\nbase_points: 500\n"));
    assertThatThrownBy(() -> ScorecardYaml.read(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("base_points");
  }
}
