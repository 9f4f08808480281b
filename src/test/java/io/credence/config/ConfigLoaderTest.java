package io.credence.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.credence.CliRun;
import io.credence.error.CredenceException;
import io.credence.error.ExitCode;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path yaml(String text) throws Exception {
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void loadsBuiltInDefaults() {
    JobConfig c = ConfigLoader.load(null, Map.of()).config();
    assertThat(c.features()).isEqualTo(FeatureConfig.DEFAULTS);
    assertThat(c.eligibility()).isEqualTo(EligibilityConfig.DEFAULTS);
    assertThat(c.scoring().tiers())
        .extracting(TierConfig::name)
        .containsExactly("standard", "preferred", "deposit_free", "premium");
    assertThat(c.quality().psiBlock()).isEqualTo(0.25);
  }

  @Test
  void commandLineOverridesYamlWhichOverridesDefaults() throws Exception {
    Path file =
        yaml("warehouse: /data/wh\ninputs: {root: /data/in}\nfeatures: {court_aging_months: 60}\n");
    JobConfig c = ConfigLoader.load(file, Map.of("warehouse", "/tmp/other")).config();
    assertThat(c.warehouse()).isEqualTo("/tmp/other");
    assertThat(c.inputs().root()).isEqualTo("/data/in");
    assertThat(c.features().courtAgingMonths()).isEqualTo(60);
    assertThat(c.features().bankruptcyAgingMonths()).isEqualTo(120);
  }

  @Test
  void aLeadingTildeInAYamlPathIsTheUsersHome() throws Exception {
    // warehouse: ~/wh created a folder literally named ~ in the current folder.
    String home = System.getProperty("user.home");
    Path file =
        yaml("inputs: {root: ~/in}\nwarehouse: \"~\"\nscoring: {scorecard: ~/cards/x.yaml}\n");
    JobConfig c = ConfigLoader.load(file, Map.of()).config();
    assertThat(c.inputs().root()).isEqualTo(home + "/in");
    assertThat(c.warehouse()).isEqualTo(home);
    assertThat(c.scoring().scorecard()).isEqualTo(home + "/cards/x.yaml");
    Path written = yaml("warehouse: /data/~/wh\ninputs: {root: in~}\n");
    assertThat(ConfigLoader.load(written, Map.of()).config().warehouse()).isEqualTo("/data/~/wh");
    assertThat(ConfigLoader.load(written, Map.of()).config().inputs().root()).isEqualTo("in~");
  }

  @Test
  void anotherUsersHomeInAYamlPathExitsTwoNamingTheKey() throws Exception {
    Path file = yaml("warehouse: ~bob/wh\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageStartingWith(
            "config key 'warehouse' has the path ~bob/wh, which starts with another user's home")
        .hasMessageContaining("fix: write the path in full in the job config");
    CliRun out = CliRun.of("validate", "--config", file.toString(), "--date", "2026-10-31");
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr()).contains("~bob/wh").contains("why:").doesNotContain("Usage:");
    assertThat(Files.exists(Path.of("~bob"))).isFalse();
  }

  @Test
  void everyStringKeyOfTheJobConfigIsKnownAsAPathOrNot() {
    // A new path key must join PATH_KEYS, or a leading ~ in it is taken as written again.
    Set<String> strings = new TreeSet<>();
    stringKeys(JobConfig.class, "", strings);
    Set<String> notPaths = Set.of("privacy.key_env", "storage.s3a.endpoint", "storage.s3a.region");
    assertThat(strings)
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.Stream.concat(ConfigLoader.PATH_KEYS.stream(), notPaths.stream())
                .toList());
  }

  private static void stringKeys(Class<?> type, String prefix, Set<String> found) {
    for (RecordComponent c : type.getRecordComponents()) {
      String key = prefix + c.getAccessor().getAnnotation(JsonProperty.class).value();
      if (c.getType() == String.class) {
        found.add(key);
      } else if (c.getType().isRecord()) {
        stringKeys(c.getType(), key + ".", found);
      }
    }
  }

  @Test
  void hashChangesWithEffectiveContent() throws Exception {
    String a = ConfigLoader.load(null, Map.of()).hash();
    String b = ConfigLoader.load(null, Map.of("warehouse", "elsewhere")).hash();
    assertThat(a).hasSize(64).isNotEqualTo(b);
    assertThat(ConfigLoader.load(null, Map.of()).hash()).isEqualTo(a);
  }

  @Test
  void anUnknownKeyFoundAfterTheMergeNamesNoLine() throws Exception {
    // The defaults, the file and the overrides are merged into one tree before it is read, so the
    // reader knows no line; the message used to say "at line -1".
    Path file = yaml("warehouse: x\nbogus_key: 1\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'bogus_key'")
        .hasMessageNotContaining("line -1");
  }

  @Test
  void rejectsUnknownKeyNamingIt() throws Exception {
    Path file = yaml("scoring:\n  max_reason: 3\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max_reason")
        .hasMessageContaining("max_reasons");
  }

  @Test
  void rejectsOutOfRangeValueNamingKeyValueAndAllowed() throws Exception {
    Path file = yaml("eligibility: {min_history_months: -1}\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("eligibility.min_history_months")
        .hasMessageContaining("-1")
        .hasMessageContaining("0 to 120")
        .hasMessageContaining("\n  why: ")
        .hasMessageContaining(
            "\n  fix: set eligibility.min_history_months to an allowed value in the file");
  }

  @Test
  void theWaitForExecutorsIsHalfAnHourByDefaultZeroOrUpToADay() throws Exception {
    assertThat(ConfigLoader.load(null, Map.of()).config().spark().executorWait())
        .isEqualTo(java.time.Duration.ofMinutes(30));
    assertThat(
            ConfigLoader.load(yaml("spark: {executor_wait_minutes: 0}\n"), Map.of())
                .config()
                .spark()
                .executorWait())
        .isZero();
    for (String minutes : new String[] {"-1", "1441"}) {
      Path file = yaml("spark: {executor_wait_minutes: " + minutes + "}\n");
      assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("spark.executor_wait_minutes")
          .hasMessageContaining("0 to 1440 minutes (0: wait for executors forever)");
    }
  }

  @Test
  void aKeyGivenTwiceIsRefusedNotOverwritten() throws Exception {
    // YAML parsers keep the last of two equal keys: the operator's tightened gate was lost.
    Path sections =
        yaml("quality:\n  max_reject_ratio: 0.001\nwarehouse: x\nquality:\n  psi_warn: 0.1\n");
    assertThatThrownBy(() -> ConfigLoader.load(sections, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'quality'")
        .hasMessageContaining("line 4");
    Path keys = yaml("quality:\n  max_reject_ratio: 0.001\n  max_reject_ratio: 0.05\n");
    assertThatThrownBy(() -> ConfigLoader.load(keys, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'max_reject_ratio'");
  }

  @Test
  void aDecimalForAWholeNumberIsRefusedNotTruncated() throws Exception {
    // 0.9 used to be read as 0: every score published without reasons.
    Path file = yaml("scoring: {max_reasons: 0.9}\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scoring.max_reasons")
        .hasMessageContaining("0.9")
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> ConfigLoader.load(yaml("scoring: {max_reasons: 0}\n"), Map.of()))
        .hasMessageContaining("1 to 10");
    assertThat(ConfigLoader.load(yaml("scoring: {max_reasons: 3}\n"), Map.of()).config())
        .extracting(c -> c.scoring().maxReasons())
        .isEqualTo(3);
  }

  @Test
  void rejectsTiersOutOfOrder() throws Exception {
    Path file =
        yaml(
            "scoring:\n  tiers:\n    - {name: low, min_score: 350}\n"
                + "    - {name: high, min_score: 700}\n    - {name: mid, min_score: 600}\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .hasMessageContaining("scoring.tiers[2].min_score")
        .hasMessageContaining("above the previous tier");
  }

  @Test
  void rejectsYamlSyntaxErrorWithLine() throws Exception {
    Path file = yaml("inputs:\n  root: [unclosed\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line");
  }

  @Test
  void rejectsMissingFile() {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void refusesACredentialAnywhereInTheConfig() throws Exception {
    Path file =
        yaml("storage:\n  s3a:\n    endpoint: http://127.0.0.1:9000\n    secret_key: abc\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.s3a.secret_key")
        .hasMessageContaining("AWS_SECRET_ACCESS_KEY")
        .hasMessageNotContaining("abc");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("storage.s3a.access_key", "AKIA")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.s3a.access_key");
  }

  @Test
  void refusesAnEndpointWithUserAndPasswordWithoutShowingThem() throws Exception {
    Path file = yaml("storage:\n  s3a:\n    endpoint: http://me:hunter2@127.0.0.1:9000\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.s3a.endpoint")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void readsTheStorageSection() throws Exception {
    Path file =
        yaml(
            "storage:\n  s3a:\n    endpoint: http://127.0.0.1:9000\n    path_style_access: true\n"
                + "    region: eu-west-1\n  warehouse_lock: single_writer_asserted\n");
    StorageConfig storage = ConfigLoader.load(file, Map.of()).config().storage();
    assertThat(storage.s3a().endpoint()).isEqualTo("http://127.0.0.1:9000");
    assertThat(storage.s3a().pathStyleAccess()).isTrue();
    assertThat(storage.s3a().region()).isEqualTo("eu-west-1");
    assertThat(storage.warehouseLock())
        .isEqualTo(StorageConfig.WarehouseLockMode.SINGLE_WRITER_ASSERTED);
    assertThat(ConfigLoader.load(null, Map.of()).config().storage().warehouseLock())
        .isEqualTo(StorageConfig.WarehouseLockMode.EXCLUSIVE);
  }
}
